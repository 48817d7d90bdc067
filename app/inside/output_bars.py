"""The 10 output neurons: each digit's score (its input sum) and its probability, as bars."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from network.i18n import number, percent, tr

from ..language import Retranslatable
from ..widgets.colour_scale import POSITIVE


class OutputBars(Retranslatable, QWidget):
    """``show_outputs(scores, probabilities, digit, runner_up)`` (None: blank)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("outputBars")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._scores = self._p = None
        self._digit = self._runner_up = None
        self.show_texts()

    def show_texts(self):
        self.setToolTip(tr("inside.outputs.tip"))
        self.update()

    def show_outputs(self, scores, probabilities, digit, runner_up):
        self._scores, self._p, self._digit, self._runner_up = scores, probabilities, digit, runner_up
        self.update()

    def sizeHint(self):
        return QSize(220, 12 * self.fontMetrics().height())

    def paintEvent(self, event):
        # text drawn at points, placed by hand: drawText into a rectangle with alignment lays
        # each string out again and cost twice as much on every stroke
        painter = QPainter(self)
        metrics = self.fontMetrics()
        line = max(metrics.height() + 4, (self.height() - metrics.height() - 4) // 10)
        painter.drawText(0, metrics.ascent(), tr("inside.outputs.title"))
        top = metrics.height() + 4
        label_w = metrics.horizontalAdvance("0") * 2
        score_w = metrics.horizontalAdvance("-00.00") + 6
        bar_w = max(20, self.width() - label_w - score_w - metrics.horizontalAdvance("100.0%") - 12)
        baseline = (line + metrics.ascent() - metrics.descent()) // 2
        bold = QFont(self.font())
        bold.setBold(True)
        for k in sorted(range(10), key=lambda k: k == self._digit):     # the answer last, in bold
            y = top + k * line
            if k == self._digit:
                painter.setFont(bold)
                metrics = painter.fontMetrics()
            painter.drawText(0, y + baseline, str(k))
            if self._p is None:
                continue
            colour = QColor(*POSITIVE) if k == self._digit else QColor(110, 110, 110)
            score = number(float(self._scores[k]), 2)
            painter.drawText(label_w + score_w - 6 - metrics.horizontalAdvance(score), y + baseline, score)
            x = label_w + score_w
            painter.fillRect(x, y + 3, bar_w, line - 6, QColor(235, 235, 235))
            painter.fillRect(QRectF(x, y + 3, bar_w * float(self._p[k]), line - 6), colour)
            painter.drawText(x + bar_w + 4, y + baseline, percent(float(self._p[k]), 1))
        painter.end()
