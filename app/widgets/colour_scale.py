"""The one colour scale of the app for every signed number shown as colour: weights,
activations, errors, evidence. Negative is blue, zero is white, positive is red, and the
stronger the colour, the larger the number. ``ColourLegend`` explains it wherever it is used.

Ink (what the network reads) is shown in grey instead: black ink on white, as drawn
(``ink`` and ``stored`` give grey levels, which ArrayView shows as they are).

Text that says a problem (a message, an example still read wrong) is in ``PROBLEM`` red.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QLinearGradient, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from network.i18n import number

from ..language import Retranslatable

NEGATIVE = (33, 102, 172)      # blue
ZERO = (247, 247, 247)         # white
POSITIVE = (178, 24, 43)       # red
PROBLEM = "#b00020"            # the text of a problem
PROBLEM_STYLE = f"color: {PROBLEM}"


STEPS = 1024
"""Colour steps on each side of zero: finer than the eye can tell apart, and a table lookup
instead of arithmetic per pixel (the Inside tab recolours thousands of cells per stroke)."""


def _table():
    t = np.linspace(-1.0, 1.0, 2 * STEPS + 1, dtype=np.float64)[:, None]
    zero, negative, positive = (np.array(c, np.float64) for c in (ZERO, NEGATIVE, POSITIVE))
    rgb = zero + np.where(t < 0, -t * (negative - zero), t * (positive - zero))
    return np.round(rgb).astype(np.uint8)


_TABLE = _table()


def diverging(values, limit=None):
    """RGB uint8 (..., 3) for ``values``: -limit is full blue, 0 white, +limit full red.

    ``limit`` defaults to the largest absolute value (so the strongest number
    gets the strongest colour); values beyond it are clipped.
    """
    values = np.asarray(values, dtype=np.float32)
    if limit is None:
        limit = float(np.abs(values).max()) if values.size else 1.0
    steps = np.clip(values * np.float32(STEPS / max(limit, 1e-12)), -STEPS, STEPS) + np.float32(STEPS + 0.5)
    if np.isnan(steps).any():                 # not a number: white, as zero
        steps = np.nan_to_num(steps, nan=STEPS + 0.5)
    return _TABLE[steps.astype(np.intp)]


def robust_limit(values, share=0.98):
    """The colour limit for ``values``: the ``share`` quantile of their non-zero magnitudes, so
    that one extreme number does not leave every other one pale. Larger ones get the full colour.
    Returns (limit, clipped): clipped is True when some value lies beyond the limit."""
    magnitudes = np.abs(np.asarray(values, dtype=np.float32)).ravel()
    magnitudes = magnitudes[magnitudes > 0]
    if magnitudes.size == 0:
        return 1.0, False
    # the quantile as numpy's default (linear) method gives it, found by partial sorting
    position = share * (magnitudes.size - 1)
    below = int(position)
    above = min(below + 1, magnitudes.size - 1)
    part = np.partition(magnitudes, (below, above))
    quantile = float(part[below]) + (float(part[above]) - float(part[below])) * (position - below)
    limit = max(quantile, 1e-12)
    return limit, bool(magnitudes.max() > limit)


# What the network sees is shown one way everywhere (Draw, Inside, Train, Teach): white ink on
# black, as MNIST stores digits and as the inputs run (0.01 paper, 0.99 ink). Only a photo's own
# steps (the picture, its light removed) are shown as the paper looks.

def stored(picture):
    """Grey levels uint8 for a picture as MNIST stores it (uint8, 255 = full ink): white ink on black."""
    return np.asarray(picture, dtype=np.uint8).copy()


def ink(values):
    """Grey levels uint8 for ink 0..1 (same shape): white ink on black, as the network sees it."""
    grey = np.asarray(values, dtype=np.float32) * np.float32(255)
    grey += np.float32(0.5)
    return np.clip(grey, 0, 255).astype(np.uint8)


def brightness(values):
    """Grey levels uint8 for brightness 0..1 (same shape): a photo as it looks, light paper light."""
    return ink(values)


class ColourLegend(Retranslatable, QWidget):
    """A bar from -limit (blue) through 0 (white) to +limit (red), with the numbers and,
    under its ends, what blue and red mean here (``set_meaning``)."""

    def __init__(self, negative_text="", positive_text="", parent=None):
        super().__init__(parent)
        self.setObjectName("colourLegend")
        self._limit, self._clipped = 1.0, False
        self._words = (negative_text, positive_text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)
        self.show_texts()

    def set_limit(self, limit, clipped=False):
        """The numbers at the ends; ``clipped``: larger ones exist and get the full colour too."""
        shown = (number(self._limit, 2), self._clipped)
        self._limit, self._clipped = float(limit), clipped
        if (number(self._limit, 2), clipped) != shown:       # repainted only when it looks different
            self.update()

    def set_meaning(self, negative_text, positive_text):
        """What blue and red mean where the legend is used (already translated texts)."""
        self._words = (negative_text, positive_text)
        self.update()

    def show_texts(self):
        self.update()           # the numbers are formatted for the language when painted

    def sizeHint(self):
        return QSize(200, 2 * self.fontMetrics().height() + 14)

    def paintEvent(self, event):
        painter = QPainter(self)
        metrics = self.fontMetrics()
        bar = QRectF(2, 2, self.width() - 4, 10)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        gradient.setColorAt(0.0, QColor(*NEGATIVE))
        gradient.setColorAt(0.5, QColor(*ZERO))
        gradient.setColorAt(1.0, QColor(*POSITIVE))
        painter.fillRect(bar, gradient)
        painter.setPen(QColor(150, 150, 150))
        painter.drawRect(bar)
        painter.setPen(self.palette().windowText().color())
        decimals = 2 if self._limit < 10 else 0
        y = int(bar.bottom()) + metrics.ascent() + 1
        beyond = ("≤ ", "≥ ") if self._clipped else ("", "")
        left = f"{beyond[0]}-{number(self._limit, decimals)}"
        right = f"{beyond[1]}+{number(self._limit, decimals)}"
        painter.drawText(2, y, left)
        painter.drawText(int(bar.center().x() - metrics.horizontalAdvance("0") / 2), y, "0")
        painter.drawText(int(bar.right() - metrics.horizontalAdvance(right)), y, right)
        y += metrics.height()
        painter.drawText(2, y, self._words[0])
        painter.drawText(int(bar.right() - metrics.horizontalAdvance(self._words[1])), y, self._words[1])
        painter.end()
