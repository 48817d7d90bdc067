"""Live prediction: recognise the drawing while it is drawn, at most every 30 ms.

The canvas's ``changed`` signal only (re)starts a single-shot timer; the
prediction runs when it fires, on the GUI thread (preprocessing and the
forward pass take about a millisecond), never inside a paint event.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from network.data.preprocess import preprocess_stages
from network.pixels import inputs_from_ink

from ..widgets.image_adapter import qimage_to_array


@dataclass(frozen=True)
class Prediction:
    """What the network made of a drawing: the digit (None when nothing is drawn), its
    probability, all ten probabilities (10,), the 784 inputs it read (0.01..0.99), the
    picture they come from: (28, 28) ink, 0 background .. 1 full ink, and how
    preprocessing made it (a network.data.preprocess.Stages, for the Inside tab)."""

    digit: int | None
    confidence: float = 0.0
    probabilities: np.ndarray = None
    inputs: np.ndarray = None
    picture: np.ndarray = None
    stages: object = None


EMPTY = Prediction(None)


class LivePredictor(QObject):
    """Turns "the drawing changed" into a throttled ``predicted(Prediction)``.

    ``source`` returns the QImage to recognise. ``updates`` counts the
    predictions made (tests check that it is far fewer than the changes).
    """

    predicted = Signal(object)

    def __init__(self, source, interval_ms=30, parent=None):
        super().__init__(parent)
        self._source = source
        self._network = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.predict_now)
        self.updates = 0

    def set_network(self, network):
        """Use this network from now on, and show what it makes of the current drawing."""
        self._network = network
        self.schedule()

    def schedule(self):
        """Something changed: predict when the throttle interval is over."""
        if not self._timer.isActive():
            self._timer.start()

    def cancel(self):
        """Forget a pending prediction."""
        self._timer.stop()

    def is_pending(self):
        """True while a prediction waits for the throttle interval to end."""
        return self._timer.isActive()

    def predict_now(self):
        """Recognise the current drawing at once; returns and emits the Prediction."""
        self._timer.stop()
        self.updates += 1
        stages = preprocess_stages(qimage_to_array(self._source()))
        if stages is None or self._network is None:
            result = EMPTY
        else:
            x = inputs_from_ink(stages.centred)
            p = self._network.probabilities(x)
            digit = int(p.argmax())
            result = Prediction(digit, float(p[digit]), p, x, stages.centred, stages)
        self.predicted.emit(result)
        return result
