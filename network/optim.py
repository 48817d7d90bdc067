"""Parameter updates and learning-rate schedules.

An optimizer updates a list of parameter arrays in place from their
gradients (``nabla``, same order; the gradient buffers may be overwritten).
L2 regularisation adds ``l2 * w`` to the gradient of every weight matrix
(not to biases): the gradient of (l2 / 2) * sum w^2.
"""
from __future__ import annotations

import math

import numpy as np

OPTIMIZERS = ("sgd", "adam")
SCHEDULES = ("constant", "cosine", "step", "linear")


class SGD:
    """Stochastic gradient descent, with momentum when ``momentum > 0``.

        v <- momentum * v + nabla           (v = nabla without momentum)
        w <- w - lr * v                     (Nesterov: w <- w - lr * (nabla + momentum * v))
    """

    def __init__(self, params, momentum=0.0, nesterov=False):
        self.momentum, self.nesterov = momentum, nesterov
        self.velocity = [np.zeros_like(p) for p in params] if momentum else None

    def step(self, params, nabla, lr):
        lr = np.float32(lr)
        if not self.momentum:
            for p, g in zip(params, nabla):
                g *= lr
                p -= g
            return
        mu = np.float32(self.momentum)
        for p, g, v in zip(params, nabla, self.velocity):
            v *= mu
            v += g
            if self.nesterov:
                g += mu * v
                g *= lr
            else:
                np.multiply(v, lr, out=g)
            p -= g


class Adam:
    """Adam (Kingma & Ba 2015) with bias correction.

        m <- b1 m + (1 - b1) nabla,   v <- b2 v + (1 - b2) nabla^2
        w <- w - lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)
    """

    def __init__(self, params, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1, self.beta2, self.eps, self.t = beta1, beta2, eps, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, params, nabla, lr):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        rate = np.float32(lr * math.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t))
        for p, g, m, v in zip(params, nabla, self.m, self.v):
            m *= np.float32(b1)
            m += np.float32(1 - b1) * g
            v *= np.float32(b2)
            g *= g
            g *= np.float32(1 - b2)
            v += g
            np.sqrt(v, out=g)
            g += np.float32(self.eps)
            np.divide(m, g, out=g)
            g *= rate
            p -= g


def make_optimizer(name, params, momentum=0.0):
    """'sgd' (with ``momentum``) or 'adam'."""
    if name == "adam":
        return Adam(params)
    return SGD(params, momentum=momentum, nesterov=momentum > 0)


def add_l2(params, nabla, l2, n_weights=2):
    """nabla_w += l2 * w for the first ``n_weights`` parameters (the weight matrices)."""
    if l2:
        for p, g in zip(params[:n_weights], nabla[:n_weights]):
            g += np.float32(l2) * p


def lr_factor(schedule, progress):
    """Multiplier of the base learning rate at ``progress`` in [0, 1] of the run.

    constant: 1.   cosine: (1 + cos(pi t)) / 2.   linear: 1 - t.
    step: 1, then 0.1 from half-way, 0.01 from three quarters.
    """
    t = min(max(progress, 0.0), 1.0)
    if schedule == "cosine":
        return 0.5 * (1.0 + math.cos(math.pi * t))
    if schedule == "linear":
        return 1.0 - t
    if schedule == "step":
        return 1.0 if t < 0.5 else 0.1 if t < 0.75 else 0.01
    return 1.0
