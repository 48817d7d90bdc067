"""Activations and losses as small pure functions, each next to its derivative.

Conventions (rows are examples):
    z: (batch, n) pre-activations,  a = f(z): (batch, n) activations.
The derivative of every hidden activation is written in terms of its *output*
``a`` (that is what the forward pass keeps), as in the article:
    sigmoid'(z) = a (1 - a),   tanh'(z) = 1 - a^2,   relu'(z) = [a > 0].

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


def sigmoid_backward(a, grad):
    """dL/dz = dL/da * a * (1 - a); ``grad`` is overwritten and returned."""
    grad *= a
    grad -= grad * a
    return grad


# -- tanh --------------------------------------------------------------------
def tanh(z, out=None):
    """a = tanh(z)."""
    return np.tanh(z, out=out)


def tanh_backward(a, grad):
    """dL/dz = dL/da * (1 - a^2); ``grad`` is overwritten and returned."""
    grad -= grad * a * a
    return grad


# -- relu --------------------------------------------------------------------
def relu(z, out=None):
    """a = max(z, 0)."""
    return np.maximum(z, 0, out=out)


def relu_backward(a, grad):
    """dL/dz = dL/da * [a > 0]; ``grad`` is overwritten and returned."""
    grad *= a > 0
    return grad


FORWARD = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu}
BACKWARD = {"sigmoid": sigmoid_backward, "tanh": tanh_backward, "relu": relu_backward}


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


def targets(labels, k=10, low=0.01, high=0.99, dtype=np.float32):
    """The article's target vectors: ``high`` at the label, ``low`` elsewhere. (batch, k)."""
    t = np.full((len(labels), k), low, dtype=dtype)
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
    sigmoid_backward(a, out)
    out *= 1.0 / len(labels)
    return out
