"""Train, Pause/Resume, Stop, and how far the run is: two progress bars, two lines, a message."""
from __future__ import annotations

import enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

from network.i18n import Number, Percent, Text, tr

from ..language import Retranslatable, set_text
from ..widgets.colour_scale import PROBLEM_STYLE
from ..widgets.text import as_sentence

BAR_STEPS = 1000


class RunState(enum.Enum):
    IDLE = "idle"           # Train may be pressed
    BUSY = "busy"           # something else runs (a download): nothing to pause or stop here
    RUNNING = "running"     # training: Pause and Stop
    PAUSED = "paused"       # training, paused: Resume and Stop


class RunControls(Retranslatable, QWidget):
    """The buttons ask (``trainRequested``, ``pauseRequested``, ``resumeRequested``,
    ``stopRequested``); ``set_state`` and the ``show_*`` methods show what happens.

    The lines keep what they show as Texts (``_status``, ``_speed``, ``_rate``,
    ``_message``), so a change of language shows them again in the new one."""

    trainRequested = Signal()
    pauseRequested = Signal()
    resumeRequested = Signal()
    stopRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.train_button = QPushButton(objectName="trainButton")
        self.pause_button = QPushButton(objectName="pauseButton")
        self.stop_button = QPushButton(objectName="stopButton")
        self.epoch_progress = QProgressBar(objectName="epochProgress")
        self.run_progress = QProgressBar(objectName="runProgress")
        for bar in (self.epoch_progress, self.run_progress):
            bar.setRange(0, BAR_STEPS)
            bar.setValue(0)             # "epoch 0%" before a run: reset, a bar showed no text at all and
            bar.setTextVisible(True)    # looked like an empty text field
        self.status = QLabel("", objectName="epochLabel")
        self.speed = QLabel("", objectName="speedLabel")
        for label in (self.status, self.speed):        # new text never re-lays out the tab
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.message = QLabel("", objectName="trainMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)

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
        self._status = self._speed = self._message = ""
        self._rate = ""          # the last speed, kept on the speed line when the run ends
        self.set_state(RunState.IDLE)
        self.show_texts()

    def show_texts(self):
        set_text(self.train_button, "run.train", "run.train.tip")
        self.pause_button.setText(tr("run.resume") if self.state is RunState.PAUSED else tr("run.pause"))
        self.pause_button.setToolTip(tr("run.pause.tip"))
        set_text(self.stop_button, "run.stop", "run.stop.tip")
        self.epoch_progress.setFormat(tr("run.epoch_bar"))
        self.run_progress.setFormat(tr("run.run_bar"))
        self._show()

    def _show(self, status=None, speed=None):
        """Show these lines (None: keep what is there) and render all of them."""
        if status is not None:
            self._status = status
        if speed is not None:
            self._speed = speed
        self.status.setText(str(self._status))
        self.speed.setText(str(self._speed))
        self.message.setText(as_sentence(str(self._message)))

    def set_state(self, state: RunState):
        self.state = state
        training = state in (RunState.RUNNING, RunState.PAUSED)
        self.train_button.setEnabled(state is RunState.IDLE)
        self.pause_button.setEnabled(training)
        self.stop_button.setEnabled(training)
        self.pause_button.setText(tr("run.resume") if state is RunState.PAUSED else tr("run.pause"))
        if state is RunState.PAUSED:
            self._show(Text("run.paused"))

    def _pause_or_resume(self):
        (self.resumeRequested if self.state is RunState.PAUSED else self.pauseRequested).emit()

    # -- what happens ----------------------------------------------------------------------
    def show_loading(self):
        self._show(Text("run.loading"))

    def show_remembering(self):
        """Training has ended; what the hidden layer does on MNIST is being measured for teaching."""
        self._show(Text("run.remembering"))

    def show_start(self, images):
        """A run begins on ``images`` training images."""
        for bar in (self.epoch_progress, self.run_progress):
            bar.setValue(0)
        self._rate = ""
        self._show(Text("run.start", images=Number(images)), "")

    def show_progress(self, event):
        """A network.train.Progress event: the bars, the loss, the speed and the time left."""
        self.epoch_progress.setValue(int(BAR_STEPS * event.epoch_fraction))
        self.run_progress.setValue(int(BAR_STEPS * event.fraction))
        seen = (event.epoch - 1) * event.per_epoch + event.seen
        rate = seen / max(event.elapsed, 1e-9)
        left = event.elapsed / max(event.fraction, 1e-9) * (1 - event.fraction)
        self._rate = Text("run.rate", rate=Number(rate))
        self._show(Text("run.progress", epoch=event.epoch, epochs=event.epochs, loss=Number(event.loss, 4)),
                   Text("run.speed", rate=self._rate, left=duration(left)))

    def show_epoch(self, event):
        """A network.train.EpochEnd event."""
        if event.test_accuracy is None:
            self._show(Text("run.epoch_end", epoch=event.epoch, epochs=event.epochs,
                            train=Percent(event.train_accuracy)))
        else:
            self._show(Text("run.epoch_end.test", epoch=event.epoch, epochs=event.epochs,
                            train=Percent(event.train_accuracy), test=Percent(event.test_accuracy)))

    def show_finished(self, finished):
        """A network.train.Finished event."""
        for bar in (self.epoch_progress, self.run_progress):
            bar.setValue(BAR_STEPS)
        self._show(Text("run.done", duration=duration(finished.seconds)), self._rate)

    def show_stopped(self):
        self._show(Text("run.stopped"), "")         # no time left to estimate any more

    def show_kept(self, epoch, epochs):
        """Stopped after ``epoch`` finished epochs: the network as it was then is kept."""
        self._show(Text("run.stopped.kept", epoch=epoch, epoch_next=epoch + 1, epochs=epochs), "")

    def show_message(self, sentence):
        """A problem, in one sentence: a Text, an error, a str (empty to clear)."""
        self._message = sentence if sentence is not None else ""
        self._show()


def duration(seconds):
    """'42 s' or '3 min 05 s' (a Text)."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return Text("time.seconds", seconds=seconds)
    return Text("time.minutes", minutes=seconds // 60, seconds=f"{seconds % 60:02d}")
