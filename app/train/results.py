"""The end of a run: the test accuracy, large; the confusion matrix; the digits it got wrong."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from network.evaluate import mistakes
from network.i18n import Number, Percent, Text, tr
from network.pixels import SIDE

from ..language import Retranslatable, set_text
from .confusion_matrix import ConfusionMatrix
from .digit_grid import DigitGrid


class TrainingResults(Retranslatable, QWidget):
    """``show_result(evaluation, test_set)``; ``useRequested``/``saveRequested`` on the buttons."""

    useRequested = Signal()
    saveRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.accuracy = QLabel(objectName="accuracyLabel")
        font = QFont(self.font())
        font.setPointSize(18)
        font.setBold(True)
        self.accuracy.setFont(font)
        self.matrix = ConfusionMatrix()
        self.grid = DigitGrid()
        self.grid_title = QLabel()
        self.use_button = QPushButton(objectName="useNetworkButton")
        self.save_button = QPushButton(objectName="saveTrainedButton")
        for b in (self.use_button, self.save_button):
            b.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.accuracy, 1)
        top.addWidget(self.use_button)
        top.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(self.grid_title)
        right.addWidget(self.grid)
        self.matrix_title = QLabel(objectName="matrixTitle")     # which way the matrix reads
        self.matrix_title.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.matrix_title)
        left.addWidget(self.matrix, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self.use_button.clicked.connect(self.useRequested)
        self.save_button.clicked.connect(self.saveRequested)
        self.matrix.cellChosen.connect(self.show_cell)
        self._evaluation = self._test = None
        self._accuracy = Text("results.none")       # what the two labels show, kept for a change of language
        self._grid_title = Text("results.mistakes")
        self.show_texts()

    def show_texts(self):
        self.accuracy.setText(str(self._accuracy))
        self.accuracy.setToolTip(tr("results.accuracy.tip", images=Number(10000)))
        self.grid_title.setText(str(self._grid_title))
        self.matrix_title.setText(tr("matrix.title"))
        set_text(self.use_button, "results.use", "results.use.tip")
        set_text(self.save_button, "results.save", "results.save.tip")

    def clear(self, text=None):
        """No result (yet): ``text`` (a Text) says why; by default that training runs."""
        self._accuracy = text or Text("results.training")
        self.accuracy.setText(str(self._accuracy))
        self.matrix.clear_counts()
        self.grid.clear()
        for b in (self.use_button, self.save_button):
            b.setEnabled(False)
        self._evaluation = self._test = None

    def show_state(self, text):
        """While there is no result: say where the run is (a Text: training, paused, stopped)."""
        self._accuracy = text
        self.accuracy.setText(str(text))

    def show_result(self, evaluation, test_set, stopped_after=None):
        """A run's network and its evaluation (``stopped_after``: Stop kept it as it was after that
        epoch, and the title says so)."""
        self._evaluation, self._test = evaluation, test_set
        self._accuracy = Text("results.accuracy", accuracy=Percent(evaluation.accuracy)) if stopped_after is None \
            else Text("results.accuracy.stopped", accuracy=Percent(evaluation.accuracy), epoch=stopped_after)
        self.accuracy.setText(str(self._accuracy))
        self.matrix.set_counts(evaluation.confusion)
        self.show_cell(None, None)
        for b in (self.use_button, self.save_button):
            b.setEnabled(True)

    def show_cell(self, true, predicted):
        """Show the test digits of one confusion cell (None, None: all mistakes)."""
        if self._evaluation is None:
            return
        labels = self._test.labels
        chosen = mistakes(self._evaluation, labels, true, predicted)
        self._grid_title = Text("results.mistakes") if true is None else \
            Text("results.cell", true=true, predicted=predicted, count=len(chosen))
        self.grid_title.setText(str(self._grid_title))
        self.grid.show_digits(self._test.images[chosen].reshape(-1, SIDE, SIDE),
                              [f"{labels[i]} → {self._evaluation.predictions[i]}" for i in chosen])
