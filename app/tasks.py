"""Work off the GUI thread: a ``Task`` owns one worker thread from start to cancel to result.

As in Orange's concurrent helpers, the work is a plain function that knows
nothing of Qt (see app/jobs.py)::

    def work(state, *args):
        ...
        state.report(event)            # progress, handed to the GUI thread
        if state.should_stop():        # between steps; blocks while paused
            return None                #   (or raise network.errors.Cancelled)
        return result

The Task lives on the GUI thread. ``start(work, *args)`` runs the function
on a new QThread; its outcome arrives as signals on the GUI thread:
``progress(event)`` for each report, then one of ``succeeded(result)``,
``failed(error)`` (a DigitsError, whose str() is one sentence) or
``cancelled(sentence)`` (the Cancelled error's sentence: a Text, rendered in the
language of the moment by str(), or "" when stopped); ``ended()`` comes last,
once the thread is gone.
``cancel()``, ``pause()`` and ``resume()`` may be called at any time.
Widgets only ever touch these signals, never the worker.
"""
from __future__ import annotations

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

    def __init__(self, emit):
        self._emit = emit
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._last_report = 0.0

    def report(self, event, urgent=False):
        """Hand ``event`` to the GUI thread: urgent ones always, the others at most every
        REPORT_INTERVAL (counted among themselves: urgent events do not hold them back)."""
        if urgent:
            self._emit(event)
            return
        now = time.perf_counter()
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


class _Runner(QObject):
    """Runs the work function in the worker thread and reports back through queued signals."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal(object)
    done = Signal()

    def __init__(self, work, args, before=None):
        super().__init__()
        self.state = TaskState(self.progress.emit)
        self._work, self._args, self._before = work, args, before

    @Slot()
    def run(self):
        try:
            if self._before is not None:
                self._before()
            result = self._work(self.state, *self._args)
            if self.state.stopped():
                self.cancelled.emit("")
            else:
                self.succeeded.emit(result)
        except Cancelled as e:
            self.cancelled.emit(e.args[0] if e.args else "")    # a Text: rendered where it is shown
        except DigitsError as e:
            self.failed.emit(e)
        except MemoryError:
            self.failed.emit(DigitsError(Text("error.memory")))
        except Exception as e:              # a bug: say so, keep the window alive, keep the trace for us
            traceback.print_exc()
            self.failed.emit(DigitsError(Text("error.unexpected", error=f"{type(e).__name__}: {e}")))
        finally:
            # back to the GUI thread, where its Python owner (the Task) frees it
            self.moveToThread(QCoreApplication.instance().thread())
            self.done.emit()


class Task(QObject):
    """One piece of work at a time, on its own thread. See the module docstring.

    ``before`` (optional) runs first on the worker thread, e.g. to lower its priority.
    """

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal(object)
    ended = Signal()

    def __init__(self, parent=None, before=None):
        super().__init__(parent)
        self._before = before
        self._thread = self._runner = None
        self._paused = False

    def start(self, work, *args):
        """Run ``work(state, *args)`` on a new thread. Refused (False) while another run is going."""
        if self.is_running():
            return False
        runner = _Runner(work, args, self._before)
        for name in ("progress", "succeeded", "failed", "cancelled"):
            getattr(runner, name).connect(getattr(self, name))      # queued: they arrive on the GUI thread
        thread = QThread(self)
        _live.add(thread)
        thread.finished.connect(lambda t=thread: _live.discard(t), Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._thread_finished)
        runner.moveToThread(thread)
        thread.started.connect(runner.run)
        runner.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)   # never wait on the GUI thread
        self._thread, self._runner, self._paused = thread, runner, False
        thread.start()
        return True

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
        """Block until the thread has ended (at most ``ms``); True if it has. For closing only."""
        return self._thread is None or self._thread.wait(ms)

    def _thread_finished(self):
        thread = self._thread
        self._thread = self._runner = None
        self._paused = False
        if thread is not None:
            thread.deleteLater()
        self.ended.emit()
