"""The Task that runs the window's jobs on a worker thread: results, errors, cancel, pause, reports."""
import threading
import time

from app.tasks import REPORT_INTERVAL, Task, TaskState
from network.errors import Cancelled, DataError


def test_a_result_arrives_on_the_gui_thread(qtbot):
    task = Task()
    seen = []
    task.succeeded.connect(lambda result: seen.append((result, threading.current_thread())))
    with qtbot.waitSignal(task.ended, timeout=5000):
        assert task.start(lambda state, a, b: a + b, 2, 3)
        assert not task.start(lambda state: None)          # one at a time
    assert seen == [(5, threading.main_thread())] and not task.is_running()


def test_errors_become_one_sentence_and_bugs_do_not_kill_the_window(qtbot):
    task = Task()
    failures = []
    task.failed.connect(lambda error: failures.append(str(error)))

    def broken(state):
        raise DataError("the file is broken.")

    def buggy(state):
        return {}["missing"]

    for work in (broken, buggy):
        with qtbot.waitSignal(task.ended, timeout=5000):
            task.start(work)
    assert failures[0] == "the file is broken."
    assert failures[1].startswith("an unexpected error stopped this work (KeyError") and "\n" not in failures[1]


def test_cancel_and_pause(qtbot):
    task = Task()
    steps, cancelled = [], []
    task.cancelled.connect(cancelled.append)

    def work(state):
        for i in range(10_000):
            if state.should_stop():
                return None
            steps.append(i)
            time.sleep(0.001)
        return "done"

    task.start(work)
    qtbot.waitUntil(lambda: len(steps) > 5, timeout=5000)
    task.pause()
    time.sleep(0.05)
    frozen = len(steps)
    time.sleep(0.2)
    assert len(steps) == frozen and task.paused
    task.resume()
    qtbot.waitUntil(lambda: len(steps) > frozen, timeout=5000)
    with qtbot.waitSignal(task.ended, timeout=5000):
        task.cancel()
    assert cancelled == [""] and len(steps) < 10_000

    def stopped_by_itself(state):
        raise Cancelled("the download was cancelled; nothing was kept.")

    with qtbot.waitSignal(task.ended, timeout=5000):
        task.start(stopped_by_itself)
    assert cancelled[-1] == "the download was cancelled; nothing was kept."


def test_urgent_reports_do_not_hold_back_the_others():
    """Short epochs send an urgent report every few milliseconds; progress must still get through."""
    sent = []
    state = TaskState(sent.append)
    start = time.perf_counter()
    while time.perf_counter() - start < 5 * REPORT_INTERVAL:
        state.report("epoch", urgent=True)
        state.report("progress")
        time.sleep(0.002)
    assert sent.count("progress") >= 4
    assert sent.count("progress") <= 7                   # and they stay throttled
