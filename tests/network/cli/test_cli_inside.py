"""`digits explain`, `imagine` and `teach`, run in this process as a user types them."""
import json

import numpy as np
from helpers import digits
from PIL import Image, ImageDraw

from network.model import Network
from network.pixels import inputs_from_picture as from_picture
from network.storage import weights
from network.teaching.personal import read_examples_folder
from network.teaching.teach import personal_accuracy_before


def seven(path):
    image = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(image).line([(50, 40), (150, 40), (85, 170)], fill=0, width=14, joint="curve")
    image.save(path)
    return path


def one_error_line(r, status=1):
    assert r.returncode == status, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digits: error: ") and "Traceback" not in r.stderr
    return lines[0]


def test_explain_says_why_with_the_numbers(tmp_path):
    r = digits("explain", "--json", seven(tmp_path / "seven.png"))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"file", "digit", "runner_up", "confidence", "input", "evidence", "hidden"}
    assert out["digit"] == 7 and out["runner_up"] != 7 and 0.5 < out["confidence"] <= 1
    x = np.array(out["input"])
    assert x.shape == (28, 28) and x.min() >= 0.0099 and x.max() <= 0.9901
    assert np.array(out["evidence"]).shape == (28, 28)
    net, _ = weights.load_bundled()
    hidden = out["hidden"]
    assert len(hidden) == 10 and [h["push"] for h in hidden] == sorted((h["push"] for h in hidden), reverse=True)
    first = hidden[0]
    assert abs(net.w_ho[7, first["neuron"]] * first["activation"] - first["push"]) < 1e-4
    text = digits("explain", tmp_path / "seven.png")
    assert text.returncode == 0 and "7" in text.stdout.splitlines()[0] and "runner-up" in text.stdout
    Image.new("L", (40, 40), 255).save(tmp_path / "blank.png")
    assert "blank.png holds no drawing" in one_error_line(digits("explain", tmp_path / "blank.png"))
    one_error_line(digits("explain", tmp_path / "missing.png"))


def test_imagine_writes_ten_pictures_the_network_reads(tmp_path):
    """(The bundled network's own imagined digits are checked in tests/network/explain/test_imagine.py;
    here a small network keeps the command's test quick.)"""
    out = tmp_path / "imagined"
    small = tmp_path / "small.npz"
    weights.save(Network.create(784, 32, 10, activation="relu", output="softmax", biases=True, rng=1), small)
    r = digits("imagine", "--weights", small, "--json", "--out", out)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [line["digit"] for line in lines] == list(range(10))
    net, _ = weights.load(small)
    for line in lines:
        picture = np.asarray(Image.open(line["file"]))
        assert picture.shape == (28, 28) and picture.dtype == np.uint8
        read = int(net.probabilities(from_picture(picture).ravel()).argmax())
        assert read == line["predicted"] == line["digit"]
    sigmoid = tmp_path / "relu.npz"
    weights.save(Network.create(784, 16, 10, activation="relu", output="softmax", biases=True, rng=0), sigmoid)
    line = one_error_line(digits("imagine", "--method", "backquery", "--weights", sigmoid, "--out", tmp_path / "b"))
    assert "sigmoid" in line and not (tmp_path / "b").exists()
    assert one_error_line(digits("imagine", "--method", "wish", "--out", out), status=2)


