"""The Inside view's numbers: a forward trace, the hidden pushes, pixel evidence, one training step.

References are written independently in float64 (a forward pass, the evidence
by explicit loops, finite differences) and the training step is checked
against the network's own training code (``train_article``, ``Backprop``).
"""
import json

import numpy as np
import pytest
from helpers import synthetic

from network.errors import DataError
from network.explain import inside
from network.model import Backprop, Network
from network.pixels import BLANK, scale
from network.storage.weights import load_bundled


@pytest.fixture(autouse=True)
def one_blas_thread():
    """Products of one drawing are too small to share: on a busy machine a second BLAS
    thread only adds waiting (a forward pass of the bundled network: 0.6 ms -> 20 ms)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


KINDS = [(a, o, b) for a in ("sigmoid", "tanh", "relu") for o in ("sigmoid", "softmax") for b in (False, True)]
"""Every network the app can hold: hidden activation, output, biases."""


def _net(activation, output, biases, sizes=(6, 5, 3), seed=0):
    """A small random network; biases (when on) are random too, so they matter."""
    rng = np.random.default_rng(seed)
    net = Network.create(*sizes, activation=activation, output=output, biases=biases, rng=rng)
    if biases:
        net.b_h[:] = rng.normal(0, 0.5, sizes[1])
        net.b_o[:] = rng.normal(0, 0.5, sizes[2])
    return net


def _inputs(n_input, rng, ink=0.6):
    """Inputs like a drawing: BLANK on part of the pixels, 0.01..0.99 on the others."""
    x = rng.uniform(0.01, 0.99, n_input).astype(np.float32)
    x[rng.random(n_input) > ink] = BLANK
    return x


def _f(activation, z):
    return {"sigmoid": lambda v: 1 / (1 + np.exp(-v)), "tanh": np.tanh,
            "relu": lambda v: np.maximum(v, 0)}[activation](z)


def _reference(net, x):
    """(z_h, a_h, z_o) in float64, written apart from the code under test."""
    w_ih, w_ho = net.w_ih.astype(np.float64), net.w_ho.astype(np.float64)
    z_h = w_ih @ np.asarray(x, np.float64) + net.b_h
    a_h = _f(net.activation, z_h)
    return z_h, a_h, w_ho @ a_h + net.b_o


def _score(net, x, digit, other):
    z_o = _reference(net, x)[2]
    return z_o[digit] - z_o[other]


# -- trace ------------------------------------------------------------------------------
@pytest.mark.parametrize("activation,output,biases", KINDS)
def test_trace_agrees_with_forward_exactly(activation, output, biases):
    net = _net(activation, output, biases, sizes=(784, 30, 10))
    rng = np.random.default_rng(1)
    for _ in range(5):
        x = _inputs(784, rng)
        tr = inside.trace(net, x)
        assert np.array_equal(tr.a_o, net.forward(x))
        assert np.array_equal(tr.probabilities, net.probabilities(x))
        z_h, a_h, z_o = _reference(net, x)
        assert np.allclose(tr.z_h, z_h, atol=1e-5) and np.allclose(tr.a_h, a_h, atol=1e-5)
        assert np.allclose(tr.z_o, z_o, atol=1e-5)
        assert tr.digit == int(net.probabilities(x).argmax())
        assert tr.runner_up != tr.digit
        assert tr.z_o[tr.runner_up] == max(tr.z_o[k] for k in range(10) if k != tr.digit)
        assert tr.x.shape == (784,) and tr.z_h.shape == tr.a_h.shape == (30,)
        assert tr.z_o.shape == tr.a_o.shape == tr.probabilities.shape == (10,)
        assert all(a.dtype == np.float32 for a in (tr.x, tr.z_h, tr.a_h, tr.z_o, tr.a_o, tr.probabilities))
    with pytest.raises(ValueError):
        tr.a_h[0] = 1.0                                # read-only: a trace cannot be altered by accident
    assert np.array_equal(inside.trace(net, x.reshape(28, 28)).a_o, tr.a_o)


def test_trace_refuses_inputs_of_the_wrong_size():
    net = _net("relu", "softmax", True, sizes=(784, 8, 10))
    for bad in (np.zeros(783), np.zeros((2, 784)), np.zeros((28, 28, 1)), 0.5):
        with pytest.raises(DataError, match="784 input values"):
            inside.trace(net, bad)


# -- hidden neurons ----------------------------------------------------------------------
@pytest.mark.parametrize("activation,output,biases", KINDS)
def test_pushes_make_the_score(activation, output, biases):
    net = _net(activation, output, biases, sizes=(784, 40, 10), seed=2)
    tr = inside.trace(net, _inputs(784, np.random.default_rng(3)))
    for digit in range(10):
        pushes = inside.push(net, tr, digit)
        assert pushes.shape == (40,) and pushes.dtype == np.float32
        assert np.allclose(pushes, [net.w_ho[digit, j] * tr.a_h[j] for j in range(40)])
        assert pushes.sum(dtype=np.float64) + net.b_o[digit] == pytest.approx(tr.z_o[digit], abs=1e-5)
    assert np.array_equal(inside.push(net, tr, np.int64(4)), inside.push(net, tr, 4))
    for bad in (10, -1, 2.5, "3"):
        with pytest.raises(DataError):
            inside.push(net, tr, bad)


def test_order_puts_the_biggest_pushes_first_and_keeps_ties_in_neuron_order():
    pushes = np.array([0.0, 2.0, -1.0, 0.0, 3.0, -4.0, 0.0], np.float32)
    assert inside.order(pushes).tolist() == [4, 1, 0, 3, 6, 2, 5]
    net = _net("relu", "softmax", True, sizes=(784, 200, 10), seed=4)
    tr = inside.trace(net, _inputs(784, np.random.default_rng(5)))
    pushes = inside.push(net, tr, tr.digit)
    ranked = inside.order(pushes)
    assert sorted(ranked.tolist()) == list(range(200))
    assert np.all(np.diff(pushes[ranked]) <= 0)
    zeros = ranked[pushes[ranked] == 0]                # the inactive relu neurons, in the middle
    assert len(zeros) > 10 and np.all(np.diff(zeros) > 0)


@pytest.mark.parametrize("negative", [False, True])
def test_top_pushers_are_the_extreme_pushes(negative):
    net = _net("relu", "softmax", True, sizes=(784, 100, 10), seed=6)
    tr = inside.trace(net, _inputs(784, np.random.default_rng(7)))
    pushes = inside.push(net, tr, 3)
    ranked = sorted(range(100), key=lambda j: (pushes[j] if negative else -pushes[j], j))
    for k in (1, 10, 100, 500):
        top = inside.top_pushers(net, tr, 3, k, negative=negative)
        assert [p.neuron for p in top] == ranked[:k]
        for p in top:
            assert p.activation == tr.a_h[p.neuron] and p.push == pushes[p.neuron]
            assert isinstance(p.neuron, int) and isinstance(p.push, float)
    assert inside.top_pushers(net, tr, 3, 0) == ()
    assert inside.top_pushers(net, tr, 3, 5, negative=True)[0].push < 0


@pytest.mark.parametrize("activation,biases", [("relu", True), ("sigmoid", False), ("tanh", True)])
def test_neuron_card_adds_up(activation, biases):
    net = _net(activation, "softmax", biases, sizes=(784, 20, 10), seed=8)
    x = _inputs(784, np.random.default_rng(9))
    tr = inside.trace(net, x)
    for j in (0, 7, 19):
        card = inside.neuron_card(net, tr, j)
        assert card.neuron == j and card.function == activation and card.has_bias == biases
        assert np.array_equal(card.weights_in, net.w_ih[j].reshape(28, 28))
        assert np.allclose(card.contribution, (x * net.w_ih[j]).reshape(28, 28))
        assert card.weighted_sum == pytest.approx(float(card.contribution.sum(dtype=np.float64)))
        assert card.bias == (net.b_h[j] if biases else 0.0)
        assert card.weighted_sum + card.bias == pytest.approx(card.z, abs=1e-5)
        assert card.z == tr.z_h[j] and card.a == tr.a_h[j]
        assert card.a == pytest.approx(_f(activation, card.z), abs=1e-6)
        assert np.array_equal(card.weights_out, net.w_ho[:, j])
        assert np.allclose(card.push, net.w_ho[:, j] * tr.a_h[j])
        assert card.push[tr.digit] == pytest.approx(inside.push(net, tr, tr.digit)[j])
    with pytest.raises(DataError):
        inside.neuron_card(net, tr, 20)


def test_formula_writes_the_card_out():
    card = inside.NeuronCard(neuron=3, function="relu", weights_in=None, contribution=None,
                             weighted_sum=3.2109, bias=-0.4012, has_bias=True, z=2.8097, a=2.8097,
                             weights_out=None, push=None)
    assert inside.formula(card) == "a = relu(z) = relu(Σ w·x + b) = relu(3.21 + (-0.40)) = 2.81"
    card = inside.NeuronCard(neuron=3, function="sigmoid", weights_in=None, contribution=None,
                             weighted_sum=-1.5, bias=0.0, has_bias=False, z=-1.5, a=0.18243,
                             weights_out=None, push=None)
    assert inside.formula(card, decimals=3) == "a = sigmoid(z) = sigmoid(Σ w·x) = sigmoid((-1.500)) = 0.182"


# -- evidence -------------------------------------------------------------------------
def _evidence_by_loops(net, x, digit, other):
    """The rescale attribution by its definition: every neuron's output change shared out
    among the pixels in proportion to their part of its input change (its slope f'(z) times
    their part when its input sum does not change). float64, loops."""
    x0 = np.full(len(x), BLANK, np.float64)
    z_h, a_h, _ = _reference(net, x)
    z_h0, a_h0, _ = _reference(net, x0)
    c = np.zeros(len(x))
    for j in range(len(z_h)):
        dv = float(net.w_ho[digit, j]) - float(net.w_ho[other, j])
        parts = [float(net.w_ih[j, i]) * (float(x[i]) - x0[i]) for i in range(len(x))]
        for i, part in enumerate(parts):
            if sum(parts) == 0:
                eps = 1e-6
                slope = (_f(net.activation, z_h[j] + eps) - _f(net.activation, z_h[j] - eps)) / (2 * eps)
                c[i] += dv * slope * part
            else:
                c[i] += dv * (a_h[j] - a_h0[j]) * part / sum(parts)
    return c


@pytest.mark.parametrize("activation,output,biases", KINDS)
def test_evidence_equals_the_rescale_rule_by_loops(activation, output, biases):
    net = _net(activation, output, biases, seed=10)
    rng = np.random.default_rng(11)
    for _ in range(4):
        x = _inputs(6, rng, ink=0.8)
        c = inside.evidence(net, x, 0, 2)
        assert c.shape == (6,) and c.dtype == np.float32
        expected = _evidence_by_loops(net, x, 0, 2)
        assert np.allclose(c, expected, rtol=1e-4, atol=1e-5 * max(1.0, np.abs(expected).max()))


@pytest.mark.parametrize("activation,output,biases", KINDS)
def test_evidence_adds_up_to_the_score_difference(activation, output, biases):
    """Completeness: sum_i c_i = s(x) - s(x0), for small networks and a 784-100-10 one."""
    for sizes in ((6, 5, 3), (784, 100, 10)):
        net = _net(activation, output, biases, sizes=sizes, seed=12)
        rng = np.random.default_rng(13)
        x0 = np.full(sizes[0], BLANK, np.float32)
        for _ in range(5):
            x = _inputs(sizes[0], rng)
            digit, other = rng.choice(sizes[2], 2, replace=False)
            c = inside.evidence(net, x, digit, other)
            change = _score(net, x, digit, other) - _score(net, x0, digit, other)
            assert c.sum(dtype=np.float64) == pytest.approx(change, rel=1e-4, abs=1e-4)
            assert np.all(c[x == BLANK] == 0)   # pixels left empty carry no evidence
            assert np.allclose(inside.evidence(net, x, other, digit), -c, atol=1e-6)
            assert np.all(inside.evidence(net, x, digit, digit) == 0)


@pytest.mark.parametrize("activation,output,biases", KINDS)
def test_evidence_of_one_changed_pixel_is_the_whole_change(activation, output, biases):
    """Brute force: change pixels one at a time from the empty canvas."""
    net = _net(activation, output, biases, seed=14)
    x0 = np.full(6, BLANK, np.float32)
    for i in range(6):
        x = x0.copy()
        x[i] = 0.9
        c = inside.evidence(net, x, 1, 2)
        assert np.all(np.delete(c, i) == 0)
        assert c[i] == pytest.approx(_score(net, x, 1, 2) - _score(net, x0, 1, 2), rel=1e-4, abs=1e-6)


@pytest.mark.parametrize("activation,output,biases", KINDS)
def test_evidence_near_the_empty_canvas_is_gradient_times_input(activation, output, biases):
    """Finite differences: for x close to x0, c_i -> ds/dx_i (x0) * (x_i - x0_i)."""
    net = _net(activation, output, biases, seed=15)
    x0 = np.full(6, BLANK, np.float64)
    dx = 1e-3 * np.random.default_rng(16).uniform(0.2, 1, 6)
    x = (x0 + dx).astype(np.float32)
    h = 1e-5
    gradient = np.array([(_score(net, x0 + h * e, 0, 1) - _score(net, x0 - h * e, 0, 1)) / (2 * h)
                         for e in np.eye(6)])
    expected = gradient * (x.astype(np.float64) - x0)
    c = inside.evidence(net, x, 0, 1)
    assert np.allclose(c, expected, rtol=1e-2, atol=1e-2 * np.abs(expected).max())


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_evidence_where_a_hidden_sum_does_not_change(activation):
    """z_h[j] == z_h0[j]: the multiplier is f'(z_h[j]); no division by zero, still complete."""
    net = _net(activation, "softmax", True, seed=17)
    net.w_ih[0] = [1.0, -1.0, 0.5, -0.5, 0.0, 0.0]    # equal ink on pixels 0-3 leaves z_h[0] unchanged
    net.b_h[0] = 0.3
    x = np.array([0.6, 0.6, 0.6, 0.6, 0.2, 0.01], np.float32)
    tr, blank = inside.trace(net, x), inside.blank_trace(net)
    assert tr.z_h[0] == blank.z_h[0]
    c = inside.evidence(net, x, 0, 1, tr=tr, blank=blank)
    assert np.all(np.isfinite(c))
    x0 = np.full(6, BLANK)
    assert c.sum() == pytest.approx(_score(net, x, 0, 1) - _score(net, x0, 0, 1), rel=1e-4, abs=1e-6)
    assert np.allclose(c, _evidence_by_loops(net, x, 0, 1), atol=1e-5)


