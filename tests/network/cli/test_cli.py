"""The `digits` command line, run in this process (network.cli.main), as a user types it."""
import json
import os
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from helpers import bomb_png, digits, synthetic
from PIL import Image, ImageDraw

from network.storage import weights
from network.teaching.taught_from import hidden_digest


@pytest.fixture
def home(tmp_path):
    """A private user data folder, so no test touches the real one."""
    return {"XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}


def write_csv(path, ds):
    with open(path, "w") as f:
        for label, image in zip(ds.labels, ds.images):
            f.write(",".join(map(str, [label, *image])) + "\n")
    return path


@pytest.fixture
def csv_pair(tmp_path):
    return (write_csv(tmp_path / "mnist_train.csv", synthetic(400, seed=0)),
            write_csv(tmp_path / "mnist_test.csv", synthetic(100, seed=1)))


def assert_one_sentence_error(result, status=1):
    assert result.returncode == status, result.stderr
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("digits: error: ")]
    assert errors == lines[-1:], result.stderr          # one error line, the last (after any notice)
    assert errors[0].endswith(".") or errors[0].endswith(").")
    assert "Traceback" not in result.stderr


def test_train_with_json_output(tmp_path, csv_pair, home):
    out = tmp_path / "w.npz"
    r = digits("train", "--csv", *csv_pair, "--hidden", "32", "--epochs", "2", "--batch-size", "16",
               "--no-augment", "--json", "--out", out, env=home)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [set(line) for line in lines[:2]] == [{"epoch", "loss", "train_accuracy", "test_accuracy", "seconds"}] * 2
    assert lines[-1]["out"] == str(out) and lines[-1]["test_accuracy"] > 0.9
    assert out.exists()
    kept = list((tmp_path / "xdg" / "digits" / "moments").glob("*.npz"))   # for teaching it later
    assert [p.stem for p in kept] == [hidden_digest(weights.load(out)[0])]