def test_teach_learns_from_a_folder_and_saves_what_it_did(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for i in range(12):                       # sevens and ones in a style of their own: a crossed 7, a serif 1
        image = Image.new("L", (120, 120), 255)
        d = ImageDraw.Draw(image)
        shift = int(rng.integers(-6, 7))
        if i % 2:
            d.line([(30 + shift, 25), (90, 25), (50, 100)], fill=0, width=9)
            d.line([(45, 62), (85, 62)], fill=0, width=9)
            image.save(folder / f"{i:05d}_7.png")
        else:
            d.line([(60 + shift, 20), (60 + shift, 100)], fill=0, width=9)
            d.line([(40 + shift, 100), (80 + shift, 100)], fill=0, width=9)
            image.save(folder / f"{i:05d}_1.png")
    out = tmp_path / "taught.npz"
    r = digits("teach", "--examples", folder, "--out", out, "--json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert set(result) == {"examples", "seconds", "personal_accuracy_before", "personal_accuracy_after",
                           "mnist_accuracy_before", "mnist_accuracy_after", "out"}
    assert result["mnist_accuracy_before"] is None                 # no MNIST here: nothing measured
    assert result["examples"] == 12 and result["out"] == str(out)
    net, meta = weights.load(out)
    assert meta["taught"]["started_from"] == "bundled weights" and meta["taught"]["personal_examples"] == 12
    assert "test_accuracy" not in meta and net.sizes == (784, 1200, 10)
    again = tmp_path / "again.npz"                # teaching the taught network starts where it started
    r = digits("teach", "--weights", out, "--examples", folder, "--out", again)
    assert r.returncode == 0, r.stderr
    net_again, meta_again = weights.load(again)
    assert np.array_equal(net_again.w_ho, net.w_ho) and meta_again["taught"]["started_from"] == "bundled weights"
    before, after = (round(result[f"personal_accuracy_{when}"] * 12) for when in ("before", "after"))
    assert f"{before} of 12 read right before, {after} of 12 after" in r.stdout    # counts, as in the window
    assert ("Still read wrong after teaching" in r.stdout) == (after < 12)
    mixed = tmp_path / "mixed"                    # the same 1 kept as a 1 and as a 7: not all can be right
    mixed.mkdir()
    for i in range(6):
        (mixed / f"{i:05d}_{(1, 7)[i % 2]}.png").write_bytes((folder / "00000_1.png").read_bytes())
    small = tmp_path / "small.npz"                # the rest with a small network: the bundled one is slow to teach
    weights.save(Network.create(784, 16, 10, activation="relu", output="softmax", biases=True, rng=0), small)
    r = digits("teach", "--weights", small, "--examples", mixed, "--out", tmp_path / "mixed.npz")
    assert r.returncode == 0, r.stderr
    assert "Still read wrong after teaching: " in r.stdout and "More drawings of th" in r.stdout

    for extra in folder.glob("*.png"):            # one example: taught, and said in the singular
        if extra.name != "00001_7.png":
            extra.unlink()
    r = digits("teach", "--weights", small, "--examples", folder, "--out", tmp_path / "one.npz")
    read = "right" if personal_accuracy_before(weights.load(small)[0], read_examples_folder(folder)) == 1 else "wrong"
    assert r.returncode == 0 and "taught 1 example in" in r.stdout and "at least two examples" in r.stdout
    assert f"it was read {read} before" in r.stdout
    (folder / "00099_x.png").write_text("no")
    assert "00099_x.png" in one_error_line(digits("teach", "--examples", folder, "--out", tmp_path / "bad.npz"))
    assert not (tmp_path / "bad.npz").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "holds no pictures" in one_error_line(digits("teach", "--examples", empty, "--out", tmp_path / "x.npz"))


def test_teach_measures_a_network_from_elsewhere_on_mnist_when_it_is_there(tmp_path):
    from helpers import write_synthetic_mnist

    from network.teaching.teach import METHOD, METHOD_MOMENT

    mnist = write_synthetic_mnist(tmp_path / "mnist")
    folder = tmp_path / "mine"
    folder.mkdir()
    for i in range(4):
        seven(folder / f"{i:05d}_7.png")
    foreign = tmp_path / "foreign.npz"
    weights.save(Network.create(784, 16, 10, activation="relu", output="softmax", biases=True, rng=0), foreign)
    without = digits("teach", "--weights", foreign, "--examples", folder, "--out", tmp_path / "a.npz")
    assert without.returncode == 0 and "MNIST" not in without.stderr, without.stderr
    assert weights.load(tmp_path / "a.npz")[1]["taught"]["method"] == METHOD      # held by anchors
    env = {"DIGITS_DATA": str(mnist)}
    first = digits("teach", "--weights", foreign, "--examples", folder, "--out", tmp_path / "b.npz", env=env)
    assert first.returncode == 0, first.stderr
    assert "measuring it on the MNIST in " + str(mnist) in first.stderr
    assert weights.load(tmp_path / "b.npz")[1]["taught"]["method"] == METHOD_MOMENT
    second = digits("teach", "--weights", foreign, "--examples", folder, "--out", tmp_path / "c.npz", env=env)
    assert second.returncode == 0 and "measuring" not in second.stderr, second.stderr   # once: it is kept


def test_teach_says_what_it_cost_on_mnist_when_mnist_is_there(tmp_path, monkeypatch):
    """As the Teach tab does: with MNIST's test files in $DIGITS_DATA, the accuracy before and after."""
    from helpers import write_synthetic_mnist

    write_synthetic_mnist(tmp_path / "mnist", n_train=50, n_test=200)
    folder = tmp_path / "mine"
    folder.mkdir()
    for i in range(4):
        image = Image.new("L", (120, 120), 255)
        ImageDraw.Draw(image).line([(60 + i, 20), (60 + i, 100)], fill=0, width=9)
        image.save(folder / f"{i:05d}_1.png")
    small = tmp_path / "small.npz"          # a small network: teaching the bundled one takes seconds here
    weights.save(Network.create(784, 16, 10, activation="relu", output="softmax", biases=True, rng=0), small)
    r = digits("teach", "--weights", small, "--examples", folder, "--out", tmp_path / "t.npz", "--json",
               env={"DIGITS_DATA": tmp_path / "mnist"})
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert 0 <= result["mnist_accuracy_before"] <= 1 and 0 <= result["mnist_accuracy_after"] <= 1
    assert weights.load(tmp_path / "t.npz")[1]["test_accuracy"] == result["mnist_accuracy_after"]
    r = digits("teach", "--weights", small, "--examples", folder, "--out", tmp_path / "u.npz",
               env={"DIGITS_DATA": tmp_path / "mnist"})
    assert r.returncode == 0 and "MNIST test set: " in r.stdout and " before, " in r.stdout


def test_what_teaching_cost_on_mnist_is_measured_with_the_examples_voting(tmp_path):
    """The taught file carries its examples, which vote when it reads: the MNIST accuracy `teach`
    reports (and records in the file) is what `evaluate` then finds, votes and all."""
    from helpers import synthetic, write_synthetic_mnist

    write_synthetic_mnist(tmp_path / "mnist", n_train=300, n_test=200)
    test = synthetic(200, seed=1)                 # the test images themselves, each under a wrong label:
    folder = tmp_path / "mine"                    # their votes turn those readings wrong
    folder.mkdir()
    for i in range(6):
        Image.fromarray(255 - test.images[i].reshape(28, 28)).save(folder / f"{i:05d}_{(test.labels[i] + 5) % 10}.png")
    small = tmp_path / "small.npz"
    weights.save(Network.create(784, 16, 10, activation="relu", output="softmax", biases=True, rng=0), small)
    env = {"DIGITS_DATA": tmp_path / "mnist"}
    r = digits("teach", "--weights", small, "--examples", folder, "--out", tmp_path / "t.npz", "--json", env=env)
    assert r.returncode == 0, r.stderr
    taught = json.loads(r.stdout)["mnist_accuracy_after"]
    r = digits("evaluate", "--weights", tmp_path / "t.npz", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["accuracy"] == taught
    net, meta = weights.load(tmp_path / "t.npz")
    assert net.votes is not None and len(net.votes.labels) == 6 and meta["test_accuracy"] == taught
