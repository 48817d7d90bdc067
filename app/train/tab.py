"""The Train tab: choose data and settings, press Train, watch it learn, keep the result.

It composes six panels and wires them to two Tasks (app/tasks.py) that run
the jobs in app/train/jobs.py off the GUI thread, ``training`` and
``downloading``:

    DataPanel       where MNIST comes from; Download / Cancel
    TrainSettings   the preset and the fields
    RunControls     Train, Pause/Resume, Stop; progress
    WeightGrid      what 36 hidden neurons look for, changing as it learns
    TrainingPlots   live loss and accuracy curves
    TrainingResults test accuracy, confusion matrix, mistakes; Use / Save

Nothing replaces the network in use until the user presses "Use this
network": the tab then hands the network and its metadata on (``useNetwork``).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from network.errors import DigitsError, DownloadError
from network.i18n import Text, tr
from network.train import EpochEnd, Progress

from ..tasks import Task
from ..widgets.dialogs import confirm
from . import jobs
from .data_panel import DataPanel
from .plots import TrainingPlots
from .results import TrainingResults
from .run_controls import RunControls, RunState
from .settings_form import TrainSettings
from .weight_grid import WeightGrid


class TrainTab(QWidget):
    """``useNetwork(network, metadata)`` and ``saveNetwork(network, metadata)`` hand a trained network on;
    ``trainingFinished(accuracy)`` says a run has ended with that test accuracy."""

    useNetwork = Signal(object, dict)
    saveNetwork = Signal(object, dict)
    trainingFinished = Signal(float)

    def __init__(self, settings, dialogs, parent=None):
        super().__init__(parent)
        self.data_panel = DataPanel(settings, dialogs)
        self.form = TrainSettings()
        self.controls = RunControls()
        self.weights = WeightGrid()
        self.plots = TrainingPlots()
        self.results = TrainingResults()
        self.training = Task(self)
        self.downloading = Task(self)
        self._data = None           # (source, (train, test)) loaded last time
        self._outcome = None        # the last finished run: jobs.TrainingOutcome

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.form)
        left_layout.addWidget(self.controls)
        left_layout.addStretch(1)
        watching = QWidget()
        watching_layout = QHBoxLayout(watching)
        watching_layout.setContentsMargins(0, 0, 0, 0)
        watching_layout.addWidget(self.plots, 1)
        watching_layout.addWidget(self.weights)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(watching)
        right.addWidget(self.results)
        right.setChildrenCollapsible(False)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        right.setSizes([260, 390])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(right)
        body.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.data_panel)
        layout.addWidget(body, 1)
        self._connect_signals()

    def _connect_signals(self):
        self.controls.trainRequested.connect(self.start_training)
        self.controls.pauseRequested.connect(self.pause)
        self.controls.resumeRequested.connect(self.resume)
        self.controls.stopRequested.connect(self.stop)
        self.data_panel.downloadRequested.connect(self.start_download)
        self.data_panel.cancelRequested.connect(self.stop)
        self.data_panel.sourceChanged.connect(lambda: self.controls.show_message(""))
        self.data_panel.problem.connect(self.controls.show_message)
        self.training.progress.connect(self._progress)
        self.training.succeeded.connect(self._succeeded)
        self.training.cancelled.connect(self._cancelled)
        self.training.ended.connect(self._ended)
        self.downloading.progress.connect(lambda event: self.data_panel.show_download_progress(event.done,
                                                                                              event.total))
        self.downloading.cancelled.connect(self._cancelled)
        self.downloading.ended.connect(self._download_ended)
        for task in (self.training, self.downloading):
            task.failed.connect(self._failed)
        self.results.useRequested.connect(lambda: self._hand_over(self.useNetwork))
        self.results.saveRequested.connect(lambda: self._hand_over(self.saveNetwork))

    def data_source(self):
        """Where MNIST comes from, as the user chose it here (a network.data.mnist.DataSource)."""
        return self.data_panel.source()

    def prepare(self):
        """Build what is costly to build (the plots), soon after the window has appeared."""
        self.plots.ensure_built()

    # -- starting -----------------------------------------------------------------------
    def start_training(self):
        if self.is_running():
            return
        try:
            config = self.form.config()
        except DigitsError as e:
            self.controls.show_message(e)
            return
        source = self.data_panel.source()
        if not self.data_panel.refresh():
            self.controls.show_message(Text("train.no_data", folder=source.folder or source.csv[0].parent))
            return
        data = self._data[1] if self._data is not None and self._data[0] == source else None
        self.controls.show_message("")
        self.plots.reset()
        self.results.clear()
        self.weights.clear()
        self._outcome = None
        self.training.start(jobs.load_and_train, source, config, self.form.training_images(),
                            self.form.preset_name(), data)
        self._busy(RunState.RUNNING)

    def start_download(self):
        if self.is_running():
            return
        self.controls.show_message("")
        self.data_panel.set_downloading(True)
        self.downloading.start(jobs.download, self.data_panel.source().folder)
        self._busy(RunState.BUSY)

    def _busy(self, state):
        self.controls.set_state(state)
        self.form.setEnabled(False)

    # -- controlling ------------------------------------------------------------------------
    def pause(self):
        if self.training.is_running():
            self.training.pause()
            self.controls.set_state(RunState.PAUSED)
            self.results.show_state(Text("results.paused"))

    def resume(self):
        if self.training.is_running():
            self.training.resume()
            self.controls.set_state(RunState.RUNNING)
            self.results.show_state(Text("results.training"))

    def stop(self, wait_ms=0):
        """Ask the running job to stop (between batches); optionally wait for it to end."""
        for task in (self.training, self.downloading):
            task.cancel()
            if wait_ms:
                task.wait(wait_ms)

    def is_running(self):
        return self.training.is_running() or self.downloading.is_running()

    def may_close(self):
        """Called when the window closes: ask, then stop the work cleanly. False keeps the window."""
        if not self.is_running():
            return True
        if not confirm(self, tr("train.close.title"), tr("train.close.question")):
            return False
        self.stop(wait_ms=60_000)       # stops between batches or chunks; the longest step that cannot
        return True                     # stop is the moment's eigh at 4,096 hidden neurons (7 s here)

    # -- what the job says ----------------------------------------------------------------
    def _progress(self, event):
        if isinstance(event, Progress):
            self.controls.show_progress(event)
            self.plots.add_progress(event)
        elif isinstance(event, EpochEnd):
            self.controls.show_epoch(event)
            self.plots.add_epoch(event)
        elif isinstance(event, jobs.WeightSnapshot):
            self.weights.show_weights(event.weights)
        elif isinstance(event, jobs.Loading):
            self.controls.show_loading()
        elif isinstance(event, jobs.Training):
            self.controls.show_start(event.images)
        elif isinstance(event, jobs.Remembering):
            self.controls.show_remembering()

    def _succeeded(self, outcome):
        if outcome is None:
            return
        self._outcome = outcome
        self._data = (self.data_panel.source(), (outcome.train_set, outcome.test_set))
        if outcome.stopped_after is None:
            self.controls.show_finished(outcome.finished)
        else:
            self.controls.show_kept(outcome.stopped_after, outcome.finished.config.epochs)
        self.plots.redraw()
        self.results.show_result(outcome.evaluation, outcome.test_set, outcome.stopped_after)
        self.trainingFinished.emit(outcome.evaluation.accuracy)

    def _failed(self, error):
        """A DigitsError: its sentence, a failed download's remedy in the window's words."""
        if isinstance(error, DownloadError):
            key = {"files": "train.download.put_files", "folder": "train.download.other_folder"}.get(
                error.remedy, "error.download.plain")
            self.controls.show_message(Text(key, problem=error.problem, folder=error.folder))
        else:
            self.controls.show_message(error)

    def _cancelled(self, sentence):
        if sentence:
            self.controls.show_message(sentence)
        if self.training.is_running():
            self.controls.show_stopped()
            self.results.show_state(Text("results.stopped"))

    def _download_ended(self):
        self.data_panel.set_downloading(False)
        self.data_panel.refresh()
        self._ended()

    def _ended(self):
        self.controls.set_state(RunState.IDLE)
        self.form.setEnabled(True)

    def _hand_over(self, signal):
        """Hand the last trained network on, with the metadata of the run that made it."""
        if self._outcome is not None:
            signal.emit(self._outcome.finished.network, self._outcome.metadata)
