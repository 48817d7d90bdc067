"""The network's maths: gradients against finite differences, the article's rule by hand."""
import math

import numpy as np
import pytest

from network import activations as act
from network.model import Backprop, Network

PAIRS = [(a, loss) for a in act.HIDDEN_ACTIVATIONS for loss in act.LOSSES]


def _loss(net, x, labels):
    """The mean loss in float64, written independently of the code under test."""
    out = net.forward(x).astype(np.float64)
    rows = np.arange(len(labels))
    if net.output == "softmax":
        return -np.mean(np.log(out[rows, labels]))
    t = np.full(out.shape, 0.01)
    t[rows, labels] = 0.99
    return 0.5 * np.mean(np.sum((t - out) ** 2, axis=1))


@pytest.mark.parametrize("activation,loss", PAIRS)
def test_gradients_match_finite_differences(activation, loss):
    rng = np.random.default_rng(7)
    output = "softmax" if loss == "cross_entropy" else "sigmoid"
    net = Network.create(5, 4, 3, activation=activation, output=output, biases=True, rng=rng)
    net.b_h[:] = rng.normal(0, 0.5, 4)
    net.b_o[:] = rng.normal(0, 0.5, 3)
    x = rng.uniform(0, 1, (6, 5)).astype(np.float32)
    labels = rng.integers(0, 3, 6)
    backprop = Backprop(net, 6)
    reported = backprop.run(x, labels)
    assert reported == pytest.approx(_loss(net, x, labels), rel=1e-4)
    eps = 1e-2
    for p, g in zip(net.parameters(), backprop.nabla):
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            up = _loss(net, x, labels)
            p[i] = old - eps
            down = _loss(net, x, labels)
            p[i] = old
            numeric = (up - down) / (2 * eps)
            assert abs(numeric - g[i]) <= 5e-3 * max(1e-2, abs(numeric) + abs(g[i])), (i, numeric, g[i])


def _sig(v):
    return 1 / (1 + math.exp(-v))


def test_article_rule_equals_hand_computation_on_3_2_2():
    w_ih = [[0.9, 0.3, 0.4], [0.2, 0.8, 0.2]]
    w_ho = [[0.3, 0.7], [0.6, 0.5]]
    x, t, lr = [0.9, 0.1, 0.8], [0.99, 0.01], 0.3
    # by hand, the article's steps in plain Python
    h = [_sig(sum(w * xi for w, xi in zip(row, x))) for row in w_ih]
    o = [_sig(sum(w * hi for w, hi in zip(row, h))) for row in w_ho]
    e_o = [ti - oi for ti, oi in zip(t, o)]
    e_h = [sum(w_ho[k][j] * e_o[k] for k in range(2)) for j in range(2)]
    new_who = [[w_ho[k][j] + lr * e_o[k] * o[k] * (1 - o[k]) * h[j] for j in range(2)] for k in range(2)]
    new_wih = [[w_ih[j][i] + lr * e_h[j] * h[j] * (1 - h[j]) * x[i] for i in range(3)] for j in range(2)]

    net = Network(np.array(w_ih), np.array(w_ho))
    net.train_article(x, t, lr)
    assert np.allclose(net.w_ho, new_who, atol=1e-6)
    assert np.allclose(net.w_ih, new_wih, atol=1e-6)
    assert not np.allclose(net.w_ih, w_ih)   # it did move


def test_article_rule_in_batches_sends_the_raw_error_back():
    """Backprop(rule='article') on one sample is the same step as train_article."""
    rng = np.random.default_rng(3)
    net = Network.create(6, 4, 3, rng=rng)
    other = net.copy()
    x = rng.uniform(0.01, 1, 6).astype(np.float32)
    backprop = Backprop(other, 1, rule="article")
    backprop.run(x[None], np.array([2]))
    for p, g in zip(other.parameters(), backprop.nabla):
        p -= 0.3 * g
    net.train_article(x, act.targets([2], 3)[0], 0.3)
    assert np.allclose(net.w_ih, other.w_ih, atol=1e-6)
    assert np.allclose(net.w_ho, other.w_ho, atol=1e-6)


def test_forward_shapes_and_probabilities():
    net = Network.create(784, 20, 10, rng=0)
    x = np.full(784, 0.5, np.float32)
    assert net.forward(x).shape == (10,)
    assert net.forward(np.stack([x, x])).shape == (2, 10)
    p = net.probabilities(x)
    assert p.sum() == pytest.approx(1.0, abs=1e-5)


def test_initial_weights_follow_the_article():
    net = Network.create(784, 400, 10, rng=0)
    assert net.w_ih.shape == (400, 784) and net.w_ho.shape == (10, 400)
    assert net.w_ih.std() == pytest.approx(784 ** -0.5, rel=0.02)
    assert net.w_ho.std() == pytest.approx(400 ** -0.5, rel=0.1)
    assert net.w_ih.dtype == np.float32 and not net.has_biases


def test_copy_is_independent():
    net = Network.create(784, 10, 10, activation="relu", output="softmax", biases=True, rng=0)
    twin = net.copy()
    twin.w_ih += 1
    twin.b_h += 1
    assert not np.allclose(net.w_ih, twin.w_ih) and not np.allclose(net.b_h, twin.b_h)
