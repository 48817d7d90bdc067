"""Two starts of Digits for one user: the second hands over to the window already open (its
examples and kept network are never written by two windows), and nothing is lost."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from app.one_window import Claim, hand_over

ROOT = Path(__file__).resolve().parents[2]


def test_one_claim_per_folder_until_it_is_released(tmp_path):
    first, second = Claim(tmp_path), Claim(tmp_path)
    assert first.take()
    assert not second.take()
    first.release()
    assert second.take()
    second.release()


def test_a_second_start_brings_the_first_window_forward_and_hands_it_the_weights(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    env.pop("DIGITS_QUIT_WHEN_SHOWN", None)
    other = tmp_path / "other.npz"
    shutil.copy(ROOT / "resources" / "default_weights.npz", other)
    first = subprocess.Popen([sys.executable, "-m", "app"], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        folder = tmp_path / "data" / "digits"
        deadline = time.monotonic() + 60
        while not hand_over({}, folder, wait=0.5):         # the first window is up and listening
            assert first.poll() is None and time.monotonic() < deadline, "the first window did not start"
        second = subprocess.run([sys.executable, "-m", "app", "--weights", str(other)], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "Digits is already open: its window was brought to the front." in second.stderr
        assert "Traceback" not in second.stderr
        time.sleep(0.2)         # the window opened them before its event loop reads any signal (it answered first)
        first.send_signal(signal.SIGTERM)                  # and closes as Quit does, remembering them
        _, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0 and "Traceback" not in err, err
    conf = (tmp_path / "config" / "Digits" / "Digits.conf").read_text()
    assert f"lastWeights={other}" in conf


def test_when_the_open_window_does_not_answer_a_second_start_says_so(tmp_path):
    """The lock is held (a window hung, say) but nothing listens: one sentence and status 1."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    held = Claim(tmp_path / "data" / "digits")
    assert held.take()
    try:
        code = "import sys, app.one_window as o; o.HAND_OVER_WAIT = 0.5; from app.__main__ import main; " \
               "sys.exit(main([]))"
        done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=60)
    finally:
        held.release()
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "digits: error: Digits is already open for this user but its window does not answer; close it "
        "(or end that process) and start Digits again."]
