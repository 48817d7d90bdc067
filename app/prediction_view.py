"""What the network answers: the digit, large, its confidence, ten bars and a 28x28 preview."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from .input_preview import InputPreview


class PredictionView(QWidget):
    """Shows a ``Prediction``; call ``show_prediction(p)``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.digit = QLabel("", objectName="predictionLabel")
        self.digit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSize(72)
        font.setBold(True)
        self.digit.setFont(font)
        self.digit.setMinimumHeight(110)
        self.digit.setToolTip("The digit the network thinks you drew.")
        self.confidence = QLabel("Draw a digit on the left", objectName="confidenceLabel")
        self.confidence.setAlignment(Qt.AlignmentFlag.AlignCenter)

        bars = QGridLayout()
        bars.setVerticalSpacing(2)
        self.bars = []
        for k in range(10):
            label = QLabel(str(k))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            bar = QProgressBar(objectName=f"probabilityBar{k}")
            bar.setRange(0, 100)
            bar.setValue(0)
            bar.setFormat("%p%")
            bar.setMaximumHeight(18)
            bar.setToolTip(f"How likely the network finds it that this is a {k}.")
            bars.addWidget(label, k, 0)
            bars.addWidget(bar, k, 1)
            self.bars.append(bar)

        self.preview = InputPreview()
        caption = QLabel("What the network sees (28 × 28)")
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.addWidget(self.digit)
        layout.addWidget(self.confidence)
        layout.addLayout(bars)
        layout.addSpacing(8)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(caption)
        layout.addStretch(1)

    def show_prediction(self, prediction):
        if prediction.digit is None:
            self.digit.setText("")
            self.confidence.setText("Draw a digit on the left")
            for bar in self.bars:
                bar.setValue(0)
            self.preview.set_picture(None)
            return
        self.digit.setText(str(prediction.digit))
        self.confidence.setText(f"{prediction.confidence:.0%} sure")
        for bar, p in zip(self.bars, prediction.probabilities):
            bar.setValue(int(round(100 * float(p))))
        self.preview.set_picture(prediction.picture)
