"""'Not a digit' as an answer: the eleventh output, how it is trained, kept in files and reported."""
import json

import numpy as np
import pytest
from helpers import digits, synthetic, write_synthetic_mnist
from PIL import Image, ImageDraw

from network import train as training
from network.data import negatives
from network.errors import WeightsError
from network.evaluate import evaluate
from network.model import Doubt, Network
from network.pixels import scale
from network.reading import DIGIT, NO_DIGIT, NOT_A_DIGIT, read_drawing
from network.storage import npz, weights


def eleven(seed=0):
    return Network.create(784, 30, 11, activation="relu", output="softmax", biases=True, rng=seed)


def test_splitting_the_eleventh_output_keeps_every_number():
    joined = eleven()
    x = scale(synthetic(20).images)
    p11 = joined.forward(x)
    split = joined.split(0.4)
    assert split.sizes == (784, 30, 10) and split.doubt.threshold == 0.4
    np.testing.assert_allclose(split.not_a_digit(x), p11[:, 10], rtol=1e-5)
    np.testing.assert_allclose(split.probabilities(x), p11[:, :10] / p11[:, :10].sum(1, keepdims=True), rtol=1e-5)
    again = split.joined()
    np.testing.assert_array_equal(again.w_ho, joined.w_ho)
    np.testing.assert_array_equal(again.b_o, joined.b_o)
    assert split.copy().doubt.threshold == 0.4                                   # copies keep it
    taught = split.with_output_layer(split.w_ho * 2, split.b_o)
    np.testing.assert_array_equal(taught.doubt.w, split.doubt.w)                # teaching keeps it


def test_a_sigmoid_network_cannot_have_one():
    net = Network.create(784, 10, 10)
    with pytest.raises(Exception, match="softmax"):
        Network(net.w_ih, net.w_ho, doubt=Doubt(np.zeros(10, np.float32), 0.0))
    assert net.not_a_digit(np.full(784, 0.01)) is None


def test_training_on_negatives_gives_ten_digits_and_a_doubt_and_classic_stays_the_article(monkeypatch):
    monkeypatch.setattr(training, "NEGATIVE_SHARE", 5)
    data = synthetic(1500, seed=1)
    config = training.preset("fast", epochs=2, hidden=64, negatives=300)
    finished = training.run(config, data, synthetic(300, seed=2))
    net = finished.network
    assert net.sizes == (784, 64, 10) and net.doubt is not None
    assert 270 <= finished.negatives <= 300 and finished.training_images == 1500
    assert f"{finished.negatives} pictures that are not digits" in finished.metadata("synthetic")["trained_on"]
    scribbles = negatives.scribbles(50, np.random.default_rng(5))
    refused_scribbles = np.mean(net.not_a_digit(scale(scribbles)) >= net.doubt.threshold)
    refused_digits = np.mean(net.not_a_digit(scale(synthetic(300, seed=3).images)) >= net.doubt.threshold)
    assert refused_scribbles > 0.9 and refused_digits < 0.05
    assert training.PRESETS["classic"].negatives == 0
    assert training.PRESETS["fast"].negatives > 0 and training.PRESETS["best"].negatives > 0
    classic = training.run(training.preset("classic"), synthetic(200)).network
    assert classic.doubt is None and classic.sizes[2] == 10


def test_negatives_need_the_cross_entropy_loss():
    with pytest.raises(Exception, match="cross_entropy"):
        training.preset("classic", negatives=10).check()


def test_a_file_keeps_the_doubt_and_an_old_file_still_loads(tmp_path):
    net = eleven().split(0.6)
    weights.save(net, tmp_path / "new.npz")
    back, meta = weights.load(tmp_path / "new.npz")
    np.testing.assert_array_equal(back.doubt.w, net.doubt.w)
    assert back.doubt.b == pytest.approx(net.doubt.b) and back.doubt.threshold == 0.6
    assert meta["not_a_digit"] == {"threshold": 0.6}
    old = Network(net.w_ih, net.w_ho, net.b_h, net.b_o, activation="relu", output="softmax")
    weights.save(old, tmp_path / "old.npz")
    loaded, meta = weights.load(tmp_path / "old.npz")
    assert loaded.doubt is None and "not_a_digit" not in meta
    reading = read_drawing(loaded, _scribble_image())
    assert reading.verdict == DIGIT and not reading.can_refuse and reading.doubt is None


