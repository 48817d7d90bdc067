"""What the network imagines: one input picture per digit, made by the network itself.

Two ways, both giving ``x`` of shape (10, 784), float32 inputs in 0.01..0.99,
row d being "what the network imagines a d looks like":

- ``back_query(net)``: the article's back query (Rashid, "Make Your Own Neural
  Network", part 3). The target vector for d is sent backwards through the
  inverse sigmoid and the transposed weights. Sigmoid networks only.
- ``ascent(net)``: gradient ascent on log p(d | x) from a blank input, for
  every kind of network, regularised so that the pictures look like digits to a
  person and are read as their digit by other networks too.

``network.pixels.picture_from_inputs`` turns them into 28x28 uint8 pictures as
MNIST stores them (white ink on black).

The ascent, in the notation of ``network.model`` (rows are examples):

    maximise over x:  J(x) = mean_k log softmax(z_o(T_k x))_d       k = 1..copies
    subject to:       0 <= x - 0.01 <= 0.98,  INK / 2 <= sum_i (x_i - 0.01) <= INK

T_k moves the picture so that its centre of mass is where MNIST's are (as
``network.data.preprocess`` places drawn digits), then shifts it by up to ``shift``
pixels and scales it by up to ``scale`` (e^+-scale), with new random T_k every
step: a picture only counts if the network reads it wherever and at whatever
size it is drawn. log softmax of the output pre-activations z_o is the
log-probability for softmax outputs; for the article's sigmoid outputs it is
the score of d against the other digits' scores. Each step

    g = blur(dJ/dx)                       Gaussian, sigma = ``blur`` px (0.6): smoother strokes
    x = project(x + rate * g / rms(g))    rate 0.1 -> 0.01 (cosine)

where ``project`` soft-thresholds the ink, ink_i = clip(v_i - tau * w_i, 0, 0.98),
with tau set (by bisection) so that the ink adds up to at most INK, about
what an average MNIST digit holds (101.8 units of the 0..0.98 range), and at
least a floor that rises from 0 to INK / 2 over the first half of the steps
(tau < 0 then adds ink). The weight w_i is 1 within 8 px of the centre and
grows outside it, and pixels outside the central 22x22 box stay blank, since
MNIST keeps 97% of its ink inside the central 20x20. The floor matters: a
network that reads a blank input as 1 (the bundled one does, with p = 0.92)
would otherwise imagine a nearly blank 1. Finally the pictures are moved so
their centres of mass are where MNIST's are, which is how the network saw them.
"""
from __future__ import annotations

import numpy as np

from .. import activations as act
from ..errors import Cancelled, ConfigError
from ..i18n import Text
from ..model import DTYPE, Network
from ..pixels import BLANK as LOW
from ..pixels import FULL as HIGH
from ..pixels import MASS_CENTRE, PIXELS, SIDE

CENTRE = (SIDE - 1) / 2
"""The middle of the picture, in pixel indices."""

STEPS = 300
INK = 100.0
"""Ink of an imagined digit: sum of (x - 0.01) over the pixels (an average MNIST digit holds 101.8)."""
LEAST, RAMP = 0.5, 0.5
"""At least LEAST * INK of ink, a floor raised from 0 over the first RAMP of the steps."""
BOX = 22
"""Ink stays inside the central BOX x BOX pixels."""
INNER_RADIUS, OUTER_COST = 8.0, 0.5
"""Ink farther than INNER_RADIUS px from the centre costs 1 + OUTER_COST * (r - INNER_RADIUS)^2 times more."""


# -- the article's back query ------------------------------------------------------
def _logit(a):
    """The inverse of the sigmoid: log(a / (1 - a)), float64 of a's shape."""
    a = np.asarray(a, np.float64)
    return np.log(a) - np.log1p(-a)


def _rescale(v):
    """Each row moved to 0.01..0.99: (v - min) / max(v - min) * 0.98 + 0.01, as in the article.

    v: (n, m). A constant row (nothing to tell apart) becomes 0.5 everywhere.
    """
    v = v - v.min(axis=1, keepdims=True)
    top = v.max(axis=1, keepdims=True)
    flat = top[:, 0] == 0
    v[flat] = 0.5
    top[flat] = 1.0
    return v / top * 0.98 + 0.01


