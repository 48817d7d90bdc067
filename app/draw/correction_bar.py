"""Ten buttons beside the answer: "It's a 0" ... "It's a 9". Pressing one keeps the drawing as an
example of that digit (a correction when the answer was wrong, a confirmation when it was right)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from network.i18n import tr

from ..language import Retranslatable


class CorrectionBar(Retranslatable, QWidget):
    """``chosen(digit)`` when a button is pressed; ``set_answer(digit)`` marks the network's answer
    (None: nothing drawn, the buttons are off); ``show_saved(digit, count)`` says what was kept."""

    chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("correctionBar")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.buttons = [QPushButton(str(k), objectName=f"correctButton{k}") for k in range(10)]
        self.saved = QLabel(objectName="correctionSaved")
        self.saved.setWordWrap(True)
        self.saved.setMinimumHeight(2 * self.fontMetrics().lineSpacing())   # its text never moves the buttons
        grid = QGridLayout()
        grid.setSpacing(3)
        for k, button in enumerate(self.buttons):
            button.setMinimumWidth(30)
            grid.addWidget(button, k // 5, k % 5)
            button.clicked.connect(lambda checked=False, k=k: self.chosen.emit(k))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.question)
        layout.addLayout(grid)
        layout.addWidget(self.saved)
        self._answer = None
        self._saved = None
        self.set_answer(None)

    def set_answer(self, digit):
        self._answer = digit
        for k, button in enumerate(self.buttons):
            button.setEnabled(digit is not None)
            font = button.font()
            font.setBold(k == digit)
            button.setFont(font)
        self.show_texts()

    def forget_saved(self):
        """The next drawing has started: what was kept is no longer news."""
        if self._saved is not None:
            self._saved = None
            self.show_texts()

    def show_saved(self, digit, count):
        self._saved = (digit, count)
        self.show_texts()

    def show_texts(self):
        self.question.setText(tr("draw.correct.question"))
        for k, button in enumerate(self.buttons):
            button.setText(tr("draw.correct.button", digit=k))
            button.setToolTip(tr("draw.correct.right.tip", digit=k) if k == self._answer else
                              tr("draw.correct.tip", digit=k))
        self.saved.setText(tr("draw.correct.saved", digit=self._saved[0], count=self._saved[1])
                           if self._saved else "")
