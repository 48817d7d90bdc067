"""Teaching a network a person's style: learns, forgets little, never touches the original, refuses bad input."""
import numpy as np
import pytest
from helpers import synthetic

from network.data.mnist import Dataset
from network.errors import Cancelled, ConfigError, DigitsError, TeachError
from network.evaluate import accuracies, accuracy
from network.model import Network
from network.teaching import teach as teach_module
from network.teaching.teach import (
    TeachConfig,
    personal_accuracy,
    personal_accuracy_after,
    personal_accuracy_before,
    personal_readings_after,
    teach,
)
from network.train import TrainConfig, run

FAST = TeachConfig(copies=20, anchors=400, epochs=10, min_steps=600)


@pytest.fixture(scope="module")
def small():
    """A 784-32-10 relu/softmax network trained on the synthetic patterns, and their test set."""
    train, test = synthetic(600, seed=0), synthetic(200, seed=1)
    config = TrainConfig(hidden=32, epochs=4, batch_size=32, lr=0.1, momentum=0.9, seed=0)
    return run(config, train).network, test


def new_style(n, seed, label=3):
    """n noisy drawings of a NEW pattern (not one of the ten), all labelled ``label``."""
    rng = np.random.default_rng(seed)
    pattern = (np.random.default_rng(777).random(784) < 0.15) * 230
    images = np.clip(pattern + rng.normal(0, 40, (n, 784)), 0, 255).astype(np.uint8)
    return Dataset(images, np.full(n, label, np.uint8), "new style")


