"""Activations and losses as small pure functions, each next to its derivative.

Conventions (rows are examples):
    z: (batch, n) pre-activations,  a = f(z): (batch, n) activations.
The derivative of every hidden activation is written once, next to it, in
terms of its *output* ``a`` (that is what the forward pass keeps), as in the
article:
    sigmoid'(z) = a (1 - a),   tanh'(z) = 1 - a^2,   relu'(z) = [a > 0].
``PRIME[name](a)`` gives it; ``backward(name, a, grad)`` multiplies a gradient
by it in place (back-propagation through the activation).

Each ``f(z, out=None)`` may work in place (``out=z``), which the trainer uses
to avoid allocating in its inner loop.
"""
from __future__ import annotations

from functools import cache

import numpy as np

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
LOSSES = ("squared", "cross_entropy")


# -- sigmoid ---------------------------------------------------------------
@cache
def _expit():
    from scipy.special import expit  # 0.28 s to import: loaded when a sigmoid is first needed,
    return expit                      # not with the window (the bundled network uses relu)


def sigmoid(z, out=None):
    """a = 1 / (1 + exp(-z)), overflow-safe (scipy's expit)."""
    return _expit()(z, out=out)


def sigmoid_prime(a):
    """sigmoid'(z) = a (1 - a), from the output a = sigmoid(z)."""
    return a * (1 - a)


# -- tanh --------------------------------------------------------------------
def tanh(z, out=None):
    """a = tanh(z)."""
    return np.tanh(z, out=out)


def tanh_prime(a):
    """tanh'(z) = 1 - a^2, from the output a = tanh(z)."""
    return 1 - a * a


# -- relu --------------------------------------------------------------------
def relu(z, out=None):
    """a = max(z, 0)."""
    return np.maximum(z, 0, out=out)


def relu_prime(a):
    """relu'(z) = [z > 0] = [a > 0], from the output a = relu(z) (0 at z = 0, as numpy-ml and PyTorch)."""
    return (a > 0).astype(a.dtype)


FORWARD = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu}
PRIME = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime}


def backward(name, a, grad):
    """dL/dz = dL/da * f'(z) for activation ``name`` with outputs a; ``grad`` is overwritten and returned."""
    grad *= PRIME[name](a)
    return grad


# -- output layer ----------------------------------------------------------
def softmax(z, out=None):
    """p_k = exp(z_k - max z) / sum_j exp(z_j - max z), along the last axis."""
    out = np.subtract(z, z.max(axis=-1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)
    return out


# -- losses: value and dL/dz of the output layer, mean over the batch --------
def softmax_cross_entropy(z, labels, out=None):
    """Softmax outputs and the cross-entropy loss, from the logits z (batch, k).

    p = softmax(z) is written to ``out``; returns
    L = -mean_i log p[i, y_i] = mean_i (logsumexp(z_i) - z[i, y_i]),
    computed from z so it stays exact where p underflows to 0.
    """
    rows = np.arange(len(labels))
    m = z.max(axis=-1, keepdims=True)
    out = np.subtract(z, m, out=out)
    picked = out[rows, labels].astype(np.float64)
    np.exp(out, out=out)
    total = out.sum(axis=-1, keepdims=True)
    out /= total
    return float(np.mean(np.log(total[:, 0].astype(np.float64)) - picked))


def cross_entropy_delta(p, labels, out=None):
    """dL/dz for softmax + cross-entropy: (p - onehot(y)) / batch. Shape of p."""
    if out is None:
        out = p.copy()
    else:
        np.copyto(out, p)
    out[np.arange(len(labels)), labels] -= 1.0
    out *= 1.0 / len(labels)
    return out


TARGET_LOW, TARGET_HIGH = 0.01, 0.99
"""The article's targets for its sigmoid outputs: 0.99 for the right digit, 0.01 for the others
(a sigmoid never reaches 0 or 1)."""


def targets(labels, k=10, low=TARGET_LOW, high=TARGET_HIGH, dtype=np.float32, out=None):
    """The article's target vectors: ``high`` at the label, ``low`` elsewhere. (batch, k), in ``out``
    when given (then of that dtype)."""
    t = np.full((len(labels), k), low, dtype=dtype) if out is None else out
    if out is not None:
        t.fill(low)
    t[np.arange(len(labels)), labels] = high
    return t


def squared_error(a, labels):
    """Sigmoid outputs + squared error against 0.01/0.99 targets.

    L = mean_i 1/2 sum_k (t_ik - a_ik)^2.   Returns L (float).
    """
    e = targets(labels, a.shape[1], dtype=a.dtype) - a
    return float(0.5 * np.mean(np.sum(e * e, axis=1)))


def squared_error_delta(a, labels, out=None):
    """dL/dz for sigmoid + squared error: (a - t) * a * (1 - a) / batch."""
    out = np.subtract(a, targets(labels, a.shape[1], dtype=a.dtype), out=out)
    backward("sigmoid", a, out)
    out *= 1.0 / len(labels)
    return out
