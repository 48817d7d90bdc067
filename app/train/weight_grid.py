"""While training: what 36 hidden neurons look for, their incoming weights as 28 x 28 pictures,
changing as the network learns (refreshed at most twice a second)."""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from network.i18n import tr
from network.pixels import SIDE

from ..language import Retranslatable
from ..widgets import colour_scale
from ..widgets.array_view import ArrayView
from ..widgets.colour_scale import ColourLegend

GAP = 1


class WeightGrid(Retranslatable, QWidget):
    """``show_weights(w)`` with w (k, 784): k neurons' incoming weights; ``clear()``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingWeightGrid")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.setMaximumWidth(6 * (SIDE + GAP) + 40)
        self.view = ArrayView(pixel=1)
        self.view.setMinimumSize(6 * (SIDE + GAP) + 2, 6 * (SIDE + GAP) + 2)
        self.legend = ColourLegend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self.updates = 0
        self.show_texts()

    def show_texts(self):
        self.title.setText(tr("train.weights.title"))
        self.view.setToolTip(tr("train.weights.tip"))
        self.legend.set_meaning(tr("inside.legend.negative"), tr("inside.legend.positive"))

    def show_weights(self, weights):
        k = len(weights)
        columns = math.ceil(math.sqrt(k))
        rows = math.ceil(k / columns)
        limit, clipped = colour_scale.robust_limit(weights)
        tile = SIDE + GAP
        sheet = np.full((rows * tile - GAP, columns * tile - GAP, 3), 200, np.uint8)
        for n, w in enumerate(weights):
            r, c = divmod(n, columns)
            sheet[r * tile:r * tile + SIDE, c * tile:c * tile + SIDE] = \
                colour_scale.diverging(w.reshape(SIDE, SIDE), limit)
        self.view.set_picture(sheet)
        self.legend.set_limit(limit, clipped)
        self.updates += 1

    def clear(self):
        self.view.set_picture(None)
