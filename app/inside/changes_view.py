"""What teaching changed: the hidden neurons whose weights changed most, and how their votes changed."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from network.i18n import Number, tr
from network.pixels import SIDE

from ..language import Retranslatable
from ..widgets import colour_scale
from ..widgets.array_view import ArrayView
from ..widgets.colour_scale import ColourLegend
from .neuron_card import signed

SHOWN = 6           # neurons whose incoming weights are drawn


class WeightChangesView(Retranslatable, QWidget):
    """``show_changes(changes)`` with a network.explain.inside.WeightChanges (None: nothing taught yet)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("weightChangesView")
        self.text = QLabel(objectName="weightChangesText")
        self.text.setWordWrap(True)
        self.votes = ArrayView(pixel=6)
        self.legend = ColourLegend()
        self.pictures = [ArrayView(pixel=2) for _ in range(SHOWN)]
        self.captions = [QLabel() for _ in range(SHOWN)]
        grid = QGridLayout()
        for i, (view, caption) in enumerate(zip(self.pictures, self.captions)):
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            caption.setWordWrap(True)       # unwrapped, six captions asked for 730 px: the canvas shrank
            grid.addWidget(view, 0, i)
            grid.addWidget(caption, 1, i)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.votes, 1)
        layout.addWidget(self.legend)
        layout.addLayout(grid)
        self._changes = None
        self.show_texts()

    def show_changes(self, changes):
        self._changes = changes
        if changes is None:
            self.votes.set_picture(None)
            for view in self.pictures:
                view.set_picture(None)
        else:
            limit, clipped = colour_scale.robust_limit(changes.d_w_ho)
            self.votes.set_picture(colour_scale.diverging(changes.d_w_ho, limit), values=changes.d_w_ho)
            self.votes.set_describe(lambda r, c, v: tr("inside.changes.vote", neuron=int(changes.neurons[c]),
                                                       digit=r, change=signed(v, 4)))
            self.legend.set_limit(limit, clipped)
            moved = np.abs(changes.d_w_ih).max() > 0
            shown = changes.d_w_ih if moved else changes.w_ih
            pictures_limit = colour_scale.robust_limit(shown[:SHOWN])[0]
            for view, w in zip(self.pictures, shown):
                view.set_picture(colour_scale.diverging(w.reshape(SIDE, SIDE), pictures_limit))
            self._moved = moved
        self.show_texts()

    def show_texts(self):
        c = self._changes
        self.legend.set_meaning(tr("inside.legend.negative"), tr("inside.legend.positive"))
        self.votes.setToolTip(tr("inside.changes.votes.tip"))
        if c is None:
            self.text.setText(tr("inside.changes.none"))
            for caption in self.captions:
                caption.setText("")
            return
        self.text.setText(tr("inside.changes.text", changed=Number(c.changed), weights=Number(c.weights),
                             count=len(c.neurons)))
        key = "inside.changes.picture.moved" if self._moved else "inside.changes.picture.looks"
        for caption, neuron in zip(self.captions, c.neurons):
            caption.setText(tr(key, neuron=int(neuron)))