def back_query(net: Network):
    """The article's back query: each digit's target vector sent backwards.

    For digit d the targets t (0.99 at d, 0.01 elsewhere) go back through the
    network, each layer undone in turn:

        z_o = logit(t)                      (logit = the inverse sigmoid)
        a_h = rescale(w_ho^T (z_o - b_o))
        z_h = logit(a_h)
        x   = rescale(w_ih^T (z_h - b_h))

    rescale moves a vector to 0.01..0.99 (subtract its minimum, divide by its
    new maximum, * 0.98 + 0.01), where the sigmoid can be inverted. This is an
    approximation: a network maps many inputs to the same outputs, so there is
    no true inverse, and the rescaling changes what is sent back.

    net: a network with sigmoid hidden nodes and sigmoid outputs (biases are
    subtracted where there are any). Returns x: (10, 784) float32 in 0.01..0.99,
    row d for digit d. Raises ConfigError for any other kind of network.
    """
    if net.activation != "sigmoid" or net.output != "sigmoid":
        kinds = []
        if net.activation != "sigmoid":
            kinds.append(Text("error.imagine.hidden_kind", activation=net.activation))
        if net.output != "sigmoid":
            kinds.append(Text("error.imagine.output_kind", output=net.output))
        kind = kinds[0] if len(kinds) == 1 else Text("error.imagine.both", first=kinds[0], second=kinds[1])
        raise ConfigError(Text("error.imagine.not_sigmoid", kind=kind))
    n_output = net.sizes[2]
    targets = act.targets(np.arange(n_output), n_output, dtype=np.float64)   # (10, 10), row d for d
    z_o = _logit(targets)                                                    # (10, 10)
    a_h = _rescale((z_o - net.b_o) @ net.w_ho.astype(np.float64))            # (10, H)
    z_h = _logit(a_h)
    x = _rescale((z_h - net.b_h) @ net.w_ih.astype(np.float64))              # (10, 784)
    return x.astype(DTYPE)


# -- gradient ascent ---------------------------------------------------------------------
def log_p_and_gradient(net: Network, x, digits):
    """log softmax(z_o)[d] of each input and its gradient with respect to the input.

    x: (n, 784) float32 inputs, digits: (n,) ints. Returns (J, dJ/dx) with
    J: (n,) float32 and dJ/dx: (n, 784) float32. Back-propagation to the input,
    the weights held fixed:

        delta_o = onehot(d) - softmax(z_o)            dJ/dz_o   (n, 10)
        delta_h = (delta_o w_ho) * f'(a_h)            dJ/dz_h   (n, H)
        dJ/dx   = delta_h w_ih                                  (n, 784)

    For softmax outputs J is log p(d | x); for sigmoid outputs it is the same
    formula on the output pre-activations, the score of d against the others.
    """
    x = np.asarray(x, DTYPE)
    rows = np.arange(len(x))
    a_h = net.hidden(x)
    z_o = net.scores(a_h)
    z_o -= z_o.max(axis=1, keepdims=True)
    total = np.exp(z_o).sum(axis=1, keepdims=True)
    log_p = z_o - np.log(total)
    delta_o = -np.exp(log_p)
    delta_o[rows, digits] = 0.0
    delta_o[rows, digits] = -delta_o.sum(axis=1)     # 1 - p_d, as the sum of the other p_j: in
    #                         float32 1 - p_d is 0 once p_d > 1 - 6e-8, and the pictures come out hazy
    delta_h = act.backward(net.activation, a_h, delta_o @ net.w_ho)
    return log_p[rows, digits], delta_h @ net.w_ih


def moved_log_p_and_gradient(net: Network, ink, r_y, r_x):
    """The ascent's objective and its gradient: log p(d) of moved copies of the pictures.

    ink: (10, 28, 28) pictures as ink (x - 0.01), picture d for digit d.
    r_y, r_x: (copies, 10, 28, 28) resampling matrices (``_resample_matrices``);
    copy k of picture d is seen by the network as r_y[k, d] @ ink[d] @ r_x[k, d]^T.
    Returns (J, dJ/dink): J (10,) the mean over copies of log softmax(z_o)[d],
    dJ/dink (10, 28, 28), carried back through the moves by their transposes.
    """
    copies, n = r_y.shape[:2]
    seen = r_y @ ink @ r_x.transpose(0, 1, 3, 2)                     # (copies, 10, 28, 28)
    digits = np.tile(np.arange(n), copies)
    j, grad = log_p_and_gradient(net, seen.reshape(-1, PIXELS) + DTYPE(LOW), digits)
    grad = grad.reshape(copies, n, SIDE, SIDE)
    g = (r_y.transpose(0, 1, 3, 2) @ grad @ r_x).mean(axis=0)        # (10, 28, 28)
    return j.reshape(copies, n).mean(axis=0), g