def test_evidence_refuses_a_trace_of_another_drawing():
    net = _net("relu", "softmax", True)
    rng = np.random.default_rng(18)
    tr = inside.trace(net, _inputs(6, rng))
    with pytest.raises(ValueError):
        inside.evidence(net, _inputs(6, rng), 0, 1, tr=tr)
    with pytest.raises(DataError):
        inside.evidence(net, tr.x, 0, 3, tr=tr)


def _blanking_drops(net, images, k=20, seed=0):
    """For each image: how much s = z_o[digit] - z_o[runner_up] falls when the k pixels of most
    evidence are blanked, and when k random inked pixels are (fixed seed). Two (n,) arrays."""
    rng = np.random.default_rng(seed)
    blank = inside.blank_trace(net)
    x = scale(images)
    top, random = x.copy(), x.copy()
    answers = []
    for i, image in enumerate(images):
        tr = inside.trace(net, x[i])
        c = inside.evidence(net, None, tr.digit, tr.runner_up, tr=tr, blank=blank)
        best = np.argsort(-c, kind="stable")[:k]
        top[i, best[c[best] > 0]] = BLANK
        random[i, rng.choice(np.flatnonzero(image > 0), k, replace=False)] = BLANK
        answers.append((tr.digit, tr.runner_up))
    rows, (d, r) = np.arange(len(images)), np.array(answers).T

    def s(inputs):                                     # the score differences, a batch at once
        z_o = _reference_batch(net, inputs)
        return z_o[rows, d] - z_o[rows, r]

    return s(x) - s(top), s(x) - s(random)


