"""Random distortions of a whole batch of 28x28 digits at once, no loop per image.

Each image gets its own

* affine map: rotation, scale, shear and shift about the centre;
* elastic distortion (Simard, Steinkraus & Platt 2003): a displacement field
  of uniform noise in [-1, 1] smoothed by a Gaussian of width ``sigma`` and
  scaled by ``alpha``. The noise is drawn on a 14x14 grid (every other pixel)
  and smoothed onto 28x28 by two matrix products per image, G @ noise @ G^T:
  the same Gaussian filter done by BLAS, four times less noise to draw;
* stroke-thickness change: a blend towards a dilation or erosion by a 3x3 cross.

The output pixel (r, c) reads the input at A (r - c0, c - c0) + c0 + t + d(r, c),
sampled bilinearly for the whole batch at once (zero outside the image).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..pixels import SIDE


@dataclass(frozen=True)
class Distortion:
    """How strongly to distort; every range is symmetric around "no change"."""

    rotation: float = 12.0    # degrees, +-
    scale: float = 0.12       # relative size change, +-
    shear: float = 0.25       # x shift per y, +-
    shift: float = 2.0        # pixels, +-
    alpha: float = 8.0        # elastic displacement, pixels
    sigma: float = 3.0        # elastic smoothness, pixels
    thickness: float = 0.5    # chance of a thickness change

    def scaled(self, strength):
        """The same distortions, every range times ``strength`` (1 = as defined, 0 = none)."""
        return Distortion(rotation=self.rotation * strength, scale=self.scale * strength,
                          shear=self.shear * strength, shift=self.shift * strength,
                          alpha=self.alpha * strength, sigma=self.sigma,
                          thickness=min(1.0, self.thickness * strength))


def _gaussian_matrix(sigma, n=SIDE, step=2):
    """G (n, n // step): G @ f smooths noise f drawn every ``step`` pixels onto n pixels.

    Each row holds Gaussian weights exp(-(x - x')^2 / (2 sigma^2)) of the grid
    points x', scaled like a Gaussian filter of the full-resolution noise, so
    the field has the strength Simard's alpha assumes.
    """
    x = np.arange(n)[:, None]
    grid = np.arange(0, n, step)[None, :] + (step - 1) / 2
    g = np.exp(-0.5 * ((x - grid) / sigma) ** 2)
    full = np.exp(-0.5 * ((x - np.arange(n)[None, :]) / sigma) ** 2).sum(axis=1, keepdims=True)
    return (g * np.sqrt(step) / full).astype(np.float32)


def _bilinear(ink, rows, cols):
    """Sample ink (n, 28, 28) at real-valued (rows, cols), each (n, 28, 28); zero outside."""
    n = len(ink)
    padded = np.zeros((n, SIDE + 2, SIDE + 2), np.float32)
    padded[:, 1:-1, 1:-1] = ink
    flat = padded.ravel()
    r = np.clip(rows + 1, 0, SIDE + 0.999, dtype=np.float32)
    c = np.clip(cols + 1, 0, SIDE + 0.999, dtype=np.float32)
    r0, c0 = r.astype(np.int32), c.astype(np.int32)
    r -= r0
    c -= c0
    w = SIDE + 2
    i = r0 * w + c0
    i += (np.arange(n, dtype=np.int32) * (w * w))[:, None, None]
    top = flat[i]
    top += c * (flat[i + 1] - top)
    bottom = flat[i + w]
    bottom += c * (flat[i + w + 1] - bottom)
    bottom -= top
    bottom *= r
    top += bottom
    return top


def _dilate(ink):
    """Grey dilation by a 3x3 cross: the max of each pixel and its four neighbours."""
    out = ink.copy()
    np.maximum(out[:, 1:], ink[:, :-1], out=out[:, 1:])
    np.maximum(out[:, :-1], ink[:, 1:], out=out[:, :-1])
    np.maximum(out[:, :, 1:], ink[:, :, :-1], out=out[:, :, 1:])
    np.maximum(out[:, :, :-1], ink[:, :, 1:], out=out[:, :, :-1])
    return out


def _erode(ink):
    """Grey erosion by a 3x3 cross (zero outside the image)."""
    return 1.0 - _dilate(np.pad(1.0 - ink, ((0, 0), (1, 1), (1, 1)), constant_values=1.0))[:, 1:-1, 1:-1]


class Augmenter:
    """Callable: uint8 images (batch, 784) -> distorted ink in [0, 1], float32 (batch, 784)."""

    def __init__(self, distortion: Distortion = Distortion(), rng=None):
        self.d = distortion
        self.rng = np.random.default_rng(rng)
        self._g = _gaussian_matrix(distortion.sigma) if distortion.alpha else None
        r = np.arange(SIDE, dtype=np.float32) - (SIDE - 1) / 2
        self._grid = np.stack(np.meshgrid(r, r, indexing="ij"))  # (2, 28, 28): row, col offsets

    def matrices(self, n):
        """Per-image 2x2 maps from output to input offsets: (n, 2, 2)."""
        d, rng = self.d, self.rng
        theta = np.deg2rad(rng.uniform(-d.rotation, d.rotation, n))
        s = 1.0 / rng.uniform(1 - d.scale, 1 + d.scale, n)  # output->input, so invert the size
        k = rng.uniform(-d.shear, d.shear, n)
        cos, sin = np.cos(theta), np.sin(theta)
        # (row, col) coordinates: rotation, then a shear of columns by rows
        a = np.empty((n, 2, 2), np.float32)
        a[:, 0, 0], a[:, 0, 1] = cos * s, -sin * s
        a[:, 1, 0], a[:, 1, 1] = (sin + k * cos) * s, (cos - k * sin) * s
        return a

    def elastic(self, n):
        """Smooth random displacements (n, 2, 28, 28) in pixels."""
        g = self._g
        noise = self.rng.random((n, 2, g.shape[1], g.shape[1]), dtype=np.float32)
        noise *= 2
        noise -= 1
        field = g @ noise @ g.T
        field *= np.float32(self.d.alpha)
        return field

    def coordinates(self, n):
        """Where each output pixel samples its input: (n, 2, 28, 28) rows and columns."""
        d = self.d
        a = self.matrices(n)
        c0 = (SIDE - 1) / 2
        shift = self.rng.uniform(-d.shift, d.shift, (n, 2, 1, 1)).astype(np.float32)
        src = np.einsum("nij,jrc->nirc", a, self._grid) + np.float32(c0) + shift
        if self._g is not None:
            src += self.elastic(n)
        return src

    def thicken(self, ink):
        """Blend a random share of the images towards their dilation or erosion, in place."""
        n = len(ink)
        chosen = np.flatnonzero(self.rng.random(n) < self.d.thickness)
        if len(chosen) == 0:
            return ink
        sub = ink[chosen]
        grow = self.rng.random(len(chosen)) < 0.5
        target = np.where(grow[:, None, None], _dilate(sub), _erode(sub))
        w = self.rng.uniform(0.2, 1.0, (len(chosen), 1, 1)).astype(np.float32)
        ink[chosen] = sub + w * (target - sub)
        return ink

    def __call__(self, images):
        n = len(images)
        ink = images.reshape(n, SIDE, SIDE).astype(np.float32)
        ink *= np.float32(1 / 255)
        src = self.coordinates(n)
        out = _bilinear(ink, src[:, 0], src[:, 1])
        if self.d.thickness:
            self.thicken(out)
        np.clip(out, 0.0, 1.0, out=out)
        return out.reshape(n, SIDE * SIDE)