def _resample_matrices(scale, source, target, n=SIDE):
    """Bilinear resampling along one axis, as matrices.

    scale, source, target: (m,). Returns R: (m, n, n) float32, where row i of
    R[k] samples the source picture at source[k] + (i - target[k]) / scale[k]
    (zero outside it): R[k] @ img moves the row ``source`` of an (n, n) picture
    to ``target`` and stretches the picture's height by scale[k] about it;
    img @ R[k].T does the same to its columns, and the transposes carry
    gradients back.
    """
    m = len(scale)
    src = np.asarray(source, np.float64)[:, None] \
        + (np.arange(n) - np.asarray(target, np.float64)[:, None]) / np.asarray(scale, np.float64)[:, None]
    src = np.clip(src, -1.0, n)                                        # (m, n)
    lo = np.floor(src).astype(np.intp)
    w = (src - lo).astype(DTYPE)
    r = np.zeros((m, n, n + 3), DTYPE)        # columns -1 .. n+1, the outer ones dropped
    k, i = np.ogrid[:m, :n]
    r[k, i, lo + 1] = 1.0 - w
    r[k, i, lo + 2] = w
    return r[:, :, 1:n + 1]


def _centres_of_mass(ink):
    """ink: (n, 28, 28) >= 0. Returns (rows, cols): (n,) each, CENTRE for an empty picture."""
    mass = ink.sum(axis=(1, 2))
    empty = mass <= 1e-6
    mass = np.where(empty, 1.0, mass)
    i = np.arange(SIDE)
    rows = (ink.sum(axis=2) @ i) / mass
    cols = (ink.sum(axis=1) @ i) / mass
    return np.where(empty, CENTRE, rows), np.where(empty, CENTRE, cols)


def _gaussian_matrix(sigma, n=SIDE):
    """B: (n, n) rows of a normalised Gaussian of width sigma px; B @ img @ B.T blurs a picture."""
    i = np.arange(n)
    b = np.exp(-0.5 * ((i[:, None] - i[None, :]) / sigma) ** 2)
    return (b / b.sum(axis=1, keepdims=True)).astype(DTYPE)


def _ink_cost(box=BOX, inner=INNER_RADIUS, outer=OUTER_COST):
    """(mask, cost), each (784,) float32: where ink may go, and how much it costs there."""
    i = np.arange(SIDE)
    first = (SIDE - box) // 2
    inside = (i >= first) & (i < first + box)
    mask = (inside[:, None] & inside[None, :]).astype(DTYPE).ravel()
    r = np.hypot(i[:, None] - CENTRE, i[None, :] - CENTRE)
    cost = (1.0 + outer * np.maximum(r - inner, 0.0) ** 2).astype(DTYPE).ravel()
    return mask, cost


def project_ink(v, most=INK, least=0.0, mask=None, cost=None, iterations=24):
    """Soft-threshold the ink of each row so that it adds up to between ``least`` and ``most``.

    v: (n, 784) ink values (x - 0.01, any real numbers). Returns (n, 784)
    float32 ink_i = mask_i * clip(v_i - tau * cost_i, 0, 0.98), with one tau
    per row: 0 when the ink already adds up to between least and most, else the
    tau (found by bisection) that makes it add up to the nearer bound; tau < 0
    adds ink. The sum falls as tau grows, so bisection between tau = -1 (every
    allowed pixel near full) and tau = max(v) (none) finds it. mask and cost:
    (784,), defaults all ones.
    """
    v = np.asarray(v, DTYPE)
    mask = np.ones(v.shape[1], DTYPE) if mask is None else mask
    cost = np.ones(v.shape[1], DTYPE) if cost is None else cost

    def ink(tau):
        return np.clip(v - tau * cost, 0.0, HIGH - LOW) * mask

    total = ink(0.0).sum(axis=1, keepdims=True)
    target = np.clip(total, least, most)
    lo = np.where(total > target, 0.0, -1.0).astype(DTYPE)
    hi = np.where(total > target, np.maximum(v.max(axis=1, keepdims=True), 0.0), 0.0).astype(DTYPE)
    if np.any(total != target):
        for _ in range(iterations):
            tau = 0.5 * (lo + hi)
            too_much = ink(tau).sum(axis=1, keepdims=True) > target
            lo = np.where(too_much, tau, lo)
            hi = np.where(too_much, hi, tau)
    tau = np.where(total == target, 0.0, hi).astype(DTYPE)
    return ink(tau)