def _reference_batch(net, x):
    """z_o (n, 10) for inputs x (n, input), float64."""
    a_h = _f(net.activation, x.astype(np.float64) @ net.w_ih.T.astype(np.float64) + net.b_h)
    return a_h @ net.w_ho.T.astype(np.float64) + net.b_o


def test_evidence_is_faithful_on_mnist_for_the_bundled_network(mnist):
    """Blanking the 20 pixels of most evidence lowers the score difference at least 3x more
    than blanking 20 random inked pixels, on average over 200 test images."""
    net, _ = load_bundled()
    top, random = _blanking_drops(net, mnist[1].images[:200])
    assert top.mean() > 0 and random.mean() > 0
    assert top.mean() >= 3 * random.mean(), (top.mean(), random.mean())


# -- one training step ---------------------------------------------------------------------
def _snapshot(net):
    return [p.copy() for p in net.parameters()]


def _restore(net, saved):
    for p, s in zip(net.parameters(), saved):
        np.copyto(p, s)


def test_the_article_network_gets_the_article_rule():
    rng = np.random.default_rng(19)
    for sizes in ((6, 5, 3), (784, 30, 10)):
        net = _net("sigmoid", "sigmoid", False, sizes=sizes, seed=20)
        for label in range(3):
            x = _inputs(sizes[0], rng)
            step = inside.training_step(net, x, label, 0.3)
            assert step.rule == "article" and step.sign == 1 and step.lr == 0.3
            assert step.d_b_h is None and step.d_b_o is None
            assert np.allclose(step.t, np.where(np.arange(sizes[2]) == label, 0.99, 0.01))
            assert np.allclose(step.e_o, step.t - step.a_o)
            assert np.allclose(step.delta_o, step.e_o * step.a_o * (1 - step.a_o))
            assert np.allclose(step.e_h, net.w_ho.T @ step.e_o, atol=1e-7)
            assert np.allclose(step.delta_h, step.e_h * step.a_h * (1 - step.a_h), atol=1e-7)
            article = net.copy()
            article.train_article(x, step.t, 0.3)
            ours = net.copy()
            inside.apply_step(ours, step)
            for mine, theirs in zip(ours.parameters(), article.parameters()):
                assert np.allclose(mine, theirs, rtol=0, atol=1e-6)
            assert not np.array_equal(ours.w_ih, net.w_ih)