def same_parameters(a, b):
    return all(np.array_equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


def test_teach_learns_a_new_style_and_keeps_the_old(small):
    net, test = small
    original = net.copy()
    examples, unseen = new_style(6, seed=2), new_style(100, seed=3)
    assert accuracy(net, unseen) < 0.5          # the network does not read the new pattern as a 3 yet
    before_test = accuracy(net, test)

    result = teach(net, examples, FAST)

    assert accuracy(result.network, unseen) > 0.85
    assert accuracy(result.network, test) >= before_test - 0.02
    assert result.network is not net
    assert same_parameters(net, original)        # the network passed in is untouched, bit for bit
    assert result.examples == 6 and result.copies == 6 * 21 and result.anchors == 400
    assert result.steps > 0 and result.seconds > 0 and result.train_accuracy == 1.0
    meta = result.metadata({"training": {"lr": 0.1}, "test_accuracy": 0.9}, "small.npz")
    assert meta["training"] == {"lr": 0.1} and "test_accuracy" not in meta      # no longer this network's
    taught = meta["taught"]
    assert taught["config"] == FAST.to_dict() and taught["personal_examples"] == 6
    assert taught["started_from"] == "small.npz"


def test_teach_is_deterministic_given_the_seed(small):
    net, _ = small
    examples = new_style(4, seed=4)
    a = teach(net, examples, FAST).network
    b = teach(net, examples, FAST).network
    c = teach(net, examples, TeachConfig(**{**FAST.to_dict(), "seed": 1})).network
    assert same_parameters(a, b)
    assert not same_parameters(a, c)


def test_only_the_output_layer_changes(small):
    net, _ = small
    taught = teach(net, new_style(4, seed=5), FAST).network
    assert np.array_equal(taught.w_ih, net.w_ih) and np.array_equal(taught.b_h, net.b_h)
    assert not np.array_equal(taught.w_ho, net.w_ho)
    assert taught.w_ih is not net.w_ih          # copied, so changing one never changes the other


def test_before_and_after_are_measured_with_one_hidden_pass_and_the_same_numbers(small, monkeypatch):
    """A taught network shares its hidden layer with the one it was taught from: ``accuracies``
    computes it once per batch and gives each network's own ``accuracy``, votes and all."""
    net, test = small
    taught = teach(net, new_style(6, seed=2), FAST).network
    wrong = (test.labels[:20] + 1) % 10                        # examples that vote for wrong digits
    voting = taught.with_votes(test.images[:20], wrong, np.zeros(net.sizes[1], np.float32), strength=1000.0, cap=1000.0)
    other = Network.create(784, 8, 10, activation="relu", output="softmax", biases=True, rng=1)
    expected = [accuracy(n, test) for n in (net, taught, voting, other)]
    assert expected[2] < expected[1]                           # the votes count
    passes = []
    hidden = Network.hidden
    monkeypatch.setattr(Network, "hidden", lambda self, x: passes.append(self) or hidden(self, x))
    assert accuracies((net, taught, voting, other), test) == expected
    assert len(passes) == 2 and other in passes                # one 200-image batch, two hidden layers


def test_holding_the_logits_limits_forgetting(small):
    """Without the anchors the old patterns suffer more than with them (the point of holding)."""
    net, test = small
    examples = Dataset(new_style(8, seed=6).images, np.full(8, 3, np.uint8))
    loose = teach(net, examples, TeachConfig(copies=20, anchors=0, epochs=30)).network
    held = teach(net, examples, TeachConfig(copies=20, anchors=800, hold=1.0, epochs=30)).network
    z0 = net.forward(test.inputs)
    change = [np.abs(n.forward(test.inputs) - z0).sum() for n in (loose, held)]
    assert change[1] < 0.5 * change[0]


def test_sigmoid_network_without_biases_can_be_taught():
    """The article's kind of network: sigmoid outputs, squared error, no biases (kept without biases)."""
    from network.activations import squared_error

    train = synthetic(300, seed=0)
    net = run(TrainConfig(hidden=20, activation="sigmoid", loss="squared", biases=False, epochs=3,
                          lr=0.5, seed=0), train).network
    examples = new_style(6, seed=7, label=5)
    taught = teach(net, examples, TeachConfig(copies=20, anchors=0, epochs=10)).network
    assert not taught.has_biases and taught.output == "sigmoid"
    assert not taught.b_o.any()
    labels = examples.labels.astype(int)
    assert squared_error(taught.forward(examples.inputs), labels) < squared_error(net.forward(examples.inputs), labels)
    unseen = new_style(50, seed=8, label=5)
    assert accuracy(taught, unseen) > accuracy(net, unseen) + 0.5


@pytest.mark.parametrize("examples, words", [
    (Dataset(np.zeros((0, 784), np.uint8), np.zeros(0, np.uint8)), "no examples"),
    (Dataset(np.zeros((2, 784), np.uint8), np.array([3, 12])), "0 to 9, not 12"),
    (Dataset(np.zeros((2, 784), np.uint8), np.array([3, -1])), "0 to 9, not -1"),
    (Dataset(np.zeros((2, 784), np.float32), np.array([3, 1])), "uint8"),
    (Dataset(np.zeros((2, 784), np.uint8), np.array([3.0, 1.0])), "whole numbers"),
    ("not a dataset", "Dataset"),
])
def test_bad_examples_are_refused_in_one_sentence(small, examples, words):
    net, _ = small
    with pytest.raises(TeachError) as error:
        teach(net, examples)
    message = str(error.value)
    assert words in message and message.endswith(".") and message.count(". ") == 0
    assert isinstance(error.value, DigitsError)


def test_wrong_shape_pictures_and_networks_are_refused(small):
    with pytest.raises(DigitsError, match="28x28"):
        Dataset(np.zeros((2, 100), np.uint8), np.array([1, 2]))
    other = Network.create(784, 10, 5, rng=0)
    with pytest.raises(TeachError, match="10 outputs"):
        teach(other, new_style(2, seed=0))


@pytest.mark.parametrize("change", [dict(copies=-1), dict(epochs=0), dict(lr=0.0), dict(momentum=1.0),
                                    dict(hold=-1.0), dict(distortion=9.0), dict(batch_size=0)])
def test_bad_settings_are_refused(small, change):
    net, _ = small
    with pytest.raises(ConfigError):
        teach(net, new_style(2, seed=0), TeachConfig(**change))


def test_config_round_trip():
    config = TeachConfig(epochs=7, seed=3)
    assert TeachConfig.from_dict({**config.to_dict(), "unknown": 1}) == config


def test_progress_and_cancel(small):
    net, _ = small
    calls = []
    teach(net, new_style(4, seed=9), FAST, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)

    polls = []

    def stop_on_third():
        polls.append(1)
        return len(polls) >= 3

    with pytest.raises(Cancelled) as error:
        teach(net, new_style(4, seed=9), FAST, should_stop=stop_on_third)
    assert len(polls) == 3 and str(error.value).endswith(".")
    with pytest.raises(Cancelled):
        personal_accuracy_after(net, new_style(4, seed=9), FAST, should_stop=lambda: True)


def test_personal_accuracy_is_honest(small):
    """k-fold: a pattern seen once, under a label the network has no other evidence for, is not credited."""
    net, _ = small
    style = new_style(10, seed=10)
    assert personal_accuracy_before(net, style) == accuracy(net, style)
    assert personal_accuracy_after(net, style, FAST) >= 0.8     # the other 8 teach the style to the held-out 2
    # ten DIFFERENT random patterns, each under its own label: nothing carries over to a held-out one
    rng = np.random.default_rng(11)
    lone = Dataset(((rng.random((10, 784)) < 0.15) * 230).astype(np.uint8), np.arange(10, dtype=np.uint8))
    assert personal_accuracy_after(net, lone, FAST) <= 0.3
    measured = personal_accuracy(net, style, FAST, folds=5)
    assert measured.folds == 5 and measured.examples == 10
    assert personal_accuracy(net, style.head(3), FAST).folds == 3          # leave-one-out
    assert personal_accuracy(net, style.head(1), FAST).after is None
    assert personal_accuracy(net, style.head(1), FAST).still_wrong == ()


def test_the_examples_still_read_wrong_are_named(small):
    """still_wrong says, per digit and what it was read as, how many examples the k-fold read wrong:
    the same readings that make the share."""
    net, _ = small
    rng = np.random.default_rng(11)
    lone = Dataset(((rng.random((10, 784)) < 0.15) * 230).astype(np.uint8), np.arange(10, dtype=np.uint8))
    read = personal_readings_after(net, lone, FAST)
    measured = personal_accuracy(net, lone, FAST)
    wrong = [(int(d), int(r)) for d, r in zip(lone.labels, read) if d != r]
    assert wrong and measured.after == pytest.approx(1 - len(wrong) / 10)
    assert sum(c for _, _, c in measured.still_wrong) == len(wrong)
    assert sorted((d, r) for d, r, c in measured.still_wrong for _ in range(c)) == sorted(wrong)
    counts = [c for _, _, c in measured.still_wrong]
    assert counts == sorted(counts, reverse=True)                        # the most first
    style = new_style(10, seed=10)
    right = personal_accuracy(net, style, FAST)
    assert right.after >= 0.8 and (right.after == 1) == (right.still_wrong == ())



def test_a_diverging_run_is_taught_again_with_a_smaller_step(small):
    net, test = small
    config = TeachConfig(copies=20, anchors=200, lr=3.7, hold=20.0, batch_size=7)   # diverges at 3.7
    prep = teach_module._prepare(net, new_style(4, seed=12), config, np.random.default_rng(0), lambda: None)
    steps = []
    with pytest.raises(teach_module._Diverged):
        teach_module._fit_once(net, prep, config, np.random.default_rng(1), tick=lambda: steps.append(1))
    assert len(steps) < teach_module._fit_steps(len(prep.y), config) / 4     # stopped once it ran away
    result = teach(net, new_style(4, seed=12), config)
    assert result.config.lr < 3.7 and result.config.lr in [3.7 / 2 ** k for k in range(1, 4)]
    assert result.metadata()["taught"]["config"]["lr"] == result.config.lr      # the file says what was used
    assert all(np.isfinite(p).all() for p in result.network.parameters())
    assert accuracy(result.network, test) >= accuracy(net, test) - 0.05
    again = teach(net, new_style(4, seed=12), config)
    assert np.array_equal(again.network.w_ho, result.network.w_ho)              # deterministic all the same


def test_a_run_that_diverges_at_every_step_size_is_refused_in_one_sentence(small, monkeypatch):
    net, _ = small

    def unstable(*args, **kwargs):
        raise teach_module._Diverged()

    monkeypatch.setattr(teach_module, "_fit_once", unstable)
    with pytest.raises(TeachError, match="diverged") as error:
        teach(net, new_style(4, seed=12), FAST)
    assert str(error.value).endswith(".") and "\n" not in str(error.value)


def test_holding_every_logit_keeps_one_taught_digit_from_taking_over(small):
    """Teaching only 3s: with its own logit held (the default) the old patterns stay; unheld, 3 takes over."""
    net, test = small
    examples = new_style(6, seed=13)
    held = teach(net, examples, FAST).network
    loose = teach(net, examples, TeachConfig(**{**FAST.to_dict(), "hold_own": False})).network
    assert accuracy(held, test) >= accuracy(net, test) - 0.02
    assert accuracy(loose, test) < accuracy(held, test) - 0.3


def test_settings_that_cannot_teach_are_said_in_the_readers_language():
    from helpers import cjk

    from network import i18n

    with pytest.raises(ConfigError, match="copies per example .* not -1"):
        TeachConfig(copies=-1).check()
    i18n.set_language("zh_CN")
    for bad in (TeachConfig(copies=-1), TeachConfig(lr=9.0), TeachConfig(hold=-1.0), TeachConfig(epochs=0)):
        with pytest.raises(ConfigError) as error:
            bad.check()
        assert cjk(str(error.value)) and "must" not in str(error.value)