def ascent(net: Network, *, steps=STEPS, seed=0, copies=4, shift=2.0, scale=0.1, blur=0.6,
           ink=INK, centre=True, progress=None, should_stop=None):
    """What the network imagines each digit looks like, by gradient ascent from a blank input.

    Works for every network (sigmoid/tanh/relu hidden nodes, sigmoid or
    softmax outputs, with or without biases). The 10 digits are done together,
    as one batch of 10 * copies inputs per step; see the module docstring for
    the method.

    net: the network. steps: ascent steps (the time is about proportional).
    seed: the random moves (same seed, same pictures). copies: randomly moved
    copies of each picture per step; shift (px) and scale (log of the size
    factor): the largest random move. blur: Gaussian width of the step (px,
    0 = none). ink: total ink of each picture (sum of x - 0.01). centre: move
    each picture's centre of mass to the centre before the network sees it.
    progress(done, total): called every 10 steps and at the end.
    should_stop(): polled before every step; when it returns True the ascent
    raises Cancelled.

    Returns x: (10, 784) float32 inputs in 0.01..0.99, row d for digit d.
    """
    if steps < 1 or copies < 1:
        raise ConfigError(Text("error.imagine.steps", steps=steps, copies=copies))
    if net.sizes[0] != PIXELS:
        raise ConfigError(Text("error.imagine.inputs", pixels=PIXELS, inputs=net.sizes[0]))
    from threadpoolctl import threadpool_limits

    # One BLAS thread: the batches are small, and on 2 busy cores this is 2-5 times
    # faster than two threads fighting over them (and leaves a core to the window).
    with threadpool_limits(limits=1, user_api="blas"):
        return _ascent(net, steps, seed, copies, shift, scale, blur, ink, centre, progress, should_stop)


def _ascent(net, steps, seed, copies, shift, scale, blur, ink, centre, progress, should_stop):
    """The loop of ``ascent`` (same arguments, all given)."""
    n_output = net.sizes[2]
    rng = np.random.default_rng(seed)
    mask, cost = _ink_cost()
    b = _gaussian_matrix(blur) if blur else None
    ink_now = np.zeros((n_output, SIDE, SIDE), DTYPE)                # x - 0.01, blank
    for step in range(steps):
        if should_stop is not None and should_stop():
            raise Cancelled(Text("error.imagine.stopped"))
        if centre:      # move the centre of mass to MASS_CENTRE, then a random move
            rows, cols = _centres_of_mass(ink_now)
            target = MASS_CENTRE + rng.uniform(-shift, shift, (copies, n_output, 2))
        else:
            rows = cols = np.full(n_output, CENTRE)
            target = CENTRE + rng.uniform(-shift, shift, (copies, n_output, 2))
        sizes = np.exp(rng.uniform(-scale, scale, (copies, n_output, 2)))
        r_y = _resample_matrices(sizes[..., 0].ravel(), np.tile(rows, copies), target[..., 0].ravel())
        r_x = _resample_matrices(sizes[..., 1].ravel(), np.tile(cols, copies), target[..., 1].ravel())
        r_y = r_y.reshape(copies, n_output, SIDE, SIDE)
        r_x = r_x.reshape(copies, n_output, SIDE, SIDE)
        _, g = moved_log_p_and_gradient(net, ink_now, r_y, r_x)
        if b is not None:
            g = b @ g @ b.T
        g = g.reshape(n_output, PIXELS)
        g /= np.sqrt(np.mean(g * g, axis=1, keepdims=True)) + DTYPE(1e-12)
        t = step / max(steps - 1, 1)
        rate = DTYPE(0.01 + 0.09 * 0.5 * (1.0 + np.cos(np.pi * t)))
        v = ink_now.reshape(n_output, PIXELS) + rate * g
        least = LEAST * ink * min(1.0, t / RAMP)
        ink_now = project_ink(v, ink, least, mask, cost).reshape(n_output, SIDE, SIDE)
        if progress is not None and ((step + 1) % 10 == 0 or step + 1 == steps):
            progress(step + 1, steps)
    if centre:
        rows, cols = _centres_of_mass(ink_now)
        ones, target = np.ones(n_output), np.full(n_output, MASS_CENTRE)
        ink_now = _resample_matrices(ones, rows, target) @ ink_now \
            @ _resample_matrices(ones, cols, target).transpose(0, 2, 1)
    x = ink_now.reshape(n_output, PIXELS) + DTYPE(LOW)
    return np.clip(x, LOW, HIGH).astype(DTYPE)
