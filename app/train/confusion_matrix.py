"""A 10x10 confusion matrix; click a cell to ask for those test images."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from network.i18n import tr

from ..language import Retranslatable


class ConfusionMatrix(Retranslatable, QTableWidget):
    """Rows: the true digit; columns: the network's answer. ``cellChosen(true, predicted)`` on click."""

    cellChosen = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(10, 10, parent)
        self.setObjectName("confusionMatrix")
        labels = [str(k) for k in range(10)]
        self.setHorizontalHeaderLabels(labels)
        self.setVerticalHeaderLabels(labels)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        font = self.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        self.setFont(font)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(18)
            header.setFont(font)
        self.setMinimumSize(330, 250)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cellClicked.connect(self.cellChosen)
        self.counts = None
        self.clear_counts()
        self.show_texts()

    def clear_counts(self):
        """No counts (before a run, or while one runs): empty cells, none of them current."""
        self.counts = None
        self.clearContents()
        self.setCurrentCell(-1, -1)

    def show_texts(self):
        self.setToolTip(tr("matrix.tip"))
        for i in range(10):
            for j in range(10):
                item = self.item(i, j)
                if item is not None:
                    item.setToolTip(tr("matrix.cell.tip", count=int(self.counts[i, j]), true=i, predicted=j))

    def set_counts(self, counts):
        """Fill from a (10, 10) array of counts; mistakes are shaded red, hits green."""
        self.counts = counts
        worst = max(1, max(int(counts[i, j]) for i in range(10) for j in range(10) if i != j))
        for i in range(10):
            for j in range(10):
                n = int(counts[i, j])
                item = QTableWidgetItem(str(n) if n else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if i == j:
                    item.setBackground(QColor(210, 240, 210))
                elif n:
                    shade = int(230 - 150 * n / worst)
                    item.setBackground(QColor(255, shade, shade))
                self.setItem(i, j, item)
        self.show_texts()