@pytest.mark.parametrize("activation,output,biases",
                         [k for k in KINDS if k != ("sigmoid", "sigmoid", False)])
def test_other_networks_get_one_step_of_their_gradient(activation, output, biases):
    rng = np.random.default_rng(21)
    for sizes in ((6, 5, 3), (784, 30, 10)):
        net = _net(activation, output, biases, sizes=sizes, seed=22)
        for label in range(3):
            x = _inputs(sizes[0], rng)
            step = inside.training_step(net, x, label, 0.1)
            assert step.rule == "gradient" and step.sign == -1
            _check_against_backprop(net, x, label, step)


def _check_against_backprop(net, x, label, step):
    backprop = Backprop(net, 1, "gradient")
    loss = backprop.run(x[None, :], np.array([label]))
    assert step.loss == pytest.approx(loss, rel=1e-5)
    reference = net.copy()
    for p, g in zip(reference.parameters(), backprop.nabla):
        p -= step.lr * g
    ours = net.copy()
    inside.apply_step(ours, step)
    for mine, theirs in zip(ours.parameters(), reference.parameters()):
        assert np.allclose(mine, theirs, rtol=0, atol=1e-6)
    assert (step.d_b_h is not None) == net.has_biases
    # the named intermediates are the gradient's: nabla = delta (outer) previous outputs
    assert np.allclose(step.d_w_ho, -step.lr * np.outer(step.delta_o, step.a_h), atol=1e-7)
    assert np.allclose(step.e_h, step.delta_o @ net.w_ho, atol=1e-7)
    assert np.allclose(step.delta_h, step.e_h * step.fprime_h, atol=1e-7)
    assert np.allclose(step.e_o, step.t - step.a_o)


