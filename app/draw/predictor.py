"""Live prediction: recognise the drawing while it is drawn, at most every 30 ms.

The canvas's ``changed`` signal only (re)starts a single-shot timer; the
prediction runs when it fires, on the GUI thread (preprocessing and the
forward pass take about a millisecond), never inside a paint event. What it
reads, and how, is ``read(network)``'s business (the Draw tab: a drawing, or an
opened picture through network.reading.read_picture, as ``digits predict``).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from network.reading import NO_DIGIT, Reading

EMPTY = Reading(NO_DIGIT)


class LivePredictor(QObject):
    """Turns "the drawing changed" into a throttled ``predicted(Reading)``.

    ``read(network)`` returns the network.reading.Reading of what is on the
    canvas now. ``updates`` counts the predictions made (tests check that it
    is far fewer than the changes).
    """

    predicted = Signal(object)

    def __init__(self, read, interval_ms=30, parent=None):
        super().__init__(parent)
        self._read = read
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
        """Recognise the current drawing at once; returns and emits the Reading."""
        self._timer.stop()
        self.updates += 1
        result = EMPTY if self._network is None else self._read(self._network)
        self.predicted.emit(result)
        return result