@pytest.mark.parametrize("damage", ["shape", "threshold", "no_bias"])
def test_a_damaged_doubt_is_refused_in_one_sentence(tmp_path, damage):
    net = eleven().split()
    arrays = {"w_ih": net.w_ih, "w_ho": net.w_ho, "b_h": net.b_h, "b_o": net.b_o,
              "w_d": net.doubt.w[:5] if damage == "shape" else net.doubt.w}
    if damage != "no_bias":
        arrays["b_d"] = np.array([net.doubt.b], np.float32)
    meta = weights.metadata_for(net)
    meta["not_a_digit"] = {"threshold": 7} if damage == "threshold" else {"threshold": 0.5}
    npz.write(tmp_path / "bad.npz", arrays, meta)
    with pytest.raises(WeightsError) as info:
        weights.load(tmp_path / "bad.npz")
    assert "bad.npz" in str(info.value) and "\n" not in str(info.value)


def _scribble_image():
    image = Image.new("L", (280, 280), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(30 + 220 * k / 11, 60 if k % 2 else 220) for k in range(12)], fill=0, width=12, joint="curve")
    draw.line([(40, 140), (240, 130)], fill=0, width=12)
    draw.line([(55, 80), (225, 200)], fill=0, width=12)
    return np.asarray(image)


def test_the_bundled_network_calls_a_scribble_not_a_digit_and_blank_no_digit():
    net = weights.load_bundled()[0]
    scribble = read_drawing(net, _scribble_image())
    assert scribble.verdict == NOT_A_DIGIT and scribble.digit is None and scribble.guess in range(10)
    assert scribble.doubt >= net.doubt.threshold
    assert read_drawing(net, np.full((280, 280), 255, np.uint8)).verdict == NO_DIGIT


def test_predict_prints_a_question_mark_and_the_verdict(tmp_path):
    Image.fromarray(_scribble_image()).save(tmp_path / "scribble.png")
    Image.fromarray(np.full((100, 100), 255, np.uint8)).save(tmp_path / "blank.png")
    ran = digits("predict", tmp_path / "scribble.png", tmp_path / "blank.png")
    assert ran.returncode == 0
    lines = [line.split("\t") for line in ran.stdout.splitlines()]
    assert lines[0][1] == "?" and lines[1][1:] == ["-", "-"]
    ran = digits("predict", "--json", tmp_path / "scribble.png", tmp_path / "blank.png")
    scribble, blank = map(json.loads, ran.stdout.splitlines())
    assert scribble["verdict"] == "not_a_digit" and scribble["digit"] is None and scribble["guess"] in range(10)
    assert scribble["not_a_digit"] >= 0.5
    assert blank["verdict"] == "no_digit" and blank["digit"] is None and blank["guess"] is None


def test_evaluate_counts_the_refused(tmp_path):
    write_synthetic_mnist(tmp_path / "mnist", n_train=100, n_test=200)
    net = weights.load_bundled()[0]
    ran = digits("evaluate", "--json", "--data", tmp_path / "mnist")
    result = json.loads(ran.stdout)
    from network.data.mnist import load_mnist

    test = load_mnist(tmp_path / "mnist")[1]
    expected = int(np.sum(net.not_a_digit(scale(test.images)) >= net.doubt.threshold))
    assert result["refused"] == expected == evaluate(net, test).refused
    assert "called \"not a digit\"" in digits("evaluate", "--data", tmp_path / "mnist").stdout
    old = Network(net.w_ih, net.w_ho, net.b_h, net.b_o, activation="relu", output="softmax")
    weights.save(old, tmp_path / "old.npz")
    assert json.loads(digits("evaluate", "--json", "--weights", tmp_path / "old.npz", "--data",
                             tmp_path / "mnist").stdout)["refused"] is None
    assert "cannot tell digits from other pictures" in digits("evaluate", "--weights", tmp_path / "old.npz",
                                                              "--data", tmp_path / "mnist").stdout


def test_the_inside_report_says_why_from_the_same_numbers():
    from network.explain import inside

    net = weights.load_bundled()[0]
    reading = read_drawing(net, _scribble_image())
    tr = inside.trace(net, reading.inputs)
    report = inside.doubt(net, tr)
    assert report.probability == pytest.approx(reading.doubt, rel=1e-5) and report.refused
    assert report.threshold == net.doubt.threshold and report.digit == reading.guess
    pushes = [p.push for p in report.drivers]
    assert pushes == sorted(pushes, reverse=True) and all(p > 0 for p in pushes)
    a_h = tr.a_h.astype(np.float64)
    j = report.drivers[0].neuron
    assert report.drivers[0].push == pytest.approx(a_h[j] * (net.doubt.w[j] - net.w_ho[tr.digit, j]), rel=1e-5)
    assert inside.doubt(Network(net.w_ih, net.w_ho, net.b_h, net.b_o, activation="relu", output="softmax"), tr) is None