def test_train_text_output_and_default_name_never_overwrites(tmp_path, csv_pair, home):
    (tmp_path / "digits-fast.npz").write_bytes(b"precious")
    r = digits("train", "--csv", *csv_pair, "--hidden", "16", "--epochs", "1", "--no-augment", env=home,
               cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "epoch 1/1" in r.stdout and "test accuracy" in r.stdout
    assert (tmp_path / "digits-fast.npz").read_bytes() == b"precious"
    assert (tmp_path / "digits-fast-2.npz").exists()


def test_explicit_options_override_the_preset(tmp_path, csv_pair, home):
    out = tmp_path / "plain.npz"
    r = digits("train", "--csv", *csv_pair, "--preset", "best", "--hidden", "16", "--epochs", "1",
               "--optimizer", "sgd", "--momentum", "0", "--l2", "0", "--schedule", "constant", "--no-augment",
               "--limit", "200", "--out", out, env=home)
    assert r.returncode == 0, r.stderr
    from network.storage import weights

    _, meta = weights.load(out)
    t = meta["training"]
    assert (t["momentum"], t["l2"], t["schedule"], t["augment"], t["hidden"]) == (0.0, 0.0, "constant", False, 16)
    assert "200 training images" in meta["trained_on"]


def test_evaluate_and_predict(tmp_path, csv_pair, home):
    r = digits("evaluate", "--csv", csv_pair[1], "--json", env=home)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert set(result) == {"accuracy", "per_digit", "confusion", "refused"}
    assert len(result["per_digit"]) == 10 and np.array(result["confusion"]).sum() == 100

    one = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(one).line([(100, 30), (100, 170)], fill=0, width=14)
    one.save(tmp_path / "one.png")
    Image.new("L", (50, 50), 255).save(tmp_path / "blank.png")
    r = digits("predict", tmp_path / "one.png", tmp_path / "blank.png", env=home)
    assert r.returncode == 0, r.stderr
    first, second = (line.split("\t") for line in r.stdout.splitlines())
    assert first[0].endswith("one.png") and first[1] == "1" and 0 < float(first[2]) <= 1
    assert second[1:] == ["-", "-"]
    r = digits("predict", "--json", tmp_path / "one.png", tmp_path / "blank.png", env=home)
    a, b = (json.loads(line) for line in r.stdout.splitlines())
    assert a["digit"] == 1 and len(a["probabilities"]) == 10 and b["digit"] is None


def test_user_errors_are_one_sentence(tmp_path, csv_pair, home):
    assert_one_sentence_error(digits("evaluate", "--weights", tmp_path / "missing.npz", "--csv", csv_pair[1], env=home))
    (tmp_path / "not.png").write_text("hello")
    r = digits("predict", tmp_path / "not.png", env=home)
    assert_one_sentence_error(r)
    r = digits("predict", bomb_png(tmp_path / "bomb.png"), env=home)
    assert_one_sentence_error(r)
    assert "bomb.png is larger than" in r.stderr
    (tmp_path / "bad.csv").write_text("1,2,3\n")
    assert_one_sentence_error(digits("train", "--csv", tmp_path / "bad.csv", csv_pair[1], env=home))
    assert_one_sentence_error(digits("train", "--csv", *csv_pair, "--lr", "-1", env=home))
    assert_one_sentence_error(digits("train", "--data", tmp_path / "nowhere", env=home))
    assert_one_sentence_error(digits("--weights", tmp_path / "missing.npz", env=home))


def test_usage_errors_exit_2(home):
    assert_one_sentence_error(digits("train", "--preset", "turbo", env=home), status=2)
    assert_one_sentence_error(digits("train", "--epochs", "zero", env=home), status=2)
    assert_one_sentence_error(digits("fly", env=home), status=2)


def test_without_network_each_command_names_the_files_it_needs_and_only_its_own_options(home, tmp_path):
    offline = {**home, "DIGITS_MNIST_MIRRORS": "http://127.0.0.1:9/"}
    four = ("train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
            "t10k-labels-idx1-ubyte.gz")
    r = digits("train", env=offline)
    assert_one_sentence_error(r)
    assert f"put {four} into " in r.stderr and r.stderr.rstrip().endswith("or pass --data DIR or --csv TRAIN TEST.")
    r = digits("evaluate", env=offline)                      # the test set only: two files
    assert_one_sentence_error(r)
    assert "(1.7 MB)" in r.stderr and "put t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz into " in r.stderr
    assert r.stderr.rstrip().endswith("or pass --data DIR or --csv TEST.")
    r = digits("download", "--data", tmp_path / "mnist", env=offline)
    assert_one_sentence_error(r)
    assert f"put {four} into {tmp_path / 'mnist'} yourself." in r.stderr and "--csv" not in r.stderr


@pytest.fixture
def mirror(mnist_dir):
    """A loopback HTTP server serving the real MNIST files."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(mnist_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_download_then_evaluate_the_bundled_weights(tmp_path, mirror, home):
    folder = tmp_path / "mnist"
    r = digits("download", "--data", folder, env={**home, "DIGITS_MNIST_MIRRORS": mirror})
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz"])
    r = digits("evaluate", "--json", env={**home, "DIGITS_DATA": str(folder)})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["accuracy"] >= 0.99
    r = digits("evaluate", "--json", env={**home, "DIGITS_MNIST_MIRRORS": mirror})     # into the user data folder
    assert r.returncode == 0 and json.loads(r.stdout)["accuracy"] >= 0.99, r.stderr
    assert sorted(p.name for p in (tmp_path / "xdg" / "digits" / "mnist").iterdir()) == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]             # evaluating needs no training set


def test_the_digits_script_is_installed():
    import shutil
    from pathlib import Path

    beside = Path(sys.executable).parent / ("digits.exe" if os.name == "nt" else "digits")
    script = str(beside) if beside.exists() else shutil.which("digits")
    if script is None:
        pytest.skip("the project is not installed in this environment (pip install .)")
    r = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "train" in r.stdout and "predict" in r.stdout


def test_train_with_pen_drawn_digits(tmp_path, csv_pair, home):
    pen = tmp_path / "pen.tra"
    pen.write_text('.SEGMENT DIGIT 0 ? "1"\n.COMMENT 1 3 1\n.PEN_DOWN\n 250 450\n 250 50\n.PEN_UP\n'
                   '.SEGMENT DIGIT 1 ? "7"\n.COMMENT 7 4 2\n.PEN_DOWN\n 100 450\n 400 450\n 200 50\n.PEN_UP\n')
    out = tmp_path / "pen.npz"
    r = digits("train", "--csv", *csv_pair, "--hidden", "16", "--epochs", "1", "--no-augment", "--pen", pen,
               "--pen-writers", "3", "--pen-copies", "5", "--out", out, env=home)
    assert r.returncode == 0, r.stderr
    from network.storage import weights

    assert "5 drawings of pen-written digits" in weights.load(out)[1]["trained_on"]
    assert_one_sentence_error(digits("train", "--csv", *csv_pair, "--pen-writers", "3", env=home))
    assert_one_sentence_error(digits("train", "--csv", *csv_pair, "--pen", tmp_path / "none.tra", env=home))


def test_out_that_is_a_device_or_a_link_is_refused_before_the_work(tmp_path):
    import os

    (tmp_path / "real.npz").write_bytes(b"mine")
    (tmp_path / "link.npz").symlink_to(tmp_path / "real.npz")
    os.mkfifo(tmp_path / "pipe.npz")
    for out in ("/dev/null", tmp_path / "link.npz", tmp_path / "pipe.npz"):
        ran = digits("train", "--preset", "classic", "--limit", "50", "--out", out)
        assert ran.returncode == 1 and "is not a regular file" in ran.stderr, ran.stderr
        assert "epoch" not in ran.stderr                     # said before training, not after
    assert (tmp_path / "link.npz").is_symlink() and (tmp_path / "real.npz").read_bytes() == b"mine"


def test_runs_without_out_take_their_names_at_once_and_free_them_when_they_fail(tmp_path, monkeypatch):
    from network.cli import training

    monkeypatch.chdir(tmp_path)
    first, second = training._default_out("fast"), training._default_out("fast")
    assert (first.name, second.name) == ("digits-fast.npz", "digits-fast-2.npz")      # taken, so never shared
    first.unlink()
    second.unlink()
    ran = digits("train", "--preset", "fast", "--data", tmp_path / "nowhere", cwd=tmp_path)
    assert ran.returncode == 1 and not list(tmp_path.glob("digits-*.npz"))               # nothing left behind


def test_ctrl_c_after_the_weights_were_saved_says_they_were(tmp_path, monkeypatch):
    from helpers import write_synthetic_mnist

    from network.storage import weights
    from network.teaching import hidden_moment

    write_synthetic_mnist(tmp_path / "mnist", n_train=200, n_test=50)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(hidden_moment, "remember", interrupted)
    ran = digits("train", "--preset", "classic", "--data", tmp_path / "mnist", "--out", tmp_path / "w.npz")
    assert ran.returncode == 130 and "nothing was saved" not in ran.stderr
    assert "were saved to" in ran.stderr and weights.load(tmp_path / "w.npz")[0].sizes[2] == 10


def _read_only_folder(tmp_path):
    """A folder in which no file can be made: read-only for this user, or /sys when the tests run
    as root (whom no mode stops)."""
    from pathlib import Path

    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def test_an_out_that_cannot_be_written_is_refused_before_the_work(tmp_path, csv_pair, home):
    from PIL import Image

    folder = _read_only_folder(tmp_path)
    ran = digits("train", "--csv", *csv_pair, "--hidden", "8", "--epochs", "1", "--out", folder / "w.npz", env=home)
    assert_one_sentence_error(ran)
    assert f"cannot write in {folder}" in ran.stderr and "epoch" not in ran.stderr
    mine = tmp_path / "mine"
    mine.mkdir()
    Image.new("L", (28, 28), 0).save(mine / "00000_1.png")
    ran = digits("teach", "--examples", mine, "--out", folder / "taught.npz", env=home)
    assert_one_sentence_error(ran)
    assert f"cannot write in {folder}" in ran.stderr
    ran = digits("train", "--csv", *csv_pair, "--hidden", "8", "--epochs", "1", env=home, cwd=folder)
    assert_one_sentence_error(ran)                            # no --out: the name taken in a read-only folder
    assert f"cannot write in {folder}" in ran.stderr and "epoch" not in ran.stderr


@pytest.mark.parametrize("command", ["train", "teach"])
def test_when_the_save_fails_after_the_work_the_result_is_kept_in_the_user_data_folder(
        command, tmp_path, csv_pair, home, monkeypatch):
    import errno

    from PIL import Image

    from network.storage import npz, weights

    out_folder = tmp_path / "full-disk"
    out_folder.mkdir()
    write = npz.write

    def full(path, *args, **kwargs):
        if os.path.dirname(os.path.abspath(path)) == str(out_folder):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write(path, *args, **kwargs)
    monkeypatch.setattr(npz, "write", full)
    if command == "train":
        ran = digits("train", "--csv", *csv_pair, "--hidden", "8", "--epochs", "1", "--out", out_folder / "w.npz",
                     env=home)
    else:
        (tmp_path / "mine").mkdir()
        picture = Image.new("L", (28, 28), 0)
        picture.paste(255, (10, 4, 16, 24))
        picture.save(tmp_path / "mine" / "00000_1.png")
        ran = digits("teach", "--examples", tmp_path / "mine", "--out", out_folder / "w.npz", env=home)
    assert_one_sentence_error(ran)
    kept = tmp_path / "xdg" / "digits" / "unsaved" / "w.npz"
    assert f"could not save to {out_folder / 'w.npz'} (No space left on device)" in ran.stderr
    assert f"the result was kept in {kept}" in ran.stderr
    assert weights.load(kept)[0].sizes[0] == 784 and not list(out_folder.iterdir())


@pytest.mark.parametrize("args, words", [
    (["train", "--seed", "-1"], "the seed must be a whole number from 0 to 4294967295, not -1."),
    (["train", "--batch-size", "1000000000"], "the batch size must be between 1 and 60000"),
    (["train", "--hidden", "16000"], "hidden nodes must be between 1 and 4096, not 16000"),
])
def test_options_beyond_what_works_are_refused_in_one_sentence_before_the_work(args, words, csv_pair, home):
    ran = digits(*args, "--csv", *csv_pair, env=home)
    assert_one_sentence_error(ran)
    assert words in ran.stderr and "epoch" not in ran.stderr


@pytest.mark.parametrize("command", [["predict", "x.png"], ["evaluate"], []])
def test_an_empty_weights_name_is_a_mistake_not_the_bundled_weights(command, home):
    ran = digits(*command, "--weights", "", env=home) if command else digits("--weights", "", env=home)
    assert_one_sentence_error(ran, status=2)
    assert "the file name is empty" in ran.stderr


def test_a_file_name_cannot_forge_a_line_of_output(tmp_path):
    from PIL import Image

    name = tmp_path / "a\n7\t0.99\tb.png"
    Image.new("L", (40, 40), 255).save(name, format="PNG")
    ran = digits("predict", name)
    assert ran.returncode == 0 and len(ran.stdout.splitlines()) == 1
    assert "a\\n7\\t0.99\\tb.png" in ran.stdout


def test_no_command_replaces_a_file_unless_told_to(tmp_path, csv_pair, home):
    """One policy for every command that writes: an existing file is refused before the work, in one
    sentence; --force replaces it."""
    from PIL import Image

    from network.storage import weights

    mine = tmp_path / "mine"
    mine.mkdir()
    picture = Image.new("L", (28, 28), 0)
    picture.paste(255, (10, 4, 16, 24))
    picture.save(mine / "00000_1.png")
    from network.model import Network

    weights.save(Network.create(784, 16, 10, rng=0), tmp_path / "sigmoid.npz")      # the back query needs one
    runs = {
        "train": (["train", "--csv", *csv_pair, "--hidden", "8", "--epochs", "1", "--out"], tmp_path / "w.npz"),
        "teach": (["teach", "--examples", mine, "--out"], tmp_path / "t.npz"),
        "export": (["export", "--out"], tmp_path / "e.safetensors"),
        "imagine": (["imagine", "--weights", tmp_path / "sigmoid.npz", "--method", "backquery", "--out"],
                    tmp_path / "imagined"),
    }
    for name, (args, out) in runs.items():
        assert digits(*args, out, env=home).returncode == 0
        existing = out / "imagined_0.png" if name == "imagine" else out
        before = existing.read_bytes()
        again = digits(*args, out, env=home)
        assert_one_sentence_error(again)
        assert f"{existing} exists already; pass --force to replace it" in again.stderr
        assert existing.read_bytes() == before
        forced = digits(*args, out, "--force", env=home)
        assert forced.returncode == 0, forced.stderr
    assert weights.load(tmp_path / "t.npz")[1]["taught"]


def test_pen_copies_are_bounded(csv_pair, home, tmp_path):
    ran = digits("train", "--csv", *csv_pair, "--pen", tmp_path / "p.tra", "--pen-copies", "99999999999", env=home)
    assert_one_sentence_error(ran)
    assert "--pen-copies must be between 1 and 100" in ran.stderr


def test_no_file_name_forges_a_line_anywhere(tmp_path, csv_pair, home):
    """A name holding a newline is written \\n in every line that shows it: results, notes, errors."""
    name = "n\nFORGED"
    ran = digits("export", "--out", tmp_path / f"{name}.st", env=home)
    assert ran.returncode == 0 and "FORGED" in ran.stdout and not any(
        line.startswith("FORGED") for line in ran.stdout.splitlines()), ran.stdout
    assert "n\\nFORGED.st" in ran.stdout
    ran = digits("train", "--csv", *csv_pair, "--hidden", "8", "--epochs", "1", "--out", tmp_path / f"{name}.npz",
                 env=home)
    assert ran.returncode == 0 and not any(line.startswith("FORGED") for line in ran.stdout.splitlines())
    ran = digits("predict", "--weights", tmp_path / f"x{name}.npz", "p.png", env=home)
    assert len(ran.stderr.strip().splitlines()) == 1 and "xn\\nFORGED.npz" in ran.stderr
