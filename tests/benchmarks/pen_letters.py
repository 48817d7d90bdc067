"""Hand-drawn letters for the benchmarks: letters written as pen strokes, for measuring "not a digit".

Each letter is a few strokes in a unit box (y up), as a hand writes it (arcs
for the round parts); every drawing gets its own wobble, slant, aspect and
point spacing, then is drawn on the canvas like a pen digit
(network.data.pendigits.place and render). This is a separate generator from
the one training uses (network.data.negatives sets letters in fonts), so
what it measures is not what the network was shown.
"""
from __future__ import annotations

import numpy as np


def _arc(cx, cy, rx, ry, start, end, n=16):
    t = np.radians(np.linspace(start, end, n))
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], 1)


def _line(*points):
    return np.array(points, float)


SKELETONS = {
    "A": [_line((0, 0), (0.5, 1), (1, 0)), _line((0.22, 0.4), (0.78, 0.4))],
    "C": [_arc(0.55, 0.5, 0.5, 0.5, 50, 310)],
    "E": [_line((1, 1), (0, 1), (0, 0), (1, 0)), _line((0, 0.5), (0.7, 0.5))],
    "F": [_line((1, 1), (0, 1), (0, 0)), _line((0, 0.5), (0.7, 0.5))],
    "H": [_line((0, 1), (0, 0)), _line((1, 1), (1, 0)), _line((0, 0.5), (1, 0.5))],
    "K": [_line((0, 1), (0, 0)), _line((1, 1), (0, 0.45), (1, 0))],
    "M": [_line((0, 0), (0.1, 1), (0.5, 0.3), (0.9, 1), (1, 0))],
    "N": [_line((0, 0), (0, 1), (1, 0), (1, 1))],
    "P": [np.concatenate([_line((0, 0), (0, 1)), _arc(0.35, 0.75, 0.55, 0.25, 90, -90)])],
    "R": [np.concatenate([_line((0, 0), (0, 1)), _arc(0.35, 0.75, 0.55, 0.25, 90, -90), _line((0.35, 0.5), (1, 0))])],
    "U": [np.concatenate([_line((0, 1), (0, 0.4)), _arc(0.5, 0.4, 0.5, 0.4, 180, 360), _line((1, 0.4), (1, 1))])],
    "V": [_line((0, 1), (0.5, 0), (1, 1))],
    "W": [_line((0, 1), (0.25, 0), (0.5, 0.7), (0.75, 0), (1, 1))],
    "X": [_line((0, 1), (1, 0)), _line((1, 1), (0, 0))],
    "Y": [_line((0, 1), (0.5, 0.5), (1, 1)), _line((0.5, 0.5), (0.5, 0))],
    "a": [np.concatenate([_arc(0.45, 0.5, 0.45, 0.5, 30, 350)]), _line((0.95, 1), (0.95, 0))],
    "c": [_arc(0.55, 0.5, 0.5, 0.5, 40, 320)],
    "e": [np.concatenate([_line((0.05, 0.5), (0.95, 0.5)), _arc(0.5, 0.5, 0.45, 0.5, 0, 320)])],
    "h": [_line((0, 1.8), (0, 0)), np.concatenate([_arc(0.45, 0.5, 0.45, 0.5, 180, 0), _line((0.9, 0.5), (0.9, 0))])],
    "k": [_line((0, 1.8), (0, 0)), _line((0.8, 1), (0, 0.4), (0.8, 0))],
    "m": [_line((0, 0), (0, 1)), np.concatenate([_arc(0.25, 0.7, 0.25, 0.3, 180, 0), _line((0.5, 0.7), (0.5, 0))]),
          np.concatenate([_arc(0.75, 0.7, 0.25, 0.3, 180, 0), _line((1, 0.7), (1, 0))])],
    "n": [_line((0, 0), (0, 1)), np.concatenate([_arc(0.45, 0.6, 0.45, 0.4, 180, 0), _line((0.9, 0.6), (0.9, 0))])],
    "r": [_line((0, 0), (0, 1)), _arc(0.45, 0.55, 0.45, 0.45, 180, 60)],
    "t": [_line((0.4, 1.6), (0.4, 0.1), (0.7, 0)), _line((0, 1), (0.8, 1))],
    "u": [np.concatenate([_line((0, 1), (0, 0.4)), _arc(0.45, 0.4, 0.45, 0.4, 180, 360), _line((0.9, 0.4), (0.9, 1))]),
          _line((0.9, 1), (0.9, 0))],
    "v": [_line((0, 1), (0.45, 0), (0.9, 1))],
    "w": [_line((0, 1), (0.25, 0), (0.5, 0.8), (0.75, 0), (1, 1))],
    "x": [_line((0, 1), (1, 0)), _line((1, 1), (0, 0))],
}


def _resample(stroke, step):
    d = np.r_[0, np.cumsum(np.hypot(*np.diff(stroke, axis=0).T))]
    t = np.arange(0, d[-1] + 1e-9, step) if d[-1] > 0 else np.zeros(1)
    return np.stack([np.interp(t, d, stroke[:, 0]), np.interp(t, d, stroke[:, 1])], 1)


def pen_letter(letter, rng):
    """One hand-written ``letter``: a tuple of strokes, each (n, 2) x, y (y up)."""
    slant = rng.normal(0.15, 0.12)
    aspect = rng.uniform(0.65, 1.25)
    wobble = rng.uniform(0.01, 0.035)
    strokes = []
    for s in SKELETONS[letter]:
        s = _resample(s, rng.uniform(0.03, 0.08))
        s = s + rng.normal(0, wobble, s.shape).cumsum(0) * 0.3 + rng.normal(0, wobble, 2)
        x, y = s[:, 0] * aspect + slant * s[:, 1], s[:, 1]
        strokes.append(np.stack([x, y], 1))
    return tuple(strokes)


def pen_letters(n, rng):
    """n (letter, strokes) pairs, letters drawn evenly from SKELETONS."""
    names = sorted(SKELETONS)
    return [(names[i % len(names)], pen_letter(names[i % len(names)], rng)) for i in range(n)]
