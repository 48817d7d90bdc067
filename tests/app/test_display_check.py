"""Where Qt cannot open a window, `digits` says why in one sentence instead of aborting."""
import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import display_check
from app.display_check import DEBIAN_PACKAGES, window_problem
from app.one_window import hand_over

LINUX_DESKTOP = {"DISPLAY": ":0"}


def _plugin(tmp_path):
    path = tmp_path / "libqxcb.so"
    path.write_bytes(b"stands in for Qt's plugin")
    return path


def _loader_cannot_find(name):
    def load(path, *args, **kwargs):
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    return load


def test_a_missing_x11_library_is_named_with_the_line_that_installs_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ctypes, "CDLL", _loader_cannot_find("libxcb-icccm.so.4"))
    problem = window_problem(LINUX_DESKTOP, "linux", _plugin(tmp_path))
    assert "needs the system library libxcb-icccm.so.4" in str(problem)
    assert f"sudo apt install {DEBIAN_PACKAGES}" in str(problem)
    assert "libxcb-icccm4" in DEBIAN_PACKAGES


def test_no_display_is_said_so(tmp_path, monkeypatch):
    monkeypatch.setattr(ctypes, "CDLL", lambda *a, **k: object())        # the plugin loads
    assert "no display is set" in str(window_problem({}, "linux", _plugin(tmp_path)))
    assert window_problem(LINUX_DESKTOP, "linux", _plugin(tmp_path)) is None
    assert window_problem({"QT_QPA_PLATFORM": "xcb"}, "linux", _plugin(tmp_path)) is not None


def test_what_it_cannot_judge_it_leaves_to_qt(tmp_path, monkeypatch):
    monkeypatch.setattr(ctypes, "CDLL", _loader_cannot_find("libxcb-icccm.so.4"))
    plugin = _plugin(tmp_path)
    assert window_problem({}, "win32", plugin) is None
    assert window_problem({}, "darwin", plugin) is None
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", plugin) is None
    assert window_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", plugin) is None
    # a plugin file that is not where Qt keeps it: nothing to judge but the display
    assert window_problem(LINUX_DESKTOP, "linux", tmp_path / "absent.so") is None


def test_a_plugin_that_fails_to_load_for_another_reason_is_left_to_qt(tmp_path):
    # the real loader on a file that is no shared object: "invalid ELF header", not a missing library
    assert display_check._missing_library(_plugin(tmp_path)) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux's")
def test_the_command_without_a_display_ends_in_one_sentence(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "app"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digits: error: cannot open the window: "), done.stderr


def test_ctrl_c_in_the_terminal_closes_the_window_as_quit_does(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    window = subprocess.Popen([sys.executable, "-m", "app"], env=env, stderr=subprocess.PIPE)
    folder = Path(env["XDG_DATA_HOME"]) / "digits"
    deadline = time.monotonic() + 60
    while not hand_over({}, folder, wait=0.5):              # started, shown, and its event loop answers
        assert window.poll() is None and time.monotonic() < deadline, "the window did not start"
    window.send_signal(signal.SIGINT)
    _, err = window.communicate(timeout=20)
    assert window.returncode == 0, err
    assert b"KeyboardInterrupt" not in err and b"Traceback" not in err
