"""A small grid of numbers on coloured cells (a hidden neuron's 10 outgoing weights and pushes).

Painted in one go: a QTableWidget repaints and re-lays out per cell, which cost
more than everything else on the neuron card on every stroke.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

HEADER_BACKGROUND = QColor(240, 240, 240)
LINES = QColor(200, 200, 200)


class NumberGrid(QWidget):
    """``set_row(row, texts, colours)``: one row's cell texts and RGB backgrounds; column
    titles across the top, row names on the left (``set_row_names``)."""

    def __init__(self, rows, columns, parent=None, objectName=""):
        super().__init__(parent, objectName=objectName)
        self._columns = [str(c) for c in columns]
        self._names = [""] * rows
        self._texts = [[""] * len(self._columns) for _ in range(rows)]
        self._colours = [[None] * len(self._columns) for _ in range(rows)]
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_row_names(self, names):
        self._names = list(names)
        self.updateGeometry()
        self.update()

    def set_row(self, row, texts, colours=None):
        """texts: one string per column; colours: (r, g, b) per column, or None for white."""
        self._texts[row] = list(texts)
        self._colours[row] = [None] * len(texts) if colours is None else [QColor(*c) for c in colours]
        self.update()

    def clear(self):
        for row in range(len(self._texts)):
            self.set_row(row, [""] * len(self._columns))

    def text(self, row, column):
        return self._texts[row][column]

    def _line(self):
        return self.fontMetrics().height() + 6

    def _name_width(self):
        return max([self.fontMetrics().horizontalAdvance(n) for n in self._names] + [0]) + 10

    def sizeHint(self):
        return QSize(self._name_width() + 10 * self.fontMetrics().horizontalAdvance("-0.00 "),
                     (len(self._texts) + 1) * self._line() + 1)

    def minimumSizeHint(self):
        return QSize(self._name_width() + len(self._columns) * 20, self.sizeHint().height())

    def paintEvent(self, event):
        # text drawn at points placed by hand: into a rectangle with an alignment, Qt lays each
        # string out again, at four times the cost
        painter = QPainter(self)
        metrics = self.fontMetrics()
        line, left = self._line(), self._name_width()
        baseline = (line + metrics.ascent() - metrics.descent()) // 2
        width = (self.width() - 1 - left) / max(len(self._columns), 1)
        edges = [round(left + column * width) for column in range(len(self._columns) + 1)]

        def centred(text, column, row):
            x = (edges[column] + edges[column + 1] - metrics.horizontalAdvance(text)) // 2
            painter.drawText(x, row * line + baseline, text)

        painter.fillRect(QRect(0, 0, self.width(), line), HEADER_BACKGROUND)
        painter.fillRect(QRect(0, 0, left, self.height()), HEADER_BACKGROUND)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for column, title in enumerate(self._columns):
            centred(title, column, 0)
        for row, (name, texts, colours) in enumerate(zip(self._names, self._texts, self._colours), start=1):
            painter.drawText(4, row * line + baseline, name)
            for column, (text, colour) in enumerate(zip(texts, colours)):
                painter.fillRect(QRect(edges[column], row * line, edges[column + 1] - edges[column], line),
                                 colour if colour is not None else QColor(255, 255, 255))
                centred(text, column, row)
        painter.setPen(LINES)
        bottom = (len(self._texts) + 1) * line
        for row in range(len(self._texts) + 2):
            y = min(row * line, bottom)
            painter.drawLine(0, y, self.width() - 1, y)
        for x in (0, *edges[:-1], self.width() - 1):
            painter.drawLine(x, 0, x, bottom)
        painter.end()
