"""What the network imagines: the back query by hand, the ascent's gradient by
finite differences, ranges, cancelling, pictures, and whether other networks
read the imagined digits (with MNIST)."""
import math

import numpy as np
import pytest
from PIL import Image

from network.errors import Cancelled, ConfigError
from network.explain.imagine import _resample_matrices, ascent, back_query, log_p_and_gradient, moved_log_p_and_gradient, project_ink
from network.model import Network
from network.pixels import inputs_from_picture as from_picture
from network.pixels import picture_from_inputs as to_picture


def sigmoid_net(n_in, n_hidden, n_out, biases, seed=0):
    rng = np.random.default_rng(seed)
    b = (rng.normal(0, 0.5, n_hidden), rng.normal(0, 0.5, n_out)) if biases else (None, None)
    return Network(rng.normal(0, 1, (n_hidden, n_in)), rng.normal(0, 1, (n_out, n_hidden)), *b)


# -- the back query ----------------------------------------------------------------------
def back_query_by_hand(w_ih, w_ho, b_h, b_o):
    """The article's back query in plain Python lists, one digit at a time."""
    def logit(a):
        return math.log(a / (1 - a))

    def rescale(v):
        low = min(v)
        v = [e - low for e in v]
        return [e / max(v) * 0.98 + 0.01 for e in v]

    n_out, n_hidden, n_in = len(w_ho), len(w_ih), len(w_ih[0])
    rows = []
    for d in range(n_out):
        final_inputs = [logit(0.99 if k == d else 0.01) - b_o[k] for k in range(n_out)]
        hidden = rescale([sum(w_ho[k][j] * final_inputs[k] for k in range(n_out)) for j in range(n_hidden)])
        hidden_inputs = [logit(a) - b_h[j] for j, a in enumerate(hidden)]
        rows.append(rescale([sum(w_ih[j][i] * hidden_inputs[j] for j in range(n_hidden))
                             for i in range(n_in)]))
    return rows


@pytest.mark.parametrize("biases", [False, True])
def test_back_query_matches_a_hand_computation(biases):
    net = sigmoid_net(4, 3, 2, biases)
    expected = back_query_by_hand(net.w_ih.tolist(), net.w_ho.tolist(), net.b_h.tolist(), net.b_o.tolist())
    x = back_query(net)
    assert x.shape == (2, 4) and x.dtype == np.float32
    np.testing.assert_allclose(x, expected, rtol=0, atol=1e-6)


def test_back_query_gives_one_input_per_digit_in_range():
    x = back_query(Network.create(784, 30, 10, rng=1))
    assert x.shape == (10, 784) and x.dtype == np.float32
    np.testing.assert_allclose(x.min(axis=1), 0.01, atol=1e-6)
    np.testing.assert_allclose(x.max(axis=1), 0.99, atol=1e-6)
    assert len({row.tobytes() for row in x}) == 10


@pytest.mark.parametrize("activation, output, named", [
    ("relu", "softmax", ["relu hidden nodes", "softmax outputs"]),
    ("tanh", "sigmoid", ["tanh hidden nodes"]),
    ("sigmoid", "softmax", ["softmax outputs"]),
])
def test_back_query_refuses_networks_it_cannot_invert(activation, output, named):
    net = Network.create(784, 8, 10, activation=activation, output=output, rng=0)
    with pytest.raises(ConfigError) as caught:
        back_query(net)
    message = str(caught.value)
    assert all(n in message for n in named) and "sigmoid" in message
    assert message.count(".") == 1 and message.endswith(".")


# -- the ascent's gradient -----------------------------------------------------------------
def log_p_reference(net, x, d):
    """log softmax(z_o)[d] for one input, in float64, written out independently."""
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
         "relu": lambda z: np.maximum(z, 0)}[net.activation]
    a_h = f(net.w_ih.astype(np.float64) @ x + net.b_h)
    z_o = net.w_ho.astype(np.float64) @ a_h + net.b_o
    return z_o[d] - np.log(np.sum(np.exp(z_o)))


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("biases", [False, True])
def test_input_gradient_matches_finite_differences(activation, output, biases):
    rng = np.random.default_rng(3)
    net = Network.create(7, 5, 4, activation=activation, output=output, biases=biases, rng=rng)
    if biases:
        net.b_h[:] = rng.normal(0, 0.3, 5)
        net.b_o[:] = rng.normal(0, 0.3, 4)
    x = rng.uniform(0.01, 0.99, (4, 7)).astype(np.float32)
    digits = np.array([0, 1, 2, 3])
    j, grad = log_p_and_gradient(net, x, digits)
    eps = 1e-5
    for row, d in enumerate(digits):
        x0 = x[row].astype(np.float64)
        assert j[row] == pytest.approx(log_p_reference(net, x0, d), abs=1e-5)
        numeric = [(log_p_reference(net, x0 + eps * e, d) - log_p_reference(net, x0 - eps * e, d)) / (2 * eps)
                   for e in np.eye(7)]
        np.testing.assert_allclose(grad[row], numeric, rtol=1e-3, atol=1e-5)


