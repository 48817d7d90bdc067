"""What the network answers: the digit, large, its confidence, ten bars and a 28x28 preview."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from network.i18n import Percent, tr
from network.reading import DIGIT, NO_DIGIT, NOT_A_DIGIT, PICTURE

from ..language import Retranslatable
from .input_preview import InputPreview
from .predictor import EMPTY


class PredictionView(Retranslatable, QWidget):
    """Shows a network.reading.Reading; call ``show_prediction(reading)``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.digit = QLabel("", objectName="predictionLabel")
        self.digit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setPointSize(72)
        font.setBold(True)
        self.digit.setFont(font)
        self.digit.setMinimumHeight(110)
        self.confidence = QLabel("", objectName="confidenceLabel")
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
            bars.addWidget(label, k, 0)
            bars.addWidget(bar, k, 1)
            self.bars.append(bar)

        self.preview = InputPreview()
        self.caption = QLabel(objectName="previewCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.addWidget(self.digit)
        layout.addWidget(self.confidence)
        layout.addLayout(bars)
        layout.addSpacing(8)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self._prediction = EMPTY
        self.show_texts()

    def show_texts(self):
        self.digit.setToolTip(tr("draw.prediction.tip"))
        for k, bar in enumerate(self.bars):
            bar.setToolTip(tr("draw.probability.tip", digit=k))
        self.caption.setText(tr("draw.preview.caption"))
        self._show_confidence()

    def _show_confidence(self):
        p = self._prediction
        if p.verdict == NO_DIGIT:
            text = tr("draw.no_ink") if p.kind == PICTURE else tr("draw.prompt")
        elif p.verdict == NOT_A_DIGIT:
            text = tr("draw.not_a_digit", guess=p.guess, confidence=Percent(p.confidence, 0))
        else:
            text = tr("draw.confidence", confidence=Percent(p.confidence, 0))
        self.confidence.setText(text)

    def show_prediction(self, prediction):
        self._prediction = prediction
        self._show_confidence()
        if prediction.guess is None:
            self.digit.setText("")
            for bar in self.bars:
                bar.setValue(0)
            self.preview.set_picture(None)
            return
        self.digit.setText(str(prediction.guess) if prediction.verdict == DIGIT else "?")
        for bar, p in zip(self.bars, prediction.probabilities):
            bar.setValue(int(round(100 * float(p))))
        self.preview.set_picture(prediction.picture)
