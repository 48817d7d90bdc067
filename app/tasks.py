"""Work off the GUI thread: a ``Task`` owns one worker thread from start to cancel to result.

As in Orange's concurrent helpers, the work is a plain function that knows
nothing of Qt (see each tab's jobs.py)::

    def work(state, *args):
        ...
        state.report(event)            # progress, handed to the GUI thread
        if state.should_stop():        # between steps; blocks while paused
            return None                #   (or raise network.errors.Cancelled)
        return result

The Task lives on the GUI thread. ``start(work, *args)`` runs the function
on a new QThread, at a lower priority than the window's (``favour_the_window``);
its outcome arrives as signals on the GUI thread:
``progress(event)`` for each report, then one of ``succeeded(result)``,
``failed(error)`` (a DigitsError, whose str() is one sentence) or
``cancelled(sentence)`` (the Cancelled error's sentence: a Text, rendered in the
language of the moment by str(), or "" when stopped and nothing was returned;
work that still returns something after a stop, what it kept, succeeds with it); ``ended()`` comes last,
once the thread is gone.
``cancel()``, ``pause()`` and ``resume()`` may be called at any time.
Widgets only ever touch these signals, never the worker.

As in Orange's ``ConcurrentMixin.start``, a new ``start`` supersedes a run
still going: the old run is cancelled and disconnected (nothing it reports or
returns arrives any more, not even its ``ended``), and the new one starts at
once. One Task serves one kind of work (a tab has a Task per kind), so what
arrives is always the answer to the last request.
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
import traceback

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from network.errors import Cancelled, DigitsError
from network.i18n import Text

REPORT_INTERVAL = 0.1
"""Seconds between progress reports that are not urgent: the window is never flooded."""

_live = set()


def live_threads():
    """Task threads that are still running (tests check that none is left behind)."""
    return [t for t in _live if t.isRunning()]


class TaskState:
    """What a work function gets: ``report(event)``, ``should_stop()``. Thread-safe."""

    def __init__(self, emit, clock=time.perf_counter):
        self._emit, self._clock = emit, clock
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._last_report = -REPORT_INTERVAL

    def report(self, event, urgent=False):
        """Hand ``event`` to the GUI thread: urgent ones always, the others at most every
        REPORT_INTERVAL (counted among themselves: urgent events do not hold them back)."""
        if urgent:
            self._emit(event)
            return
        now = self._clock()
        if now - self._last_report >= REPORT_INTERVAL:
            self._last_report = now
            self._emit(event)

    def should_stop(self):
        """True once the task was cancelled; while it is paused, wait here."""
        self._running.wait()
        return self._stop.is_set()

    def stopped(self):
        """True once the task was cancelled (never waits: for work that cannot pause)."""
        return self._stop.is_set()

    # called from the GUI thread through the Task
    def _cancel(self):
        self._stop.set()
        self._running.set()

    def _pause(self, paused):
        if paused:
            self._running.clear()
        else:
            self._running.set()


def favour_the_window(nice=10):
    """Let the GUI thread win the CPU over the work on the calling thread (every Task's worker).

    Linux: the calling thread gets nice +10, and so do the threads it starts
    afterwards (the distortion thread of training inherits it); elsewhere it
    gets a low Qt priority. Only the worker itself is lowered: BLAS's pool
    threads are not (an earlier version lowered every thread of the process,
    for good, and after one training run the window's own inference and
    teaching crawled whenever another program was busy); training keeps BLAS
    to one thread (app/train/jobs.py).
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, max(nice, os.getpriority(os.PRIO_PROCESS, tid)))
            return
    QThread.currentThread().setPriority(QThread.Priority.LowPriority)


class _Runner(QObject):
    """Runs the work function in the worker thread and reports back through queued signals."""

    news = Signal(object, str, object)
    """(this runner, 'progress' | 'succeeded' | 'failed' | 'cancelled', the value): the runner
    comes along so that the Task can drop a superseded run's late news."""
    done = Signal()

    def __init__(self, work, args):
        super().__init__()
        self.state = TaskState(lambda event: self.news.emit(self, "progress", event))
        self._work, self._args = work, args

    @Slot()
    def run(self):
        try:
            favour_the_window()
            result = self._work(self.state, *self._args)
            if self.state.stopped() and result is None:     # what stopped work still returns is
                self.news.emit(self, "cancelled", "")       # what it kept (training: the last epoch's)
            else:
                self.news.emit(self, "succeeded", result)
        except Cancelled as e:
            self.news.emit(self, "cancelled", e.args[0] if e.args else "")    # a Text: rendered where it is shown
        except DigitsError as e:
            self.news.emit(self, "failed", e)
        except MemoryError:
            self.news.emit(self, "failed", DigitsError(Text("error.memory")))
        except Exception as e:              # a bug: say so, keep the window alive, keep the trace for us
            traceback.print_exc()
            self.news.emit(self, "failed", DigitsError(Text("error.unexpected", error=f"{type(e).__name__}: {e}")))
        finally:
            # back to the GUI thread, where its Python owner (the Task) frees it
            self.moveToThread(QCoreApplication.instance().thread())
            self.done.emit()


class Task(QObject):
    """One kind of work on its own thread, the last request winning. See the module docstring."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal(object)
    ended = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread = self._runner = None
        self._paused = False
        self._superseded = {}           # thread -> runner of cancelled runs that have not ended yet

    def start(self, work, *args):
        """Run ``work(state, *args)`` on a new thread, superseding a run still going."""
        if self._runner is not None:
            self._supersede()
        runner = _Runner(work, args)
        runner.news.connect(self._relay)      # queued: it arrives on the GUI thread
        thread = QThread(self)
        _live.add(thread)
        thread.finished.connect(lambda t=thread: _live.discard(t), Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._thread_finished)
        runner.moveToThread(thread)
        thread.started.connect(runner.run)
        runner.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)   # never wait on the GUI thread
        self._thread, self._runner, self._paused = thread, runner, False
        thread.start()

    @Slot(object, str, object)
    def _relay(self, runner, kind, value):
        """Pass on what the current run sent; drop what a superseded run sends."""
        if runner is self._runner:
            getattr(self, kind).emit(value)

    def _supersede(self):
        """Cancel the current run and cut it off: nothing it sends arrives any more."""
        runner, thread = self._runner, self._thread
        runner.state._cancel()
        self._superseded[thread] = runner        # kept alive until its thread ends
        self._thread = self._runner = None
        self._paused = False

    def is_running(self):
        return self._thread is not None

    @property
    def paused(self):
        return self._paused

    def cancel(self):
        """Ask the work to stop at its next check."""
        if self._runner is not None:
            self._runner.state._cancel()
            self._paused = False

    def pause(self):
        if self._runner is not None:
            self._runner.state._pause(True)
            self._paused = True

    def resume(self):
        if self._runner is not None:
            self._runner.state._pause(False)
            self._paused = False

    def wait(self, ms):
        """Block until every thread of this Task has ended (at most ``ms`` in all); True if they
        have. For closing only."""
        deadline = time.monotonic() + ms / 1000
        threads = [t for t in (self._thread, *self._superseded) if t is not None]
        return all(t.wait(max(0, int((deadline - time.monotonic()) * 1000))) for t in threads)

    @Slot()
    def _thread_finished(self):
        thread = self.sender()
        thread.deleteLater()
        if thread in self._superseded:
            del self._superseded[thread]
            return
        if thread is self._thread:
            self._thread = self._runner = None
            self._paused = False
            self.ended.emit()
