"""The network's 784 inputs: the one home of every fact about pixels.

A picture is SIDE x SIDE = 28 x 28 pixels, read row by row into PIXELS = 784
numbers. Three forms of it travel through Digits:

    picture   uint8    0 (background) .. 255 (ink)    as MNIST stores its images (and the
                                                       person's examples are kept)
    ink       float    0 (background) .. 1 (full ink)  what preprocessing and distortions make
    inputs    float32  what the network reads, in one of two scalings:

        the article's, for MNIST:   x = picture / 255 * 0.99 + 0.01   (0.01 .. 1.00)   ``scale``, ``scale_ink``
        the card's, for drawings:   x = 0.01 + 0.98 * ink              (0.01 .. 0.99)   ``inputs_from_ink``

The article scales MNIST its own way, which the ``classic`` preset must keep
(weight files record it as ``ARTICLE_SCALING``); the design card asks for
drawings in 0.01-0.99. The difference at full ink changes 1 of the 10,000
test answers of the bundled network (docs/architecture.md). An empty pixel
is ``BLANK`` = 0.01 in both.
"""
from __future__ import annotations

import numpy as np

SIDE = 28
"""A picture's side in pixels."""
PIXELS = SIDE * SIDE
"""The network's inputs: one per pixel (784)."""

BLANK = 0.01
"""The input of an empty pixel, in both scalings (the empty canvas of the evidence, the start of imagining)."""
FULL = 0.99
"""The input of a pixel of full ink in a drawing (the card's scaling)."""

ARTICLE_SCALING = "x/255*0.99+0.01"
"""How MNIST pictures become inputs, in the words a weight file's metadata keeps (``input_scaling``)."""

MASS_CENTRE = 14.0
"""Where MNIST puts a digit's centre of mass, in pixel indices (measured: 14.0 +- 0.3); with pixel
centres at i + 0.5 that is 14.5."""


def scale(pictures, out=None):
    """uint8 pictures (any shape) -> float32 inputs the article's way, x/255*0.99 + 0.01, same shape.

    Two float32 operations (x * (0.99/255) + 0.01): six times faster per batch
    than a 256-entry lookup table, which it matches to within one float32 ulp.
    """
    out = np.multiply(pictures, np.float32(0.99 / 255), out=out, dtype=np.float32)
    out += np.float32(BLANK)
    return out


def scale_ink(ink, out=None):
    """Ink 0..1 (a distorted MNIST picture, any shape) -> inputs the article's way, ink*0.99 + 0.01.

    ``out=ink`` works in place (float32 ink). The same numbers as ``scale`` of the picture the ink
    would round to.
    """
    out = np.multiply(ink, np.float32(0.99), out=out, dtype=np.float32)
    out += np.float32(BLANK)
    return out


def inputs_from_ink(ink):
    """A drawing's ink (any shape, 0 background .. 1 full ink) -> flat float32 inputs 0.01 + 0.98 * ink."""
    x = np.asarray(ink, dtype=np.float32).ravel() * np.float32(FULL - BLANK)
    x += np.float32(BLANK)
    return x


def picture_from_ink(ink):
    """Ink (0 background .. 1 full ink, any shape) -> uint8 grey levels as MNIST stores them (255 = ink)."""
    return np.clip(np.round(np.asarray(ink, dtype=np.float32) * 255), 0, 255).astype(np.uint8)


def picture_from_inputs(x):
    """A drawing's inputs -> pictures as MNIST stores them: uint8, 0 = background, 255 = ink.

    x: (784,) or (n, 784) inputs in 0.01..0.99 (the card's scaling). Returns
    (28, 28) or (n, 28, 28) uint8, pixel = round((x - 0.01) / 0.98 * 255), clipped.
    """
    x = np.asarray(x, np.float64)
    v = np.clip(np.rint((x - BLANK) / (FULL - BLANK) * 255.0), 0, 255).astype(np.uint8)
    return v.reshape(x.shape[:-1] + (SIDE, SIDE))


def inputs_from_picture(v):
    """Pictures -> a drawing's inputs, the inverse of ``picture_from_inputs`` (to within 1/255).

    v: uint8 (28, 28) or (n, 28, 28) (or already flat: (784,), (n, 784)).
    Returns (784,) or (n, 784) float32 inputs v / 255 * 0.98 + 0.01.
    """
    v = np.asarray(v)
    flat = v.reshape(v.shape[:-2] + (PIXELS,)) if v.shape[-2:] == (SIDE, SIDE) else v
    return (flat.astype(np.float32) * np.float32((FULL - BLANK) / 255.0) + np.float32(BLANK)).astype(np.float32)
