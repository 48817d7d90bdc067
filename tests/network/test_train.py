"""Training: it learns, it is reproducible, it reports, it stops, it refuses nonsense."""
import numpy as np
import pytest

from network import train as tr
from network.data.mnist import Dataset
from network.errors import ConfigError, TrainingDiverged
from network.evaluate import accuracy
from network.model import Network

SMALL = dict(hidden=32, epochs=3, batch_size=16, lr=0.1, momentum=0.9)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_training_learns_a_small_problem(tiny, activation, optimizer):
    train_set, test_set = tiny
    lr = 0.003 if optimizer == "adam" else 0.1
    config = tr.TrainConfig(**{**SMALL, "activation": activation, "optimizer": optimizer, "lr": lr})
    before = Network.create(784, 32, 10, activation=activation, output="softmax", biases=True, rng=0)
    assert accuracy(before, test_set) < 0.5
    done = tr.run(config, train_set, test_set)
    assert done.test_accuracy > 0.9
    assert done.history[-1].loss < done.history[0].loss


def test_classic_preset_and_squared_loss_learn(tiny):
    train_set, test_set = tiny
    done = tr.run(tr.preset("classic", epochs=2), train_set, test_set)
    assert done.test_accuracy > 0.9
    assert not done.network.has_biases and done.network.output == "sigmoid"


def test_augmented_training_learns(tiny):
    train_set, test_set = tiny
    done = tr.run(tr.TrainConfig(**{**SMALL, "augment": True, "epochs": 4}), train_set, test_set)
    assert done.test_accuracy > 0.8


def test_same_seed_same_weights_bit_for_bit(tiny):
    train_set, _ = tiny
    config = tr.TrainConfig(**{**SMALL, "augment": True, "l2": 1e-4, "schedule": "cosine"})
    a, b = tr.run(config, train_set).network, tr.run(config, train_set).network
    for p, q in zip(a.parameters(), b.parameters()):
        assert np.array_equal(p, q)
    c = tr.run(tr.TrainConfig(**{**SMALL, "seed": 1}), train_set).network
    assert not np.array_equal(a.w_ih, c.w_ih)


def test_events_report_progress_in_order(tiny):
    train_set, test_set = tiny
    config = tr.TrainConfig(**SMALL)
    events = list(tr.train(config, train_set, test_set))
    progress = [e for e in events if isinstance(e, tr.Progress)]
    epochs = [e for e in events if isinstance(e, tr.EpochEnd)]
    assert isinstance(events[-1], tr.Finished)
    assert len(progress) == 3 * -(-600 // 16)          # one per batch
    assert [e.epoch for e in epochs] == [1, 2, 3]
    fractions = [p.fraction for p in progress]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert all(0 <= e.train_accuracy <= 1 and 0 <= e.test_accuracy <= 1 and e.seconds > 0 for e in epochs)
    assert events[-1].test_accuracy == epochs[-1].test_accuracy == accuracy(events[-1].network, test_set)


def test_stopping_between_batches_leaves_the_given_network_untouched(tiny):
    train_set, _ = tiny
    start = Network.create(784, 32, 10, activation="relu", output="softmax", biases=True, rng=0)
    snapshot = start.w_ih.copy()
    run = tr.train(tr.TrainConfig(**SMALL), train_set, network=start)
    for i, event in enumerate(run):
        if i == 5:
            break
    run.close()
    assert np.array_equal(start.w_ih, snapshot)


def test_a_diverging_run_stops_with_a_clear_message(tiny):
    train_set, _ = tiny
    config = tr.TrainConfig(hidden=32, activation="relu", epochs=2, batch_size=16, lr=1e4, momentum=0.9)
    with pytest.raises(TrainingDiverged, match="diverged.*smaller learning rate"):
        tr.run(config, train_set)


@pytest.mark.parametrize("field,value", [("lr", -1.0), ("lr", float("nan")), ("epochs", 0), ("hidden", 0),
                                         ("batch_size", 0), ("momentum", 1.5), ("activation", "cube"),
                                         ("schedule", "wavy"), ("optimizer", "magic"), ("l2", -1.0)])
def test_nonsense_settings_are_refused_in_one_sentence(field, value):
    with pytest.raises(ConfigError) as info:
        tr.TrainConfig(**{field: value}).check()
    message = str(info.value)
    assert message.endswith(".") and "\n" not in message


def test_presets_are_valid_and_overrides_win():
    for name in tr.PRESETS:
        tr.preset(name).check()
    plain = tr.preset("best", optimizer="sgd", momentum=0.0, l2=0.0, schedule="constant", augment=False)
    assert (plain.momentum, plain.l2, plain.schedule, plain.augment) == (0.0, 0.0, "constant", False)
    assert plain.hidden == tr.PRESETS["best"].hidden
    with pytest.raises(ConfigError):
        tr.preset("turbo")


def test_config_round_trips_through_a_dict():
    config = tr.preset("fast", seed=5)
    assert tr.TrainConfig.from_dict({**config.to_dict(), "unknown": 1}) == config


def test_classic_fast_path_is_the_articles_rule_sample_by_sample():
    """One epoch of the BLAS fast path the classic preset uses gives the weights that
    Network.train_article gives when applied to the same samples in the same order."""
    rng = np.random.default_rng(11)
    images = rng.integers(0, 256, (150, 784), dtype=np.uint8)
    labels = rng.integers(0, 10, 150).astype(np.uint8)
    data = Dataset(images, labels, "random")
    fast = Network.create(784, 12, 10, rng=3)
    slow = fast.copy()
    order = rng.permutation(150)
    for _ in tr._article_epoch_steps(fast, 0.3, data, order, epoch=1, chunk=40):
        pass
    for i in order:
        targets = np.full(10, 0.01, np.float32)
        targets[labels[i]] = 0.99
        slow.train_article(images[i] / 255 * 0.99 + 0.01, targets, 0.3)
    assert not np.allclose(fast.w_ih, Network.create(784, 12, 10, rng=3).w_ih)     # it did learn
    np.testing.assert_allclose(fast.w_ih, slow.w_ih, atol=1e-5)
    np.testing.assert_allclose(fast.w_ho, slow.w_ho, atol=1e-5)