def test_gradient_stays_exact_when_the_network_is_sure():
    """1 - p_d must not cancel to 0 in float32 when p_d is within 6e-8 of 1."""
    net = Network(np.eye(2) * 20, np.array([[1.0, 0.0], [0.0, 1.0]]), activation="relu", output="softmax")
    x = np.array([[0.99, 0.01]], np.float32)
    _, grad = log_p_and_gradient(net, x, np.array([0]))
    z = 20 * x[0].astype(np.float64)
    one_minus_p = 1 / (1 + math.exp(z[0] - z[1]))      # p_1 = 1 - p_0, here about 6e-9
    np.testing.assert_allclose(grad[0], [20 * one_minus_p, -20 * one_minus_p], rtol=1e-4)


def test_moved_gradient_matches_finite_differences():
    """The objective of a step (the network on moved, scaled copies) against finite differences."""
    rng = np.random.default_rng(4)
    net = Network.create(784, 12, 10, activation="tanh", output="softmax", biases=True, rng=rng)
    ink = rng.uniform(0, 0.5, (10, 28, 28)).astype(np.float32)
    copies = 2
    m = copies * 10
    r_y, r_x = (_resample_matrices(np.exp(rng.uniform(-0.1, 0.1, m)), rng.uniform(10, 17, m),
                                   14 + rng.uniform(-2, 2, m)).reshape(copies, 10, 28, 28) for _ in range(2))
    j, g = moved_log_p_and_gradient(net, ink, r_y, r_x)
    assert j.shape == (10,) and g.shape == (10, 28, 28)
    ink64 = ink.astype(np.float64)

    def objective(picture, d):
        return np.mean([log_p_reference(net, (r_y[k, d] @ picture @ r_x[k, d].T).ravel() + 0.01, d)
                        for k in range(copies)])

    eps = 1e-5
    for d, (row, col) in [(0, (14, 14)), (3, (10, 17)), (7, (20, 8)), (9, (5, 5))]:
        bump = np.zeros((28, 28))
        bump[row, col] = eps
        numeric = (objective(ink64[d] + bump, d) - objective(ink64[d] - bump, d)) / (2 * eps)
        assert g[d, row, col] == pytest.approx(numeric, rel=1e-3, abs=1e-6)
        assert j[d] == pytest.approx(objective(ink64[d], d), abs=1e-5)


# -- ink ------------------------------------------------------------------------------------
def test_project_ink_keeps_the_ink_within_its_bounds():
    rng = np.random.default_rng(0)
    mask = (rng.random(784) < 0.8).astype(np.float32)
    cost = rng.uniform(1, 3, 784).astype(np.float32)
    heavy = rng.uniform(-0.2, 1.2, (3, 784)).astype(np.float32)       # about 370 units of ink
    light = rng.uniform(-0.2, 0.05, (3, 784)).astype(np.float32)      # about 8
    middle = np.zeros((1, 784), np.float32)
    middle[0, :80] = 0.9                                              # 72, inside the bounds
    ink = project_ink(np.concatenate([heavy, light, middle]), 100.0, 50.0, mask, cost)
    sums = ink.sum(axis=1)
    np.testing.assert_allclose(sums[:3], 100.0, rtol=1e-3)
    np.testing.assert_allclose(sums[3:6], 50.0, rtol=1e-3)
    np.testing.assert_allclose(ink[6], np.clip(middle[0], 0, 0.98) * mask)
    assert ink.min() >= 0 and ink.max() <= np.float32(0.98) and not np.any(ink[:, mask == 0])


