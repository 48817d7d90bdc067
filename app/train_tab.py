"""The Train tab: choose data and settings, press Train, watch it learn, keep the result.

Composes the data panel, the settings form, the run controls, the live plots
and the results; runs the engine in workers (app/workers.py) and swaps
nothing into the Draw tab unless the user presses "Use this network".
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton,
                               QSizePolicy, QSplitter, QVBoxLayout, QWidget)

from network import data
from network.errors import DigitsError

from . import workers
from .data_panel import DataPanel
from .text import as_sentence
from .train_settings import TrainSettings
from .training_plots import TrainingPlots
from .training_results import TrainingResults


class TrainTab(QWidget):
    """``useNetwork(network, metadata)`` and ``saveNetwork(network, metadata)`` hand a trained network on."""

    useNetwork = Signal(object, dict)
    saveNetwork = Signal(object, dict)
    trainingFinished = Signal(float)      # the test accuracy, for whoever listens (tests, status bar)

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.data_panel = DataPanel()
        self.form = TrainSettings()
        self.plots = TrainingPlots()
        self.results = TrainingResults()

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
            bar.setRange(0, 1000)
        self.epoch_label = QLabel("", objectName="epochLabel")
        self.speed_label = QLabel("", objectName="speedLabel")
        for label in (self.epoch_label, self.speed_label):    # new text never re-lays out the tab
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.message = QLabel("", objectName="trainMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")

        buttons = QHBoxLayout()
        for b in (self.train_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        run = QGridLayout()
        run.addLayout(buttons, 0, 0, 1, 2)
        run.addWidget(self.epoch_progress, 1, 0, 1, 2)
        run.addWidget(self.run_progress, 2, 0, 1, 2)
        run.addWidget(self.epoch_label, 3, 0, 1, 2)
        run.addWidget(self.speed_label, 4, 0, 1, 2)
        run.addWidget(self.message, 5, 0, 1, 2)

        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addLayout(run)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.plots)
        right.addWidget(self.results)
        right.setChildrenCollapsible(False)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        right.setSizes([260, 390])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left_widget)
        body.addWidget(right)
        body.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.data_panel)
        layout.addWidget(body, 1)

        self._train_set = self._test_set = None
        self._loaded_from = None
        self._thread = self._worker = self._on_done = None
        self._loading = None
        self._finished = None
        self._connect_signals()
        self.refresh_source()
        self._set_running(False)

    def _connect_signals(self):
        self.train_button.clicked.connect(self.start_training)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        self.data_panel.downloadRequested.connect(self.start_download)
        self.data_panel.cancelRequested.connect(self.stop)
        self.data_panel.sourceChosen.connect(self.choose_source)
        self.results.useRequested.connect(lambda: self._hand_on(self.useNetwork))
        self.results.saveRequested.connect(lambda: self._hand_on(self.saveNetwork))

    # -- data ------------------------------------------------------------------------
    def source(self):
        """('csv', [train, test]) or ('folder', [folder], where)."""
        csv = self.settings.value("dataCsv", [], list) or []
        if len(csv) == 2:
            return "csv", csv, "csv"
        folder = self.settings.value("dataFolder", "", str)
        if folder:
            return "folder", [folder], "option"
        path, where = data.data_dir()
        return "folder", [str(path)], where

    def refresh_source(self):
        """Show where the data is; True if it is there."""
        kind, paths, where = self.source()
        if kind == "csv":
            return self.data_panel.show_source(None, where, csv=paths)
        folder = Path(paths[0])
        return self.data_panel.show_source(folder, where, missing=data.missing_files(folder))

    def choose_source(self, kind, paths):
        if kind == "csv":
            if len(paths) != 2:
                self.show_message("choose two CSV files: mnist_train.csv and mnist_test.csv.")
                return
            train = [p for p in paths if "train" in Path(p).name.lower()]
            ordered = train + [p for p in paths if p not in train] if len(train) == 1 else list(paths)
            self.settings.setValue("dataCsv", ordered)
        else:
            self.settings.setValue("dataCsv", [])
            self.settings.setValue("dataFolder", paths[0])
        self._train_set = self._test_set = None
        self.show_message("")
        self.refresh_source()

    def start_download(self):
        kind, paths, _ = self.source()
        folder = paths[0] if kind == "folder" else str(data.data_dir()[0])
        worker = workers.DownloadWorker(folder)
        worker.progress.connect(self.data_panel.show_download_progress)
        self.data_panel.set_downloading(True)
        self.show_message("")
        self._start(worker, on_done=self._download_ended)

    def _download_ended(self):
        self.data_panel.set_downloading(False)
        self.refresh_source()

    # -- running -----------------------------------------------------------------------
    def start_training(self):
        if self.is_running():
            return
        try:
            self.form.config()
        except DigitsError as e:
            self.show_message(str(e))
            return
        self.show_message("")
        kind, paths, _ = self.source()
        if self._train_set is not None and self._loaded_from == (kind, paths):
            self._begin_training()
            return
        if kind == "folder" and data.missing_files(paths[0]):
            self.refresh_source()
            self.show_message(f"there is no MNIST in {paths[0]} yet: download it or choose where it is.")
            return
        worker = workers.LoadWorker(folder=paths[0]) if kind == "folder" else workers.LoadWorker(csv=paths)
        worker.loaded.connect(self._loaded)
        self._loading = (kind, paths)
        self.epoch_label.setText("Loading MNIST…")
        self._start(worker, on_done=self._begin_training_if_loaded)

    def _loaded(self, train_set, test_set, source):
        self._train_set, self._test_set, self._loaded_from = train_set, test_set, self._loading

    def _begin_training_if_loaded(self):
        if self._train_set is not None and self._loaded_from == self._loading:
            self._begin_training()

    def _begin_training(self):
        config = self.form.config()
        train_set = self._train_set.head(self.form.training_images())
        self.plots.reset()
        self.results.clear()
        self.epoch_progress.setValue(0)
        self.run_progress.setValue(0)
        self._finished = None
        worker = workers.TrainWorker(config, train_set, self._test_set)
        worker.progress.connect(self._show_progress)
        worker.epochEnded.connect(self._show_epoch)
        worker.finished.connect(self._show_finished)
        worker.stopped.connect(self._show_stopped)
        self.epoch_label.setText(f"Training on {len(train_set):,} images…")
        self._start(worker)

    def _start(self, worker, on_done=None):
        self._worker, self._on_done = worker, on_done
        worker.failed.connect(self.show_message)
        self._thread = workers.start(worker, self)
        self._thread.finished.connect(self._thread_finished)
        self._set_running(True)

    def _thread_finished(self):
        """The worker's thread has ended (queued to the GUI thread): forget it, then go on."""
        thread, on_done = self._thread, self._on_done
        self._thread = self._worker = self._on_done = None
        if thread is not None:
            thread.deleteLater()
        self._set_running(False)
        if on_done:
            on_done()

    def toggle_pause(self):
        if not isinstance(self._worker, workers.TrainWorker):
            return
        if self.pause_button.text() == "Pause":
            self._worker.pause()
            self.pause_button.setText("Resume")
            self.epoch_label.setText("Paused.")
        else:
            self._worker.resume()
            self.pause_button.setText("Pause")

    def stop(self, wait_ms=0):
        """Ask the running work to stop (between batches); optionally wait for its thread."""
        if self._worker is not None:
            self._worker.stop()
        if wait_ms and self._thread is not None:
            self._thread.wait(wait_ms)

    def is_running(self):
        return self._thread is not None and not self._thread.isFinished()

    def may_close(self):
        """Called when the window closes: ask, then stop the work cleanly. False keeps the window."""
        if not self.is_running():
            return True
        answer = QMessageBox.question(self, "Training is running",
                                      "Training is still running. Stop it and close Digits?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        thread = self._thread
        self.stop()
        if thread is not None:
            thread.wait(10_000)
        return True

    def _set_running(self, running):
        training = running and isinstance(self._worker, workers.TrainWorker)
        self.train_button.setEnabled(not running)
        self.pause_button.setEnabled(training)
        self.stop_button.setEnabled(training)
        self.pause_button.setText("Pause")
        self.form.setEnabled(not running)

    # -- showing --------------------------------------------------------------------------
    def _show_progress(self, event):
        self.epoch_progress.setValue(int(1000 * event.epoch_fraction))
        self.run_progress.setValue(int(1000 * event.fraction))
        self.plots.add_progress(event)
        total_seen = (event.epoch - 1) * event.per_epoch + event.seen
        rate = total_seen / max(event.elapsed, 1e-9)
        left = event.elapsed / max(event.fraction, 1e-9) * (1 - event.fraction)
        self.epoch_label.setText(f"Epoch {event.epoch} of {event.epochs} · loss {event.loss:.4f}")
        self.speed_label.setText(f"{rate:,.0f} images/s · about {_duration(left)} left")

    def _show_stopped(self):
        self.epoch_label.setText("Stopped; nothing was kept.")

    def _show_epoch(self, event):
        self.plots.add_epoch(event)
        test = f" · test {event.test_accuracy:.2%}" if event.test_accuracy is not None else ""
        self.epoch_label.setText(f"Epoch {event.epoch} of {event.epochs}: train {event.train_accuracy:.2%}{test}")

    def _show_finished(self, finished, evaluation):
        self._finished = finished
        self.epoch_progress.setValue(1000)
        self.run_progress.setValue(1000)
        self.plots.redraw()
        self.results.show_result(finished, evaluation, self._test_set)
        self.epoch_label.setText(f"Done in {_duration(finished.seconds)}.")
        self.speed_label.setText(self.speed_label.text().split(" · ")[0])
        self.trainingFinished.emit(evaluation.accuracy)

    def show_message(self, sentence):
        self.message.setText(as_sentence(sentence))

    def _hand_on(self, signal):
        if self._finished is None:
            return
        f = self._finished
        meta = {"training": f.config.to_dict(), "test_accuracy": f.test_accuracy,
                "trained_on": f"MNIST ({self.form.training_images():,} training images), in the window",
                "seconds": round(f.seconds, 1)}
        signal.emit(f.network, meta)


def _duration(seconds):
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
