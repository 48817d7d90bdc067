"""The Task that runs the window's jobs on a worker thread: results, errors, cancel, pause, reports,
and a new start superseding the run before it."""
import threading

from app.tasks import REPORT_INTERVAL, Task, TaskState, live_threads
from network.errors import Cancelled, DataError


def test_a_result_arrives_on_the_gui_thread(qtbot):
    task = Task()
    seen = []
    task.succeeded.connect(lambda result: seen.append((result, threading.current_thread())))
    with qtbot.waitSignal(task.ended, timeout=5000):
        task.start(lambda state, a, b: a + b, 2, 3)
        assert task.is_running()
    assert seen == [(5, threading.main_thread())] and not task.is_running()


def test_a_new_start_supersedes_the_run_before_it(qtbot):
    """As Orange's ConcurrentMixin.start: the old run is cancelled, and nothing it sends arrives
    (neither its reports, nor its result, nor its end); the new one's do."""
    task = Task()
    results, reports, ends = [], [], []
    task.succeeded.connect(results.append)
    task.progress.connect(reports.append)
    task.ended.connect(lambda: ends.append(1))
    first_running, release_first = threading.Event(), threading.Event()

    def slow(state):
        first_running.set()
        release_first.wait(5)
        state.report("from the first", urgent=True)
        return "first"              # stopped, but returns anyway: it must not arrive

    def fast(state):
        state.report("from the second", urgent=True)
        return "second"

    task.start(slow)
    assert first_running.wait(5)
    with qtbot.waitSignal(task.ended, timeout=5000):
        task.start(fast)
        release_first.set()
    qtbot.waitUntil(lambda: not live_threads(), timeout=5000)      # the first thread has ended too
    assert results == ["second"] and reports == ["from the second"] and ends == [1]


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
    go = threading.Semaphore(0)

    def work(state):
        while not state.should_stop():      # waits here while paused
            if go.acquire(timeout=0.01):
                steps.append(1)
        return None

    task.start(work)
    for _ in range(3):
        go.release()
    qtbot.waitUntil(lambda: len(steps) == 3, timeout=5000)
    task.pause()
    assert task.paused
    qtbot.wait(20)                          # a step begun before the pause may still end
    frozen = len(steps)
    for _ in range(3):
        go.release()
    qtbot.wait(100)
    assert len(steps) == frozen             # paused: the released steps wait
    task.resume()
    qtbot.waitUntil(lambda: len(steps) == 6, timeout=5000)
    with qtbot.waitSignal(task.ended, timeout=5000):
        task.cancel()
    assert cancelled == [""]

    def stopped_by_itself(state):
        raise Cancelled("the download was cancelled; nothing was kept.")

    with qtbot.waitSignal(task.ended, timeout=5000):
        task.start(stopped_by_itself)
    assert cancelled[-1] == "the download was cancelled; nothing was kept."


def test_urgent_reports_do_not_hold_back_the_others():
    """Short epochs send an urgent report every few milliseconds; progress must still get through,
    at most once per REPORT_INTERVAL (a clock the test moves: no waiting)."""
    now = [0.0]
    sent = []
    state = TaskState(sent.append, clock=lambda: now[0])
    for _ in range(100):                    # 100 steps of 2 ms: 0.2 s
        state.report("epoch", urgent=True)
        state.report("progress")
        now[0] += 0.002
    assert sent.count("epoch") == 100
    assert sent.count("progress") == round(0.2 / REPORT_INTERVAL)
