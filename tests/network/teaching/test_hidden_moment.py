"""The hidden layer's moment: it measures the logit change of an output-layer change, it belongs to one
hidden layer, a bad file is refused in one sentence, and teaching holds MNIST's answers with it."""
import os

import numpy as np
import pytest
from helpers import synthetic

from network.data.mnist import Dataset
from network.errors import WeightsError
from network.model import Network
from network.pixels import scale
from network.storage import weights
from network.teaching import hidden_moment
from network.teaching import teach as teach_module
from network.teaching.taught_from import hidden_digest
from network.teaching.teach import METHOD, METHOD_MOMENT, TeachConfig, teach
from network.train import TrainConfig, run


@pytest.fixture(scope="module")
def small():
    """A 784-24-10 relu/softmax network trained on synthetic patterns, and its training set."""
    train = synthetic(500, seed=0)
    return run(TrainConfig(hidden=24, epochs=3, batch_size=32, lr=0.1, momentum=0.9, seed=0), train).network, train


def _hidden1(net, images):
    a = np.maximum(scale(images) @ net.w_ih.T + net.b_h, 0)
    return np.concatenate([a, np.ones((len(a), 1), np.float32)], axis=1).astype(np.float64)


def test_the_factor_gives_the_mean_squared_logit_change_of_any_output_layer_change(small):
    net, train = small
    moment = hidden_moment.compute(net, train.images, rank=25)           # full rank: hidden + 1
    a1 = _hidden1(net, train.images)
    np.testing.assert_allclose(moment.factor.astype(np.float64) @ moment.factor.T, a1.T @ a1 / len(a1),
                               rtol=1e-4, atol=1e-4)
    d_p = np.random.default_rng(0).normal(size=(10, 25))                 # [dW, db]
    direct = np.mean(np.sum((a1 @ d_p.T) ** 2, axis=1))                  # mean ||dz_o||^2 over the images
    np.testing.assert_allclose(np.sum((d_p @ moment.factor) ** 2), direct, rtol=1e-4)
    assert moment.kept == pytest.approx(1.0, abs=1e-5) and moment.images == 500
    assert moment.largest == pytest.approx(np.linalg.eigvalsh(a1.T @ a1 / len(a1))[-1], rel=1e-4)
    low = hidden_moment.compute(net, train.images, rank=5)
    assert low.factor.shape == (25, 5) and 0 < low.kept < 1


def test_saved_and_loaded_and_bad_files_refused_in_one_sentence(small, tmp_path):
    net, train = small
    moment = hidden_moment.compute(net, train.images, rank=8)
    path = tmp_path / "m.npz"
    hidden_moment.save(moment, path)
    again = hidden_moment.load(path)
    np.testing.assert_array_equal(again.factor, moment.factor)
    assert again.hidden_sha256 == moment.hidden_sha256
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 not a moment")
    weights.save(net, tmp_path / "weights.npz")                           # an npz, but weights
    for name in ("bad.npz", "weights.npz", "absent.npz"):
        with pytest.raises(WeightsError) as e:
            hidden_moment.load(tmp_path / name)
        assert name in str(e.value) and "\n" not in str(e.value)


def test_the_bundled_moment_belongs_to_the_bundled_weights_only(small):
    bundled, _ = weights.load_bundled()
    moment = hidden_moment.for_network(bundled)
    assert moment is not None and moment.factor.shape[0] == bundled.sizes[1] + 1
    assert hidden_moment.RANK <= moment.factor.shape[1] <= bundled.sizes[1] + 1     # made with --rank 256
    assert hidden_moment.for_network(small[0]) is None
    changed = bundled.copy()
    changed.w_ih[0, 0] += 1e-3                                            # another hidden layer
    assert hidden_moment.for_network(changed) is None


def test_teaching_the_bundled_network_holds_by_the_moment_and_makes_no_anchors():
    bundled, _ = weights.load_bundled()
    examples = Dataset(synthetic(10, seed=4).images, np.arange(10, dtype=np.uint8) % 10)
    config = TeachConfig(copies=5, epochs=2, min_steps=20)
    held = teach(bundled, examples, config)
    assert held.method == METHOD_MOMENT and held.anchors == 0 and held.config.anchors == 0
    plain = teach(bundled, examples, TeachConfig(copies=5, epochs=2, min_steps=20, anchors=50, hold_moment=0))
    assert plain.method == METHOD and plain.anchors == 50


