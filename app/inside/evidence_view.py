"""Why this digit and not another: each pixel's share of the difference of the two scores,
painted over the drawing (red for the answer, blue for the other digit)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from network.i18n import number, tr
from network.pixels import SIDE

from ..language import Retranslatable
from ..widgets import colour_scale
from ..widgets.array_view import ArrayView
from ..widgets.colour_scale import ColourLegend
from .neuron_card import bracketed, signed

INK_SHADE = 0.35        # how much the ink darkens the colours, so the drawing stays visible


class EvidenceView(Retranslatable, QWidget):
    """``show_evidence(evidence, ink, digit, other, score_digit, score_other, blank_difference)``;
    ``otherChosen(k)`` when the user picks the digit to compare with."""

    otherChosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("evidenceView")
        self.view = ArrayView(pixel=5, describe=lambda r, c, v: tr(
            "inside.evidence.value", row=r + 1, col=c + 1, value=signed(v, 3)))
        self.legend = ColourLegend()
        self.compare_label = QLabel()
        self.other = QComboBox(objectName="evidenceOtherCombo")
        self.other.addItems([str(k) for k in range(10)])
        self.explanation = QLabel(objectName="evidenceText")
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        picture = QVBoxLayout()
        picture.addWidget(self.view)
        picture.addWidget(self.legend)
        compare = QHBoxLayout()
        compare.addWidget(self.compare_label)
        compare.addWidget(self.other)
        compare.addStretch(1)
        text = QVBoxLayout()
        text.addLayout(compare)
        text.addWidget(self.explanation, 1)
        layout = QGridLayout(self)
        layout.addLayout(picture, 0, 0)
        layout.addLayout(text, 0, 1)
        layout.setColumnStretch(1, 1)
        self.other.activated.connect(lambda index: self.otherChosen.emit(index))
        self._state = None
        self.show_texts()

    def show_texts(self):
        self.compare_label.setText(tr("inside.evidence.compare"))
        self.other.setToolTip(tr("inside.evidence.compare.tip"))
        self.view.setToolTip(tr("inside.evidence.tip"))
        self._show_text()

    def show_evidence(self, evidence, ink, digit, other, score_digit, score_other, blank_difference):
        """evidence (784,) from network.explain.inside.evidence; ink (28, 28) the drawing's ink, 0..1."""
        self._state = (digit, other, score_digit, score_other, blank_difference, float(evidence.sum()))
        grid = np.asarray(evidence, np.float32).reshape(SIDE, SIDE)
        limit, clipped = colour_scale.robust_limit(grid)
        shade = 1 - INK_SHADE * np.asarray(ink, np.float32)[..., None]
        rgb = np.round(colour_scale.diverging(grid, limit) * shade).astype(np.uint8)
        self.view.set_picture(rgb, values=grid)
        self.legend.set_limit(limit, clipped)
        self.other.setCurrentIndex(other)
        self._show_text()

    def clear(self):
        self._state = None
        self.view.set_picture(None)
        self._show_text()

    def _show_text(self):
        if self._state is None:
            self.explanation.setText(tr("inside.evidence.empty"))
            self.legend.set_meaning(tr("inside.legend.negative"), tr("inside.legend.positive"))
            return
        digit, other, score_digit, score_other, blank_difference, total = self._state
        self.legend.set_meaning(tr("inside.evidence.against", digit=other), tr("inside.evidence.for", digit=digit))
        self.explanation.setText(tr(
            "inside.evidence.text", digit=digit, other=other, score_digit=number(score_digit, 2),
            score_other=number(score_other, 2), difference=bracketed(score_digit - score_other),
            blank=bracketed(blank_difference), total=signed(total, 2)))
