"""Work that runs off the GUI thread: training, loading data, downloading MNIST.

Each worker is a QObject moved to its own QThread; it talks to the window
only through signals (queued across threads) and is told to stop or pause
through thread-safe events it checks between batches. The work itself is
the engine's public functions; nothing here is maths.
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from network.errors import DigitsError

PROGRESS_INTERVAL = 0.1   # seconds between progress signals: the window never floods


class Worker(QObject):
    """Base: ``failed(str)`` carries a one-sentence error, ``done`` always fires last."""

    failed = Signal(str)
    done = Signal()

    def __init__(self):
        super().__init__()
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def stop(self):
        """Ask the work to end at the next check (between batches); thread-safe."""
        self._stop.set()
        self._running.set()

    def pause(self):
        self._running.clear()

    def resume(self):
        self._running.set()

    def should_stop(self):
        """Block while paused; True once stop() was called."""
        self._running.wait()
        return self._stop.is_set()

    @Slot()
    def run(self):
        try:
            self.work()
        except DigitsError as e:            # Cancelled too: "the download was cancelled; nothing was kept."
            self.failed.emit(str(e))
        except MemoryError:
            self.failed.emit("there is not enough memory for this network; try fewer hidden nodes.")
        finally:
            # back to the GUI thread, where its Python owner will free it (one owner only:
            # a deleteLater as well would delete it twice)
            self.moveToThread(QCoreApplication.instance().thread())
            self.done.emit()

    def work(self):
        raise NotImplementedError


def yield_cpu_to_the_window(nice=10):
    """Let the GUI thread win the CPU over training (Linux: every other thread of the process
    gets nice +10, BLAS's pool threads included; elsewhere the calling thread gets a low priority).

    Training saturates every core; without this the window's own painting
    waits for a time slice and the event loop stalls for 50-100 ms on 2 cores.
    The threads keep the lower priority afterwards (raising it back needs
    privileges); the window's work, on its own thread, is not affected.
    """
    if sys.platform.startswith("linux") and os.path.isdir("/proc/self/task"):
        main = threading.main_thread().native_id
        for task in os.listdir("/proc/self/task"):
            tid = int(task)
            if tid != main:
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, tid, max(nice, os.getpriority(os.PRIO_PROCESS, tid)))
    else:
        QThread.currentThread().setPriority(QThread.Priority.LowPriority)


class TrainWorker(Worker):
    """Trains with ``network.train.train`` and reports.

    Signals: progress(Progress) at most every 0.1 s, epochEnded(EpochEnd),
    finished(Finished, Evaluation) with the evaluation on the test set, and
    stopped() when the user stopped it.
    """

    progress = Signal(object)
    epochEnded = Signal(object)
    finished = Signal(object, object)
    stopped = Signal()

    def __init__(self, config, train_set, test_set):
        super().__init__()
        self.config, self.train_set, self.test_set = config, train_set, test_set

    def work(self):
        from network.evaluate import evaluate
        from network.train import EpochEnd, Finished, train

        yield_cpu_to_the_window()
        last = 0.0
        for event in train(self.config, self.train_set, self.test_set):
            if self.should_stop():
                self.stopped.emit()
                return
            if isinstance(event, EpochEnd):
                self.epochEnded.emit(event)
            elif isinstance(event, Finished):
                self.finished.emit(event, evaluate(event.network, self.test_set))
            else:
                now = time.perf_counter()
                if now - last >= PROGRESS_INTERVAL:
                    last = now
                    self.progress.emit(event)


class LoadWorker(Worker):
    """Loads MNIST (IDX folder or CSV pair): loaded(train, test, source)."""

    loaded = Signal(object, object, str)

    def __init__(self, folder=None, csv=None):
        super().__init__()
        self.folder, self.csv = folder, csv

    def work(self):
        from network import data

        if self.csv:
            train, test = data.load_csv(self.csv[0]), data.load_csv(self.csv[1])
            self.loaded.emit(train, test, " and ".join(self.csv))
        else:
            train, test = data.load_mnist(self.folder)
            self.loaded.emit(train, test, str(self.folder))


class DownloadWorker(Worker):
    """Downloads MNIST into a folder: progress(done, total) in bytes, then downloaded(folder)."""

    progress = Signal(int, int)
    downloaded = Signal(str)

    def __init__(self, folder, **options):
        super().__init__()
        self.folder, self.options = folder, options

    def work(self):
        from network.download import download_mnist

        last = [0.0]

        def report(done, total):
            now = time.perf_counter()
            if now - last[0] >= PROGRESS_INTERVAL or done >= total:
                last[0] = now
                self.progress.emit(done, total)

        download_mnist(self.folder, progress=report, should_stop=self._stop.is_set, **self.options)
        self.downloaded.emit(str(self.folder))


_live = set()


def live_threads():
    """Worker threads started here that are still running (tests check none is left)."""
    return [t for t in _live if t.isRunning()]


def start(worker, owner):
    """Run ``worker`` on a new QThread owned by ``owner``; returns the thread.

    The thread quits when the worker is done; the worker has then moved itself
    back to the GUI thread, and the owner drops it and deletes the thread
    (``deleteLater``) once it has seen ``finished``.
    Connect worker signals only to methods of GUI objects: a bare lambda has
    no receiver and would run in the worker's thread.
    """
    thread = QThread(owner)
    _live.add(thread)
    thread.finished.connect(partial(_live.discard, thread), Qt.ConnectionType.DirectConnection)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)   # quit is thread-safe; never wait on the GUI thread
    thread.start()
    return thread