def test_the_moment_holds_the_answers_it_was_made_from(small, monkeypatch):
    """Taught a new style, the network's logits on its training images move less with the moment held."""
    net, train = small
    moment = hidden_moment.compute(net, train.images)
    monkeypatch.setattr(teach_module, "moment_for", lambda network: moment)
    pattern = (np.random.default_rng(777).random(784) < 0.15) * 230
    noise = np.random.default_rng(3).normal(0, 40, (8, 784))
    examples = Dataset(np.clip(pattern + noise, 0, 255).astype(np.uint8), np.full(8, 3, np.uint8))
    base = dict(copies=10, epochs=20, anchors=0, hold=0.0)
    loose = teach(net, examples, TeachConfig(**base, hold_moment=0)).network
    held = teach(net, examples, TeachConfig(**base, hold_moment=0.1)).network
    a1 = _hidden1(net, train.images)

    def change(taught: Network):
        d_p = np.concatenate([taught.w_ho - net.w_ho, (taught.b_o - net.b_o)[:, None]], axis=1)
        return np.mean(np.sum((a1 @ d_p.T) ** 2, axis=1))
    assert change(held) < 0.1 * change(loose)        # 0.0007 times, seen
    assert (held.forward(scale(examples.images)).argmax(axis=1) == 3).mean() == 1.0   # and still learns it


def test_a_network_trained_here_keeps_its_own_moment_and_teaching_holds_by_it(small, monkeypatch):
    net, train = small
    examples = Dataset(synthetic(10, seed=4).images, np.arange(10, dtype=np.uint8) % 10)
    config = TeachConfig(copies=5, epochs=2, min_steps=20, anchors=50)
    assert hidden_moment.for_network(net) is None and teach(net, examples, config).method == METHOD
    moment = hidden_moment.remember(net, train.images)          # what training does when it ends
    path = hidden_moment.user_folder() / f"{hidden_digest(net)}.npz"
    assert path.exists() and moment.images == 500
    np.testing.assert_array_equal(hidden_moment.for_network(net).factor, moment.factor)
    taught = teach(net, examples, config)
    assert taught.method == METHOD_MOMENT and taught.anchors == 0
    assert hidden_moment.for_network(taught.network) is not None        # the taught one keeps the hidden layer
    other = net.copy()
    other.w_ih[0, 0] += 1e-3
    assert hidden_moment.for_network(other) is None
    path.write_bytes(b"PK\x03\x04 damaged")                           # a damaged one is not used
    assert hidden_moment.for_network(net) is None and teach(net, examples, config).method == METHOD


def test_only_the_latest_moments_are_kept_and_an_unwritable_folder_is_no_failure(small, monkeypatch, tmp_path):
    net, train = small
    monkeypatch.setattr(hidden_moment, "KEEP", 2)
    folder = tmp_path / "moments"
    nets = []
    for k in range(3):
        other = net.copy()
        other.b_h[0] += k + 1
        nets.append(other)
        hidden_moment.remember(other, train.images[:50], folder)
        os.utime(folder / f"{hidden_digest(other)}.npz", (1e9 + k, 1e9 + k))  # made in this order
    assert [hidden_moment.for_network(n, folder) is not None for n in nets] == [False, True, True]
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert hidden_moment.remember(net, train.images[:50], blocked / "moments") is None
    assert blocked.read_text() == "not a folder"


def test_a_network_from_elsewhere_gets_its_moment_once_when_mnist_is_at_hand(small, tmp_path):
    net, train = small
    other = net.copy()
    other.b_h[0] += 0.5                           # a hidden layer this machine never measured
    folder, said = tmp_path / "moments", []
    assert hidden_moment.ensure(other, None, folder) is None                        # no MNIST: nothing to do
    moment = hidden_moment.ensure(other, train.images, folder, starting=lambda: said.append(1))
    assert said == [1] and moment is not None and moment.images == 500
    np.testing.assert_array_equal(moment.factor, hidden_moment.compute(other, train.images).factor)
    again = hidden_moment.ensure(other, train.images, folder, starting=lambda: said.append(2))
    assert said == [1] and again is not None                                        # kept: not measured again


def test_measuring_a_moment_can_be_stopped(small, tmp_path, monkeypatch):
    from network.errors import Cancelled

    net, train = small
    monkeypatch.setattr(hidden_moment, "CHUNK", 100)
    polls = []
    with pytest.raises(Cancelled):
        hidden_moment.ensure(net, train.images, tmp_path, should_stop=lambda: polls.append(1) or len(polls) > 2)
    assert len(polls) == 3 and not list(tmp_path.glob("*.npz"))                     # stopped: nothing kept
