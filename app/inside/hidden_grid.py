"""The hidden layer as a grid of cells, one per neuron, coloured by its activation.

With hundreds of neurons a fixed layout says little, so the cells are laid
out by what they did for the current answer: the neuron that pushed it up
the most first (top left), the idle ones in the middle, the ones that argued
against it last. Hover a cell for its numbers; click it for its card.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from network.i18n import number, tr

from ..language import Retranslatable
from ..widgets import colour_scale
from ..widgets.array_view import ArrayView
from ..widgets.colour_scale import ColourLegend

EMPTY_CELL = (225, 225, 225)


def grid_shape(n):
    """(rows, columns) of a landscape grid holding n cells (4 : 3)."""
    columns = max(1, math.ceil(math.sqrt(n * 4 / 3)))
    return math.ceil(n / columns), columns


class HiddenGrid(Retranslatable, QWidget):
    """``show_layer(activations, pushes, order, digit, selected)``; ``neuronChosen(j)`` on a click."""

    neuronChosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("hiddenGrid")
        self.caption = QLabel(objectName="hiddenCaption")
        self.caption.setWordWrap(True)
        self.view = ArrayView(pixel=5, describe=self._describe)
        self.legend = ColourLegend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self.view.clicked.connect(self._clicked)
        self._a = self._push = self._order = None
        self._digit = None
        self._selected = None
        self._shape = (1, 1)
        self.show_texts()

    def show_texts(self):
        self.view.setToolTip("" if self._a is not None else tr("inside.hidden.tip"))
        self.legend.set_meaning(tr("inside.legend.negative"), tr("inside.legend.activation"))
        if self._a is None:
            self.caption.setText(tr("inside.hidden.empty"))
        else:
            self.caption.setText(tr("inside.hidden.caption", count=number(len(self._a)), digit=self._digit))

    def show_layer(self, activations, pushes, order, digit, selected=None):
        """activations, pushes: (H,); order: (H,) neuron indices, the first drawn top left;
        selected: the neuron to frame (None: none)."""
        self._a, self._push, self._order, self._digit = activations, pushes, order, digit
        self._selected = selected
        self._shape = grid_shape(len(activations))
        self._redraw()
        self.show_texts()

    def clear(self):
        self._a = self._push = self._order = None
        self.view.set_picture(None)
        self.show_texts()

    def _redraw(self):
        rows, columns = self._shape
        limit, clipped = colour_scale.robust_limit(self._a)
        cells = np.empty((rows * columns, 3), np.uint8)
        cells[:] = EMPTY_CELL
        cells[:len(self._order)] = colour_scale.diverging(self._a[self._order], limit)
        self.legend.set_limit(limit, clipped)
        self.view.set_picture(cells.reshape(rows, columns, 3), values=np.zeros(self._shape), box=self._frame())

    def neuron_at(self, row, col):
        """The neuron shown in a cell, or None for an empty cell."""
        if self._order is None:
            return None
        k = row * self._shape[1] + col
        return int(self._order[k]) if k < len(self._order) else None

    def cell_of(self, neuron):
        """(row, col) of the cell showing ``neuron``."""
        k = int(np.flatnonzero(self._order == neuron)[0])
        return divmod(k, self._shape[1])

    def _frame(self):
        if self._selected is None or self._order is None or self._selected >= len(self._order):
            return None
        row, col = self.cell_of(self._selected)
        return (row, col, row + 1, col + 1)

    def _describe(self, row, col, _value):
        j = self.neuron_at(row, col)
        if j is None:
            return ""
        return tr("inside.hidden.cell", neuron=j, activation=number(float(self._a[j]), 3),
                  digit=self._digit, push=_signed(float(self._push[j])))

    def _clicked(self, row, col):
        j = self.neuron_at(row, col)
        if j is not None:
            self.neuronChosen.emit(j)


def _signed(value, decimals=3):
    return ("+" if value >= 0 else "-") + number(abs(value), decimals)
