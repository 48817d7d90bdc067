"""A person's examples that vote when a taught network reads (model.Votes), attached to a network.

The votes are measured from MNIST's mean hidden output and along the direction in which the
examples differ from MNIST; both come from the hidden-layer moment that teaching keeps
(``hidden_moment``). Teaching (``teach``: its k-fold check) and asking (``asking``) use them.
"""
from __future__ import annotations

import numpy as np

from ..pixels import PIXELS, scale
from . import hidden_moment

STYLE_RANK = 128
"""MNIST's spread along its STYLE_RANK-th widest direction is added to every direction's when the
person's direction is measured (``style_direction``): the narrowest directions of 20 examples are noise."""


def mnist_mean(network):
    """MNIST's mean hidden output (hidden,) for ``network``'s hidden layer, from the moment kept for
    it (hidden_moment: M ~ F F^T, whose last column is the mean), or None when none is kept."""
    moment = hidden_moment.for_network(network)
    return None if moment is None else _mean(moment.factor.astype(np.float64)).astype(np.float32)


def _mean(f):
    """MNIST's mean hidden output from a moment's factor F (M ~ F F^T; its last row is the constant 1's)."""
    return f[:-1] @ f[-1]


def style_direction(network, examples):
    """(hidden,) float32: the direction in which the examples' hidden outputs differ from MNIST's,
    measured in MNIST's own spread (Fisher's discriminant, w = (C + e I)^-1 (mean of the examples -
    MNIST's mean), C MNIST's covariance from the kept moment), scaled so that MNIST's readings lie
    along it with standard deviation 1. None without a moment or examples.

    A drawing of the same person lies far along it (their pen, their size, the canvas), an MNIST
    digit near 0: their examples may then vote from a lower cosine (model.VOTE_NEAR_FLOOR).
    """
    moment = hidden_moment.for_network(network)
    if moment is None or not len(examples):
        return None
    mean, axes, spread, floor = _spread(moment)
    hidden = network.hidden(scale(np.asarray(examples.images, np.uint8).reshape(-1, PIXELS))).astype(np.float64)
    labels = np.asarray(examples.labels)
    apart = np.mean([hidden[labels == d].mean(axis=0) for d in np.unique(labels)], axis=0) - mean  # each digit alike
    along = axes.T @ apart
    w = axes @ (along / (spread + floor)) + (apart - axes @ along) / floor
    sd = np.sqrt(np.sum(spread * (axes.T @ w) ** 2))
    return (w / sd).astype(np.float32) if sd > 0 and np.isfinite(sd) else None


_SPREADS = {}
"""The last few moments' ``_spread``, by the hidden layer they describe (the k-fold check and a session
measure the style again and again for one network)."""


def _spread(moment):
    """(mean, axes, spread, floor) of the MNIST hidden outputs a moment describes: their covariance
    C = axes diag(spread) axes^T (widest first), and the spread added to every direction (STYLE_RANK)."""
    key = (moment.hidden_sha256, moment.factor.shape)
    if key not in _SPREADS:
        f = moment.factor.astype(np.float64)
        mean = _mean(f)
        basis = np.column_stack([f[:-1], mean])              # C = f f^T - mean mean^T = B diag(1.., -1) B^T
        q, r = np.linalg.qr(basis)
        signs = np.ones(basis.shape[1])
        signs[-1] = -1
        spread, v = np.linalg.eigh((r * signs) @ r.T)
        spread, axes = np.maximum(spread[::-1], 0), q @ v[:, ::-1]         # widest first
        floor = max(spread[min(STYLE_RANK, len(spread)) - 1], 1e-6 * spread[0], 1e-12)
        if len(_SPREADS) >= 4:
            _SPREADS.pop(next(iter(_SPREADS)))
        _SPREADS[key] = (mean, axes, spread, floor)
    return _SPREADS[key]


def with_examples(network, examples, mean=None):
    """``network`` carrying ``examples`` (a Dataset) as votes; as it is without a mean (no moment)."""
    mean = mnist_mean(network) if mean is None else mean
    if mean is None or not len(examples):
        return network.with_votes(np.zeros((0, PIXELS), np.uint8), np.zeros(0, np.uint8), np.zeros(1))
    return network.with_votes(examples.images, examples.labels, mean, style_direction(network, examples))
