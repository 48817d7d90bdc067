"""The end of a run: the test accuracy, large; the confusion matrix; the digits it got wrong."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from network.evaluate import mistakes

from .confusion_matrix import ConfusionMatrix
from .digit_grid import DigitGrid


class TrainingResults(QWidget):
    """``show_result(evaluation, test_set)``; ``useRequested``/``saveRequested`` on the buttons."""

    useRequested = Signal()
    saveRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.accuracy = QLabel("No network trained yet.", objectName="accuracyLabel")
        font = QFont(self.font())
        font.setPointSize(18)
        font.setBold(True)
        self.accuracy.setFont(font)
        self.accuracy.setToolTip("Share of the 10,000 MNIST test images the new network recognises.")
        self.matrix = ConfusionMatrix()
        self.grid = DigitGrid()
        self.grid_title = QLabel("Misclassified test digits (true → answer)")
        self.use_button = QPushButton("Use this network", objectName="useNetworkButton")
        self.use_button.setToolTip("Put the new network into the Draw tab. The weights in use now stay "
                                   "until you press this.")
        self.save_button = QPushButton("Save as…", objectName="saveTrainedButton")
        self.save_button.setToolTip("Save the new network's weights to a file.")
        for b in (self.use_button, self.save_button):
            b.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.accuracy, 1)
        top.addWidget(self.use_button)
        top.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(self.grid_title)
        right.addWidget(self.grid)
        body = QHBoxLayout()
        body.addWidget(self.matrix, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self.use_button.clicked.connect(self.useRequested)
        self.save_button.clicked.connect(self.saveRequested)
        self.matrix.cellChosen.connect(self.show_cell)
        self._evaluation = self._test = None

    def clear(self, text="Training…"):
        self.accuracy.setText(text)
        self.matrix.clearContents()
        self.grid.clear()
        for b in (self.use_button, self.save_button):
            b.setEnabled(False)
        self._evaluation = self._test = None

    def show_result(self, evaluation, test_set):
        self._evaluation, self._test = evaluation, test_set
        self.accuracy.setText(f"Test accuracy: {evaluation.accuracy:.2%}")
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
        if true is None:
            self.grid_title.setText("Misclassified test digits (true → answer)")
        else:
            self.grid_title.setText(f"Test images of a {true} read as {predicted} ({len(chosen)} shown)")
        self.grid.show_digits(self._test.images[chosen].reshape(-1, 28, 28),
                              [f"{labels[i]} → {self._evaluation.predictions[i]}" for i in chosen])