def test_one_step_on_the_bundled_network_matches_its_training_code():
    net, _ = load_bundled()
    x = scale(synthetic(1, seed=23).images[0])
    for label in (3, 8):
        step = inside.training_step(net, x, label, 0.1)
        assert step.rule == "gradient" and step.d_w_ih.shape == (1200, 784) and step.d_b_h.shape == (1200,)
        assert step.d_w_ih.dtype == np.float32
        _check_against_backprop(net, x, label, step)


def test_apply_step_changes_the_parameters_and_nothing_else():
    net = _net("relu", "softmax", True, sizes=(784, 30, 10), seed=24)
    x = _inputs(784, np.random.default_rng(25))
    step = inside.training_step(net, x, 4, 0.1)
    step_arrays = {k: v.copy() for k, v in vars(step).items() if isinstance(v, np.ndarray)}
    saved = _snapshot(net)
    before = dict(vars(net))
    inside.apply_step(net, step)
    after = vars(net)
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] is before[key], key          # same arrays (changed in place), same settings
    changed = [not np.array_equal(p, s) for p, s in zip(net.parameters(), saved)]
    assert changed == [True, True, True, True]
    for key, value in step_arrays.items():
        assert np.array_equal(getattr(step, key), value), key
    _restore(net, saved)                               # the caller's revert: bit for bit
    for p, s in zip(net.parameters(), saved):
        assert np.array_equal(p, s)
    assert np.array_equal(inside.trace(net, x).a_o, step.a_o)


