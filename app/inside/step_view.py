"""One training step on the user's own drawing, the article's way, walked through with Back/Next.

Shows a network.explain.inside.TrainingStep page by page: the forward pass, the
output errors, the errors sent back to the hidden layer, and the weight
changes, every one with its formula and the real numbers. **Apply** makes
the change to the network in use (the window does it and says so with
``show_applied``); **Revert** restores the weights as they were, bit for bit.
A network trained with relu, softmax and cross-entropy shows its own rule.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from network.i18n import number, percent, tr
from network.pixels import SIDE

from ..language import Retranslatable
from ..widgets import colour_scale
from ..widgets.array_view import ArrayView
from .hidden_grid import grid_shape
from .neuron_card import bracketed, magnitude, signed

PAGES = ("forward", "errors", "back", "changes")
SHOWN_NEURONS = 4       # the hidden neurons whose incoming weight changes are shown as pictures
TINY_SCORE_CHANGE = 0.001   # a step that moves the chosen digit's score less than this is said to barely move it


def _hidden_picture(values, order):
    """(H,) values laid out like the hidden grid (in ``order``), coloured, as RGB (rows, cols, 3)."""
    rows, columns = grid_shape(len(values))
    cells = np.full((rows * columns, 3), 225, np.uint8)
    cells[:len(order)] = colour_scale.diverging(np.asarray(values)[order])
    return cells.reshape(rows, columns, 3)


class TrainingStepView(Retranslatable, QWidget):
    """``show_step(step, order, w_ho, output)`` with a TrainingStep, the hidden grid's order, the
    network's output weights (10, H) (for the errors sent back) and its output ('sigmoid'/'softmax').

    Signals: ``labelChosen(k)`` and ``rateChosen(lr)`` (the window makes a new
    step), ``applyRequested()``, ``revertRequested()``.
    """

    labelChosen = Signal(int)
    rateChosen = Signal(float)
    applyRequested = Signal()
    revertRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingStepView")
        self.label_text = QLabel()
        self.label = QComboBox(objectName="stepLabelCombo")
        self.label.addItems([str(k) for k in range(10)])
        self.rate_text = QLabel()
        self.rate = QDoubleSpinBox(objectName="stepRateSpin")
        self.rate.setDecimals(5)
        self.rate.setRange(0.00001, 10.0)
        self.rate.setSingleStep(0.001)
        self.rule = QLabel(objectName="stepRule")
        self.rule.setWordWrap(True)
        self.pages = QStackedWidget(objectName="stepPages")
        self.texts, self.pictures, self.captions = [], [], []
        for _ in PAGES:
            page = QWidget()
            text = QLabel()
            text.setWordWrap(True)
            text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid = QGridLayout()
            # the output errors are a strip of 10 cells: bigger cells, or it is a line of dots
            errors = PAGES[len(self.texts)] == "errors"
            views = [ArrayView(pixel=14, shape=(1, 10)) if errors else ArrayView(pixel=2)
                     for _ in range(SHOWN_NEURONS if len(self.texts) == 3 else 1)]
            captions = [QLabel() for _ in views]
            for i, (view, caption) in enumerate(zip(views, captions)):
                caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
                caption.setWordWrap(False)      # wrapped under a 58 px picture, a caption squeezed it
                grid.addWidget(view, 0, i)
                grid.addWidget(caption, 1, i)
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(text, 1)
            pictures = QHBoxLayout()
            pictures.addLayout(grid)
            pictures.addStretch(1)
            layout.addLayout(pictures)
            self.pages.addWidget(page)
            self.texts.append(text)
            self.pictures.append(views)
            self.captions.append(captions)
        self.back_button = QPushButton(objectName="stepBackButton")
        self.next_button = QPushButton(objectName="stepNextButton")
        self.position = QLabel(objectName="stepPosition")
        self.apply_button = QPushButton(objectName="stepApplyButton")
        self.revert_button = QPushButton(objectName="stepRevertButton")
        self.result = QLabel(objectName="stepResult")
        self.result.setWordWrap(True)

        top = QHBoxLayout()
        for widget in (self.label_text, self.label, self.rate_text, self.rate):
            top.addWidget(widget)
        top.addStretch(1)
        bottom = QHBoxLayout()
        for widget in (self.back_button, self.position, self.next_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.apply_button)
        bottom.addWidget(self.revert_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rule)
        layout.addWidget(self.pages, 1)
        # the result above the buttons, with room for three lines: its text grows after Apply, and
        # buttons below it moved up under the pointer (a second click in place missed)
        self.result.setMinimumHeight(3 * self.result.fontMetrics().lineSpacing())
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result)
        layout.addLayout(bottom)

        self.label.activated.connect(lambda index: self.labelChosen.emit(index))
        self.rate.editingFinished.connect(lambda: self.rateChosen.emit(self.rate.value()))
        self.back_button.clicked.connect(lambda: self._go(-1))
        self.next_button.clicked.connect(lambda: self._go(+1))
        self.apply_button.clicked.connect(self.applyRequested)
        self.revert_button.clicked.connect(self.revertRequested)
        self._step = self._order = self._w_ho = None
        self._softmax = False
        self._before = None
        self._strongest = ()
        self._applied = None            # (before, after) probabilities once applied
        self._can_revert = False
        self.show_texts()

    # -- what the window tells it ------------------------------------------------------
    def show_step(self, step, order=None, w_ho=None, output="softmax", probabilities=None):
        """step: a network.explain.inside.TrainingStep (None: nothing drawn); order: (H,) the grid's order;
        probabilities (10,): the network's probabilities for the drawing before the step."""
        self._step, self._order, self._w_ho, self._softmax = step, order, w_ho, output == "softmax"
        self._before = probabilities
        if step is not None:
            self.label.setCurrentIndex(step.label)
            self.rate.setValue(step.lr)
            self._draw_pictures()
        self.show_texts()

    def show_applied(self, before, after, scores_before, scores_after):
        """The step was applied: the drawing's probabilities and scores (10,) before and after."""
        self._applied = (before, after, scores_before, scores_after)
        self._can_revert = True
        self.show_texts()

    def show_reverted(self):
        self._applied = None
        self._can_revert = False
        self.show_texts()

    def page(self):
        return self.pages.currentIndex()

    # -- texts ---------------------------------------------------------------------------
    def show_texts(self):
        self.label_text.setText(tr("inside.step.label"))
        self.label.setToolTip(tr("inside.step.label.tip"))
        self.rate_text.setText(tr("inside.step.rate"))
        self.rate.setToolTip(tr("inside.step.rate.tip"))
        self.back_button.setText(tr("inside.step.back"))
        self.next_button.setText(tr("inside.step.next"))
        self.apply_button.setText(tr("inside.step.apply"))
        self.apply_button.setToolTip(tr("inside.step.apply.tip"))
        self.revert_button.setText(tr("inside.step.revert"))
        self.revert_button.setToolTip(tr("inside.step.revert.tip"))
        index = self.pages.currentIndex()
        self.position.setText(tr("inside.step.position", page=index + 1, pages=len(PAGES)))
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(PAGES) - 1)
        step = self._step
        self.apply_button.setEnabled(step is not None)
        self.revert_button.setEnabled(self._can_revert)
        if step is None:
            self.rule.setText(tr("inside.step.empty"))
            for text in self.texts:
                text.setText("")
            self.result.setText("")
            return
        self.rule.setText(tr("inside.step.rule.article") if step.rule == "article" else
                          tr("inside.step.rule.softmax") if self._softmax else tr("inside.step.rule.gradient"))
        # only the page shown: every new text makes its page measure itself again (word-wrapped
        # rich text, costly), and a page that is not shown gets its text when it is
        self.texts[index].setText(getattr(self, f"_text_{PAGES[index]}")(step))
        self._caption_pictures(step)
        if self._applied is None:
            self.result.setText(tr("inside.step.before", digit=step.label,
                                   before=_probability(self._before[step.label])))
        else:
            before, after, scores_before, scores_after = self._applied
            k = step.label
            tiny = abs(float(scores_after[k]) - float(scores_before[k])) < TINY_SCORE_CHANGE
            self.result.setText(tr("inside.step.after.tiny" if tiny else "inside.step.after", digit=k, before=_probability(before[k]),
                                   after=_probability(after[k]), score_before=bracketed(float(scores_before[k]), 3),
                                   score_after=bracketed(float(scores_after[k]), 3)))

    def _text_forward(self, step):
        j = int(np.argmax(np.abs(step.a_h)))
        return tr("inside.step.forward", hidden=number(len(step.a_h)), neuron=j, z=bracketed(float(step.z_h[j])),
                  a=number(float(step.a_h[j]), 2), digit=step.label, output=number(float(step.a_o[step.label]), 3))

    def _text_errors(self, step):
        cells = [tr("inside.step.error_row", digit=k, target=number(float(step.t[k]), 2),
                    output=magnitude(float(step.a_o[k]), 3), error=signed(float(step.e_o[k]), 3))
                 for k in range(len(step.t))]
        half = (len(cells) + 1) // 2            # two columns (0-4, 5-9): ten lines did not fit the page
        rows = "".join(f"<tr><td>{left}</td><td width=28></td><td>{right}</td></tr>"
                       for left, right in zip(cells[:half], cells[half:] + [""]))
        key = "inside.step.errors.article" if step.rule == "article" else "inside.step.errors.gradient"
        return tr(key) + f"<table cellspacing=0 cellpadding=0>{rows}</table>"

    def _text_back(self, step):
        j = int(np.argmax(np.abs(step.delta_h)))
        sent = step.e_o if step.rule == "article" else step.delta_o
        column = self._w_ho[:, j]
        terms = np.argsort(-np.abs(column * sent))[:3]
        first = " + ".join(f"{bracketed(float(column[k]), 3)} × {bracketed(float(sent[k]), 3)}" for k in terms)
        key = "inside.step.back.article" if step.rule == "article" else "inside.step.back.gradient"
        return tr(key, neuron=j, terms=first, e=bracketed(float(step.e_h[j]), 4),
                  slope=number(float(step.fprime_h[j]), 3), delta=bracketed(float(step.delta_h[j]), 4))

    def _text_changes(self, step):
        j = int(np.argmax(np.abs(step.delta_h)))
        k = step.label
        sign = "" if step.sign > 0 else "-"
        return tr("inside.step.changes", sign=sign, lr=number(step.lr, 5), digit=k, neuron=j,
                  delta_o=bracketed(float(step.delta_o[k]), 4), a=number(float(step.a_h[j]), 3),
                  d_who=signed(float(step.d_w_ho[k, j]), 6), delta_h=bracketed(float(step.delta_h[j]), 4),
                  d_wih_max=signed(float(step.d_w_ih[j].max() if step.sign * step.delta_h[j] > 0
                                         else step.d_w_ih[j].min()), 6))

    # -- pictures --------------------------------------------------------------------------
    def _draw_pictures(self):
        step, order = self._step, self._order
        self.pictures[0][0].set_picture(_hidden_picture(step.a_h, order))
        self.pictures[1][0].set_picture(colour_scale.diverging(step.e_o[None, :]))
        self.pictures[2][0].set_picture(_hidden_picture(step.delta_h, order))
        strongest = np.argsort(-np.abs(step.delta_h))[:SHOWN_NEURONS]
        limit = max(float(np.abs(step.d_w_ih[strongest]).max()), 1e-12)
        for view, j in zip(self.pictures[3], strongest):
            change = step.d_w_ih[j].reshape(SIDE, SIDE)
            view.set_picture(colour_scale.diverging(change, limit), values=change)
            view.set_describe(lambda r, c, v: signed(v, 6))
        self._strongest = strongest

    def _caption_pictures(self, step):
        self.captions[0][0].setText(tr("inside.step.picture.hidden"))
        self.captions[1][0].setText(tr("inside.step.picture.errors"))
        self.captions[2][0].setText(tr("inside.step.picture.deltas"))
        for caption, j in zip(self.captions[3], self._strongest):
            caption.setText(tr("inside.step.picture.change", neuron=int(j)))

    def _go(self, delta):
        self.pages.setCurrentIndex(min(max(self.pages.currentIndex() + delta, 0), len(PAGES) - 1))
        self.show_texts()


def _probability(p):
    """A probability as a percentage with enough decimals to show a small one move (0.0014%)."""
    p = float(p)
    if p <= 0 or p >= 0.01:
        return percent(p, 1)
    return percent(p, min(6, 1 - int(np.floor(np.log10(100 * p)))))
