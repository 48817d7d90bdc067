"""One hidden neuron's card: what it looks for, what this drawing gave it, what it passed on.

Shows a network.explain.inside.NeuronCard: its 784 incoming weights as a 28 x 28
picture, the drawing's ink times those weights, the input sum and the
activation written out with the real numbers, its 10 outgoing weights and
how much it pushed each output. Beside it, the neurons that pushed the
current answer the most, for and against; click one to see its card.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from network.i18n import number, tr

from ..language import Retranslatable
from ..widgets import colour_scale
from ..widgets.array_view import ArrayView
from ..widgets.colour_scale import ColourLegend
from ..widgets.number_grid import NumberGrid

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def magnitude(value, decimals=2):
    """|value| with ``decimals`` decimals, the language's decimal point; a value too small for them
    (it would read 0.000) in two significant digits instead, as 2.1 × 10⁻⁵; exactly 0 as '0'."""
    value = abs(float(value))
    if value == 0 or not np.isfinite(value):
        return number(0) if value == 0 else str(value)
    if round(value, decimals) != 0:
        return number(value, decimals)
    exponent = int(np.floor(np.log10(value)))
    mantissa = round(value / 10.0 ** exponent, 1)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{number(mantissa, 1)} × 10{str(exponent).translate(SUPERSCRIPT)}"


def signed(value, decimals=2):
    """'+0.84' / '-0.12' with the language's decimal point; a tiny value as '-2.1 × 10⁻⁵' (never
    '-0.000'), and 0 as '0'."""
    text = magnitude(value, decimals)
    return text if value == 0 else ("+" if value > 0 else "-") + text


def bracketed(value, decimals=2):
    """A number as it stands inside a formula: negative ones in brackets (tiny ones as in ``magnitude``)."""
    text = magnitude(value, decimals)
    return f"(-{text})" if value < 0 else text


class NeuronCardView(Retranslatable, QWidget):
    """``show_card(card, pushers_for, pushers_against, digit)``; ``neuronChosen(j)`` from the list."""

    neuronChosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("neuronCard")
        self.title = QLabel(objectName="neuronTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.weights_view = ArrayView(pixel=3, describe=lambda r, c, v: tr(
            "inside.card.weight_value", row=r + 1, col=c + 1, value=signed(v, 3)))
        self.contribution_view = ArrayView(pixel=3, describe=lambda r, c, v: tr(
            "inside.card.contribution_value", row=r + 1, col=c + 1, value=signed(v, 3)))
        self.weights_caption, self.contribution_caption = QLabel(), QLabel()
        for caption in (self.weights_caption, self.contribution_caption):
            caption.setWordWrap(True)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.legend = ColourLegend()
        self.formula = QLabel(objectName="neuronFormula")
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outgoing = NumberGrid(2, range(10), objectName="neuronOutgoing")
        small = self.outgoing.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        self.outgoing.setFont(small)
        self.pushers_title = QLabel()
        self.pushers_title.setWordWrap(True)
        self.pushers = QListWidget(objectName="topPushers")
        self.pushers.setMaximumWidth(230)

        pictures = QGridLayout()
        pictures.addWidget(self.weights_view, 0, 0)
        pictures.addWidget(self.contribution_view, 0, 1)
        pictures.addWidget(self.weights_caption, 1, 0)
        pictures.addWidget(self.contribution_caption, 1, 1)
        pictures.addWidget(self.legend, 2, 0, 1, 2)
        middle = QVBoxLayout()
        middle.addWidget(self.title)
        middle.addLayout(pictures)
        middle.addWidget(self.formula)
        middle.addWidget(self.outgoing)
        middle.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(self.pushers_title)
        side.addWidget(self.pushers, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(middle, 1)
        layout.addLayout(side)
        self.pushers.itemClicked.connect(lambda item: self.neuronChosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self._card = None
        self._shown_in = None           # the incoming weights the picture shows
        self._lists = ((), (), None)
        self._listed = None             # what the list shows now: it is refilled only when that changes
        self.show_texts()

    def show_texts(self):
        self.weights_caption.setText(tr("inside.card.weights"))
        self.contribution_caption.setText(tr("inside.card.contribution"))
        self.weights_view.setToolTip(tr("inside.card.weights.tip"))
        self.contribution_view.setToolTip(tr("inside.card.contribution.tip"))
        self.legend.set_meaning(tr("inside.legend.negative"), tr("inside.legend.positive"))
        self.outgoing.set_row_names([tr("inside.card.out_weight"), tr("inside.card.out_push")])
        self.outgoing.setToolTip(tr("inside.card.outgoing.tip"))
        self._show_text()
        self._fill_pushers(force=True)

    def show_card(self, card, pushers_for, pushers_against, digit):
        """card: a network.explain.inside.NeuronCard (None: no neuron chosen yet); pushers: Pusher tuples."""
        self._card = card
        self._lists = (pushers_for, pushers_against, digit)
        if card is not None:
            limit = max(float(abs(card.weights_in).max()), 1e-6)
            if self._shown_in is None or not np.array_equal(self._shown_in, card.weights_in):
                # the same neuron while the user draws: its weights picture stays as it is
                self.weights_view.set_picture(colour_scale.diverging(card.weights_in, limit), values=card.weights_in)
                self._shown_in = card.weights_in.copy()
            self.contribution_view.set_picture(colour_scale.diverging(card.contribution, limit),
                                               values=card.contribution)
            self.legend.set_limit(limit)
            push_limit = max(float(abs(card.push).max()), float(abs(card.weights_out).max()), 1e-6)
            for row, values in enumerate((card.weights_out, card.push)):
                self.outgoing.set_row(row, [number(float(v), 2) for v in values],
                                      colour_scale.diverging(values, push_limit).tolist())
        else:
            self._shown_in = None
            self.weights_view.set_picture(None)
            self.contribution_view.set_picture(None)
            self.outgoing.clear()
        self._show_text()
        self._fill_pushers()

    def _show_text(self):
        card = self._card
        if card is None:
            self.title.setText(tr("inside.card.none"))
            self.formula.setText("")
            return
        self.title.setText(tr("inside.card.title", neuron=card.neuron))
        total = tr("inside.card.sum_bias", sum=bracketed(card.weighted_sum), bias=bracketed(card.bias)) \
            if card.has_bias else tr("inside.card.sum", sum=bracketed(card.weighted_sum))
        self.formula.setText(tr(f"inside.card.formula.{card.function}", total=total, z=bracketed(card.z),
                                a=number(card.a, 2)))

    def _fill_pushers(self, force=False):
        pushers_for, pushers_against, digit = self._lists
        listed = (digit, tuple((p.neuron, round(p.push, 2)) for p in (*pushers_for, *pushers_against)))
        if listed == self._listed and not force:
            return
        self._listed = listed
        shown = (*pushers_for, *pushers_against) if digit is not None else ()
        self.pushers_title.setText("" if digit is None else tr("inside.card.pushers", digit=digit))
        if self.pushers.count() != len(shown):
            self.pushers.clear()
            for _ in shown:
                self.pushers.addItem(QListWidgetItem())
        model = self.pushers.model()
        model.blockSignals(True)                # the items are rewritten in place: one repaint for all
        try:
            for row, pusher in enumerate(shown):
                item = self.pushers.item(row)
                item.setText(tr("inside.card.pusher", neuron=pusher.neuron, push=signed(pusher.push, 2)))
                item.setData(Qt.ItemDataRole.UserRole, pusher.neuron)
                item.setForeground(QColor(*(colour_scale.POSITIVE if pusher.push >= 0 else colour_scale.NEGATIVE)))
        finally:
            model.blockSignals(False)
        self.pushers.viewport().update()