def test_apply_step_refuses_a_step_for_another_network():
    rng = np.random.default_rng(26)
    net = _net("relu", "softmax", True, sizes=(784, 30, 10))
    step = inside.training_step(_net("relu", "softmax", True, sizes=(784, 20, 10)), _inputs(784, rng), 1, 0.1)
    with pytest.raises(ValueError):
        inside.apply_step(net, step)
    step = inside.training_step(_net("relu", "softmax", False, sizes=(784, 30, 10)), _inputs(784, rng), 1, 0.1)
    with pytest.raises(ValueError):
        inside.apply_step(net, step)
    with pytest.raises(DataError):
        inside.training_step(net, _inputs(784, rng), 1, -0.1)


def test_default_learning_rate():
    article = _net("sigmoid", "sigmoid", False)
    modern = _net("relu", "softmax", True)
    assert inside.default_lr({"training": {"lr": 0.05}}, modern) == 0.05
    assert inside.default_lr({"training": {"lr": 0.5}}, article) == 0.5
    for meta in (None, {}, {"training": {}}, {"training": {"lr": "fast"}}, {"training": {"lr": -1}},
                 {"training": {"lr": True}}, {"training": 3}, {"training": {"lr": float("nan")}}):
        assert inside.default_lr(meta, article) == 0.3
        assert inside.default_lr(meta, modern) == 0.1
    assert inside.default_lr(None, _net("sigmoid", "sigmoid", True)) == 0.1   # biases: the gradient rule
    # per_example: one drawing's share of a training batch
    batch = {"training": {"lr": 0.1, "batch_size": 128}}
    assert inside.default_lr(batch, modern) == 0.1
    assert inside.default_lr(batch, modern, per_example=True) == pytest.approx(0.1 / 128)
    assert inside.default_lr({"training": {"lr": 0.3, "batch_size": 1}}, article, per_example=True) == 0.3
    for odd in (0, -4, 2.5, "many", None):
        assert inside.default_lr({"training": {"lr": 0.2, "batch_size": odd}}, modern, per_example=True) == 0.2
    assert inside.default_lr(None, modern, per_example=True) == 0.1


