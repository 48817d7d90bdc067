"""Train, Pause/Resume, Stop, and how far the run is: two progress bars, two lines, a message."""
from __future__ import annotations

import enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

from .text import as_sentence

BAR_STEPS = 1000


class RunState(enum.Enum):
    IDLE = "idle"           # Train may be pressed
    BUSY = "busy"           # something else runs (a download): nothing to pause or stop here
    RUNNING = "running"     # training: Pause and Stop
    PAUSED = "paused"       # training, paused: Resume and Stop


class RunControls(QWidget):
    """The buttons ask (``trainRequested``, ``pauseRequested``, ``resumeRequested``,
    ``stopRequested``); ``set_state`` and the ``show_*`` methods show what happens."""

    trainRequested = Signal()
    pauseRequested = Signal()
    resumeRequested = Signal()
    stopRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.train_button = QPushButton("Train", objectName="trainButton")
        self.train_button.setToolTip("Train a new network with these settings. The one in use is kept "
                                     "until you choose the new one.")
        self.pause_button = QPushButton("Pause", objectName="pauseButton")
        self.pause_button.setToolTip("Pause training; press again to resume.")
        self.stop_button = QPushButton("Stop", objectName="stopButton")
        self.stop_button.setToolTip("End the run now; nothing is kept.")
        self.epoch_progress = QProgressBar(objectName="epochProgress")
        self.epoch_progress.setFormat("epoch %p%")
        self.run_progress = QProgressBar(objectName="runProgress")
        self.run_progress.setFormat("run %p%")
        for bar in (self.epoch_progress, self.run_progress):
            bar.setRange(0, BAR_STEPS)
        self.status = QLabel("", objectName="epochLabel")
        self.speed = QLabel("", objectName="speedLabel")
        for label in (self.status, self.speed):        # new text never re-lays out the tab
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.message = QLabel("", objectName="trainMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")

        buttons = QHBoxLayout()
        for b in (self.train_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons, 0, 0)
        for row, widget in enumerate((self.epoch_progress, self.run_progress, self.status, self.speed,
                                      self.message), start=1):
            layout.addWidget(widget, row, 0)

        self.train_button.clicked.connect(self.trainRequested)
        self.pause_button.clicked.connect(self._pause_or_resume)
        self.stop_button.clicked.connect(self.stopRequested)
        self.state = None
        self._rate = ""          # the last speed, kept on the speed line when the run ends
        self.set_state(RunState.IDLE)

    def set_state(self, state: RunState):
        self.state = state
        training = state in (RunState.RUNNING, RunState.PAUSED)
        self.train_button.setEnabled(state is RunState.IDLE)
        self.pause_button.setEnabled(training)
        self.stop_button.setEnabled(training)
        self.pause_button.setText("Resume" if state is RunState.PAUSED else "Pause")
        if state is RunState.PAUSED:
            self.status.setText("Paused.")

    def _pause_or_resume(self):
        (self.resumeRequested if self.state is RunState.PAUSED else self.pauseRequested).emit()

    # -- what happens ----------------------------------------------------------------------
    def show_loading(self):
        self.status.setText("Loading MNIST…")

    def show_start(self, images):
        """A run begins on ``images`` training images."""
        for bar in (self.epoch_progress, self.run_progress):
            bar.setValue(0)
        self.status.setText(f"Training on {images:,} images…")
        self.speed.setText("")
        self._rate = ""

    def show_progress(self, event):
        """A network.train.Progress event: the bars, the loss, the speed and the time left."""
        self.epoch_progress.setValue(int(BAR_STEPS * event.epoch_fraction))
        self.run_progress.setValue(int(BAR_STEPS * event.fraction))
        seen = (event.epoch - 1) * event.per_epoch + event.seen
        rate = seen / max(event.elapsed, 1e-9)
        left = event.elapsed / max(event.fraction, 1e-9) * (1 - event.fraction)
        self.status.setText(f"Epoch {event.epoch} of {event.epochs} · loss {event.loss:.4f}")
        self.speed.setText(f"{rate:,.0f} images/s · about {duration(left)} left")
        self._rate = f"{rate:,.0f} images/s"

    def show_epoch(self, event):
        """A network.train.EpochEnd event."""
        test = f" · test {event.test_accuracy:.2%}" if event.test_accuracy is not None else ""
        self.status.setText(f"Epoch {event.epoch} of {event.epochs}: train {event.train_accuracy:.2%}{test}")

    def show_finished(self, finished):
        """A network.train.Finished event."""
        for bar in (self.epoch_progress, self.run_progress):
            bar.setValue(BAR_STEPS)
        self.status.setText(f"Done in {duration(finished.seconds)}.")
        self.speed.setText(self._rate)

    def show_stopped(self):
        self.status.setText("Stopped; nothing was kept.")

    def show_message(self, sentence):
        """A problem, in one sentence (empty to clear)."""
        self.message.setText(as_sentence(sentence))


def duration(seconds):
    """'42 s' or '3 min 05 s'."""
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