# -- the ascent -------------------------------------------------------------------------------
@pytest.mark.parametrize("activation, output, biases", [
    ("sigmoid", "sigmoid", False), ("tanh", "sigmoid", True), ("relu", "softmax", True),
    ("sigmoid", "softmax", False),
])
def test_ascent_gives_one_input_per_digit_in_range(activation, output, biases):
    net = Network.create(784, 16, 10, activation=activation, output=output, biases=biases, rng=2)
    x = ascent(net, steps=15, seed=1)
    assert x.shape == (10, 784) and x.dtype == np.float32
    assert x.min() >= np.float32(0.01) and x.max() <= np.float32(0.99) and np.all(np.isfinite(x))   # float32 bounds: numpy 1.26 compares with a Python float in float64
    ink = (x - 0.01).sum(axis=1)
    assert np.all(ink <= 100.5) and np.all(ink > 0)
    np.testing.assert_array_equal(x, ascent(net, steps=15, seed=1))
    assert not np.array_equal(x, ascent(net, steps=15, seed=2))


def test_ascent_reports_progress_and_can_be_cancelled():
    net = Network.create(784, 8, 10, activation="relu", output="softmax", rng=0)
    calls = []
    ascent(net, steps=25, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(10, 25), (20, 25), (25, 25)]

    polls = []

    def stop_on_third_poll():
        polls.append(1)
        return len(polls) >= 3

    with pytest.raises(Cancelled) as caught:
        ascent(net, steps=50, should_stop=stop_on_third_poll, progress=lambda *a: calls.append(a))
    assert len(polls) == 3 and str(caught.value).endswith(".")
    assert len(calls) == 3                     # the first run's calls only: stopped before step 10


def test_ascent_refuses_bad_settings():
    with pytest.raises(ConfigError):
        ascent(Network.create(784, 8, 10, rng=0), steps=0)
    with pytest.raises(ConfigError):
        ascent(Network.create(100, 8, 10, rng=0), steps=1)


# -- pictures -------------------------------------------------------------------------------
def test_pictures_are_mnist_pixels_and_survive_a_png(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.uniform(0.01, 0.99, (3, 784)).astype(np.float32)
    x[0, :3] = [0.01, 0.99, 0.5]
    pictures = to_picture(x)
    assert pictures.shape == (3, 28, 28) and pictures.dtype == np.uint8
    assert pictures[0, 0, :3].tolist() == [0, 255, 128]
    assert to_picture(np.array([0.0, 1.2] + [0.01] * 782)).ravel()[:2].tolist() == [0, 255]
    path = tmp_path / "imagined_0.png"
    Image.fromarray(pictures[1]).save(path)
    back = from_picture(np.asarray(Image.open(path)))
    assert back.shape == (784,) and back.dtype == np.float32
    assert np.max(np.abs(back - x[1])) <= 0.98 / 255 / 2 + 1e-6
    np.testing.assert_array_equal(to_picture(from_picture(pictures)), pictures)


# -- other networks read the imagined digits (needs MNIST) ------------------------------------------
@pytest.fixture(scope="module")
def classic_judge(mnist):
    """The article's network trained from scratch, once over the first 10,000 MNIST training images
    (92.6% on the test set; it reads 9 and 10 of the bundled and the small network's imagined
    digits, as the one over 20,000 did; 0.3 s on one BLAS thread: the sample-at-a-time updates
    take minutes when two threads fight over 2 busy cores)."""
    from threadpoolctl import threadpool_limits

    from network.data.mnist import Dataset
    from network.train import preset, run

    train, _ = mnist
    with threadpool_limits(limits=1, user_api="blas"):
        return run(preset("classic"), Dataset(train.images[:10000], train.labels[:10000], "part of MNIST")).network


def read(net, x):
    """(how many of the 10 rows net reads as their digit, predictions)."""
    predicted = net.forward(x).argmax(axis=1)
    return int(np.sum(predicted == np.arange(10))), predicted


def test_bundled_networks_digits_are_read_by_an_independent_network(classic_judge):
    from network.storage.weights import load_bundled

    net, _ = load_bundled()
    x = ascent(net)
    assert read(net, x)[0] == 10, read(net, x)
    assert read(classic_judge, x)[0] >= 8, read(classic_judge, x)


def test_a_relu_network_trained_here_imagines_digits_a_classic_network_reads(mnist, classic_judge):
    from threadpoolctl import threadpool_limits

    from network.data.mnist import Dataset
    from network.train import preset, run

    train, _ = mnist
    part = Dataset(train.images[:20000], train.labels[:20000], "part of MNIST")
    with threadpool_limits(limits=1, user_api="blas"):
        net = run(preset("fast", epochs=1, hidden=100, augment=False, schedule="constant", negatives=0), part).network
    x = ascent(net, seed=1)
    assert read(net, x)[0] == 10, read(net, x)
    assert read(classic_judge, x)[0] >= 8, read(classic_judge, x)