@pytest.mark.parametrize("per_example", [False, True])
def test_one_step_raises_the_probability_of_its_label_on_the_bundled_network(mnist, per_example):
    net, meta = load_bundled()
    lr = inside.default_lr(meta, net, per_example=per_example)
    saved = _snapshot(net)
    images = mnist[1].images[:40]
    unsure = min(range(40), key=lambda i: inside.trace(net, scale(images[i])).probabilities.max())
    cases = [(unsure, None)] + [(i, offset) for i in range(4) for offset in (1, 5)]
    for i, offset in cases:
        x = scale(images[i])
        tr = inside.trace(net, x)
        label = tr.digit if offset is None else (tr.digit + offset) % 10
        assert offset is not None or tr.probabilities[label] < 0.999
        inside.apply_step(net, inside.training_step(net, x, label, lr, tr=tr))
        assert inside.trace(net, x).probabilities[label] > tr.probabilities[label]
        _restore(net, saved)


# -- explain -------------------------------------------------------------------------------
def test_explain_gives_plain_json():
    net = _net("relu", "softmax", True, sizes=(784, 50, 10), seed=27)
    x = _inputs(784, np.random.default_rng(28))
    tr = inside.trace(net, x)
    e = inside.explain(net, x, k=5)
    assert (e.digit, e.runner_up) == (tr.digit, tr.runner_up)
    assert e.confidence == float(tr.probabilities[tr.digit])
    assert np.array_equal(e.input, x.reshape(28, 28))
    assert np.array_equal(e.evidence, inside.evidence(net, x, tr.digit, tr.runner_up).reshape(28, 28))
    assert e.hidden == inside.top_pushers(net, tr, tr.digit, 5)
    data = json.loads(json.dumps(e.to_json()))
    assert set(data) == {"digit", "runner_up", "confidence", "input", "evidence", "hidden"}
    assert type(data["digit"]) is int and type(data["confidence"]) is float
    assert len(data["input"]) == 28 and all(len(row) == 28 for row in data["input"] + data["evidence"])
    assert np.allclose(data["input"], e.input, rtol=1e-5) and np.allclose(data["evidence"], e.evidence, rtol=1e-5)
    assert [h["neuron"] for h in data["hidden"]] == [p.neuron for p in e.hidden]
    assert set(data["hidden"][0]) == {"neuron", "activation", "push"}
    pushes = [h["push"] for h in data["hidden"]]
    assert pushes == sorted(pushes, reverse=True)
    with pytest.raises(DataError):
        inside.explain(_net("relu", "softmax", True), np.zeros(6))


def test_weight_changes_find_the_neurons_that_changed():
    net = Network.create(784, 20, 10, activation="relu", output="softmax", biases=True, rng=3)
    other = net.copy()
    other.w_ho[4, 7] += 0.5
    other.w_ih[12, :10] -= 0.01
    changes = inside.weight_changes(net, other, k=5)
    assert changes.neurons[:2].tolist() == [7, 12]
    assert changes.d_w_ho.shape == (10, 5) and changes.d_w_ho[4, 0] == np.float32(0.5)
    assert changes.d_w_ih.shape == (5, 784) and changes.changed == 11 and changes.weights == 20 * 784 + 200
