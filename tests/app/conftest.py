"""Fixtures for the window: isolated settings, a synthetic MNIST folder, no threads or timers left behind."""
import threading

import pytest
from helpers import write_synthetic_mnist
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox


@pytest.fixture(autouse=True)
def settings(tmp_path, monkeypatch):
    """Every test gets its own empty QSettings (and, by tests/conftest.py, user data folder)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    s = QSettings(str(tmp_path / "digits.ini"), QSettings.Format.IniFormat)
    yield s


# A modal dialog nobody answers would wait forever offscreen: one that a failed test
# leaves behind (closing the window mid-training asks "Stop training?") hung a CI run
# for 80 minutes. Each one is answered as Escape would, and the test fails instead.
_MODAL = {
    (QMessageBox, "question"): lambda *a, **k: QMessageBox.StandardButton.No,
    (QMessageBox, "warning"): lambda *a, **k: QMessageBox.StandardButton.Cancel,
    (QMessageBox, "critical"): lambda *a, **k: QMessageBox.StandardButton.Cancel,
    (QMessageBox, "information"): lambda *a, **k: QMessageBox.StandardButton.Cancel,
    (QMessageBox, "about"): lambda *a, **k: None,
    (QFileDialog, "getOpenFileName"): lambda *a, **k: ("", ""),
    (QFileDialog, "getOpenFileNames"): lambda *a, **k: ([], ""),
    (QFileDialog, "getSaveFileName"): lambda *a, **k: ("", ""),
    (QFileDialog, "getExistingDirectory"): lambda *a, **k: "",
}


@pytest.fixture(autouse=True)
def quick_moments(monkeypatch):
    """The window's deliberate delays, shortened so that no test waits for them: preparing what
    opening it should not wait for (200 ms after it appears), keeping a network made here on disk
    (a second after it changes). What they do is unchanged."""
    import app.main_window

    monkeypatch.setattr(app.main_window, "PREPARE_DELAY_MS", 0)
    monkeypatch.setattr(app.main_window, "KEEP_DELAY_MS", 50)


@pytest.fixture(autouse=True)
def no_unanswered_dialogs(monkeypatch):
    """Fail a test in which a modal dialog opens that the test does not answer itself
    (by monkeypatching it), instead of hanging on it."""
    opened = []

    def unanswered(cls, name, answer):
        def ask(*args, **kwargs):
            opened.append(f"QMessageBox.{name}" if cls is QMessageBox else f"QFileDialog.{name}")
            return answer(*args, **kwargs)
        return ask

    for (cls, name), answer in _MODAL.items():
        monkeypatch.setattr(cls, name, unanswered(cls, name, answer))
    yield
    assert not opened, f"modal dialogs that no one answered (each would hang the suite): {opened}"


@pytest.fixture(autouse=True)
def nothing_left_running(qapp, qtbot):
    """Fail a test that leaves a worker thread running, or a timer that still runs once every
    window is closed (it would fire into a window that is gone)."""
    from app.tasks import live_threads

    before = set(threading.enumerate())
    yield
    qtbot.waitUntil(lambda: not live_threads(), timeout=10_000)
    QApplication.processEvents()
    lingering = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    assert not lingering, f"threads left running: {lingering}"
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QApplication.processEvents()
    timers = {t for w in [qapp, *QApplication.topLevelWidgets()] for t in w.findChildren(QTimer) if t.isActive()}
    assert not timers, "timers still running after every window closed: " + ", ".join(
        f"{t.parent().metaObject().className()}.{t.objectName() or '?'} ({t.interval()} ms)" for t in timers)


@pytest.fixture
def shown_window(qtbot, settings):
    """The main window with its own settings, shown and exposed."""
    from app.main_window import MainWindow

    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture(scope="session")
def _synthetic_mnist_once(tmp_path_factory):
    return write_synthetic_mnist(tmp_path_factory.mktemp("synthetic") / "mnist")


@pytest.fixture
def synthetic_mnist(_synthetic_mnist_once):
    """A folder with the four MNIST files of an easy synthetic problem (written once; read only)."""
    return _synthetic_mnist_once
