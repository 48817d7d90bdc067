"""One real `digits` process per command: what running it in-process (the other CLI tests) cannot
show, that the command starts, runs and ends with the right status and output as a user's shell sees."""
import json
import os

import pytest
from helpers import digits_process, synthetic
from PIL import Image, ImageDraw

from network.model import Network
from network.storage import weights


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A small network, a picture of a 7, two examples and the article's CSV files."""
    folder = tmp_path_factory.mktemp("cli")
    weights.save(Network.create(784, 16, 10, activation="relu", output="softmax", biases=True, rng=0),
                 folder / "small.npz")
    image = Image.new("L", (100, 100), 255)
    ImageDraw.Draw(image).line([(25, 20), (75, 20), (40, 85)], fill=0, width=8)
    image.save(folder / "seven.png")
    (folder / "mine").mkdir()
    image.save(folder / "mine" / "00000_7.png")
    image.save(folder / "mine" / "00001_7.png")
    for name, ds in (("train.csv", synthetic(100, seed=0)), ("test.csv", synthetic(50, seed=1))):
        (folder / name).write_text("".join(",".join(map(str, [label, *row])) + "\n"
                                           for label, row in zip(ds.labels, ds.images)))
    return folder


COMMANDS = {
    "train": lambda f, out: ["train", "--csv", f / "train.csv", f / "test.csv", "--hidden", "8", "--epochs", "1",
                             "--no-augment", "--json", "--out", out / "trained.npz"],
    "evaluate": lambda f, out: ["evaluate", "--weights", f / "small.npz", "--csv", f / "test.csv", "--json"],
    "predict": lambda f, out: ["predict", "--weights", f / "small.npz", "--json", f / "seven.png"],
    "explain": lambda f, out: ["explain", "--weights", f / "small.npz", "--json", f / "seven.png"],
    "imagine": lambda f, out: ["imagine", "--weights", f / "small.npz", "--out", out, "--json"],
    "teach": lambda f, out: ["teach", "--weights", f / "small.npz", "--examples", f / "mine", "--out",
                             out / "taught.npz", "--json"],
    "export": lambda f, out: ["export", "--weights", f / "small.npz", "--out", out / "small.safetensors"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_runs_in_a_process_of_its_own(command, files, tmp_path):
    r = digits_process(*COMMANDS[command](files, tmp_path), env={"XDG_DATA_HOME": tmp_path / "xdg"})
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    if "--json" in COMMANDS[command](files, tmp_path):
        assert all(isinstance(json.loads(line), dict) for line in r.stdout.splitlines())
    assert any(p.suffix in (".npz", ".png", ".safetensors") for p in tmp_path.iterdir()) or r.stdout


def test_a_mistake_ends_the_process_with_one_sentence_and_its_status(tmp_path):
    r = digits_process("download", "--data", tmp_path / "mnist",
                       env={"XDG_DATA_HOME": tmp_path / "xdg", "DIGITS_MNIST_MIRRORS": "http://127.0.0.1:9/"})
    assert r.returncode == 1 and r.stderr.strip().splitlines()[-1].startswith("digits: error: ")
    r = digits_process("train", "--preset", "turbo")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_teach_with_a_reader_that_went_away_saves_and_ends_well(files, tmp_path):
    import subprocess
    import sys

    command = [sys.executable, "-m", "app", *map(str, COMMANDS["teach"](files, tmp_path))]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")})
    reader.stdout.close()                                       # as `| head -0` would
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and b"Traceback" not in err, err
    assert weights.load(tmp_path / "taught.npz")[1]["taught"]


def test_a_reader_that_goes_away_or_a_full_output_loses_no_work(tmp_path):
    import subprocess
    import sys

    from helpers import write_synthetic_mnist

    write_synthetic_mnist(tmp_path / "mnist", n_train=300, n_test=100)
    command = [sys.executable, "-m", "app", "train", "--preset", "classic", "--data", str(tmp_path / "mnist")]
    reader = subprocess.Popen(command + ["--out", str(tmp_path / "a.npz")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    reader.stdout.close()                                       # as `| head -0` would
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and b"Traceback" not in err and (tmp_path / "a.npz").is_file(), err
    # (a full stdout: test_every_command_survives_a_full_or_closed_stream, in this process)
    from PIL import Image

    Image.new("L", (50, 50), 255).save(tmp_path / "blätter.png")
    ascii_out = subprocess.run([sys.executable, "-m", "app", "predict", str(tmp_path / "blätter.png")],
                               capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=120,
                               check=False)
    assert ascii_out.returncode == 0 and b"Traceback" not in ascii_out.stderr
    assert "bl\\xe4tter.png\t-\t-" in ascii_out.stdout.decode("ascii")


class _Broken:
    """A stdout or stderr that fails as a full disk (ENOSPC) or a reader that went away (EPIPE) does."""

    def __init__(self, error):
        self.error = error

    def write(self, text):
        raise self.error

    def flush(self):
        raise self.error

    def isatty(self):
        return False


@pytest.mark.parametrize("broken", ["stdout", "stderr"])
def test_every_command_survives_a_full_or_closed_stream(broken, files, tmp_path, monkeypatch):
    """Each command, with its stdout or stderr full (ENOSPC) or gone (EPIPE): no traceback, its work
    done (run in this process, as the `digits` script runs it)."""
    import contextlib
    import errno

    from helpers import write_synthetic_mnist

    from app.__main__ import main

    write_synthetic_mnist(tmp_path / "mnist", n_train=300, n_test=100)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    runs = {"explain": ["explain", "--weights", files / "small.npz", files / "seven.png"],
            "export": ["export", "--weights", files / "small.npz", "--out", tmp_path / "e.safetensors", "--force"],
            "evaluate": ["evaluate", "--weights", files / "small.npz", "--data", tmp_path / "mnist"],
            "train": ["train", "--preset", "classic", "--limit", "300", "--data", tmp_path / "mnist", "--out",
                      tmp_path / "w.npz", "--force"]}
    errors = (OSError(errno.ENOSPC, "No space left on device"), BrokenPipeError(errno.EPIPE, "Broken pipe"))
    for name, args in runs.items():
        for error in errors if name != "train" else errors[:1]:          # training once is enough
            redirect = contextlib.redirect_stdout if broken == "stdout" else contextlib.redirect_stderr
            with redirect(_Broken(error)):
                assert main([str(a) for a in args]) == 0, (name, error)
    assert (tmp_path / "e.safetensors").stat().st_size > 1000
    assert weights.load(tmp_path / "w.npz")[0].sizes == (784, 100, 10)


def test_a_closed_stderr_in_a_real_process_loses_no_work(tmp_path):
    """`2>&-`: the descriptor is closed before Python starts (sys.stderr is None)."""
    import subprocess
    import sys

    from helpers import write_synthetic_mnist

    write_synthetic_mnist(tmp_path / "mnist", n_train=300, n_test=100)
    command = [sys.executable, "-m", "app", "train", "--preset", "classic", "--data", str(tmp_path / "mnist"),
               "--out", str(tmp_path / "w.npz")]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    done = subprocess.run(["/bin/sh", "-c", 'exec "$@" 2>&-', "sh", *command], stdout=subprocess.PIPE, env=env,
                          timeout=120)
    assert done.returncode == 0
    assert weights.load(tmp_path / "w.npz")[0].sizes == (784, 100, 10)


def test_ctrl_c_while_starting_ends_in_one_line(tmp_path):
    """Ctrl+C at any moment while a command or the window is starting: one line, never a traceback
    (nor a crash inside Qt's start-up)."""
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DIGITS_QUIT_WHEN_SHOWN", None)
    def loaded(pid, library):
        """True once the process has mapped ``library``: past Python's own start-up (a Ctrl+C there
        is Python's to report, not Digits'), into ours."""
        try:
            with open(f"/proc/{pid}/maps") as maps:
                return library in maps.read()
        except OSError:
            return True

    for args, library in [(["export", "--out", str(tmp_path / "e.safetensors")], "_multiarray_umath"),
                          ([], "libQt6Widgets")]:
        started = subprocess.Popen([sys.executable, "-m", "app", *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, text=True)
        deadline = time.monotonic() + 30
        while not loaded(started.pid, library) and time.monotonic() < deadline:
            time.sleep(0.005)
        started.send_signal(signal.SIGINT)
        _, err = started.communicate(timeout=60)
        assert "Traceback" not in err and "Fatal" not in err, (args, library, err)
        # 0: the window had opened and closed as Quit does; -SIGINT: the work had ended and Python was
        # leaving (it restores the default handler then)
        assert started.returncode in (0, 130, -signal.SIGINT), (args, library, started.returncode, err)
        if started.returncode == 130:
            assert err.strip().splitlines()[-1].startswith("digits: "), err
