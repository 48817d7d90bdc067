"""From a drawing of any size to the 784 inputs the network reads, the way MNIST was made.

LeCun et al. fitted each NIST digit into a 20x20 box keeping its aspect ratio
(anti-aliased, hence the grey levels) and placed it in a 28x28 field with its
centre of mass at the centre. ``preprocess`` does the same:

1. greyscale in [0, 1]; the background is read off the border, so dark ink on
   light paper and light ink on dark both work; faint noise is dropped;
2. crop to the bounding box of the ink (empty -> None: "nothing drawn");
3. scale so the longer side is 20 pixels, anti-aliased by Pillow, but keep
   the strokes between ``MIN_STROKE`` and ``MAX_STROKE`` output pixels wide:
   a dot is not blown up into a disc, a hairline is thickened, not lost;
4. place it in 28x28 with its centre of mass at pixel (14, 14), to a fraction
   of a pixel (Pillow resamples the exact source box);
5. stretch so the darkest stroke is full ink, then 0.01 + 0.98 * ink: 784
   float32 values in 0.01..0.99.

Drawings (the canvas) go straight to step 1. Pictures of paper (a photo, a
scan: any picture file) first go through ``network.data.paper.find_ink``,
which removes the light and keeps only the digit's strokes:
``picture_stages`` is the one way a picture file becomes the network's inputs,
for ``digits predict``, the window's Open image and the benchmarks alike.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from ..pixels import MASS_CENTRE, SIDE, inputs_from_ink
from . import pictures

BOX = 20                # the longer side of the ink, in pixels, as MNIST fitted it
MIN_STROKE, MAX_STROKE = 1.8, 4.5   # stroke width in output pixels (MNIST's median is about 3)
THIN_ABOVE = 6.0        # strokes wider than this (output pixels) are thinned to MAX_STROKE, not shrunk
NOISE = 0.1             # ink below this share of full is background
WORK_SIDE = 280         # larger drawings are first reduced to about this size


def _grey_and_table(image):
    """(grey, table): uint8 grey levels and the float32 ink of each of the 256 levels;
    for float images the ink itself and None."""
    grey = _reduce(_greyscale(image))
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    if grey.dtype == np.uint8:
        # one table lookup per pixel does the inversion, levels and noise floor
        return grey, _ink_table(np.arange(256, dtype=np.float32) / 255, np.median(border) / 255)
    return _ink_table(np.clip(grey, 0.0, 1.0), float(np.median(np.clip(border, 0.0, 1.0)))), None


def _crop(image, preview=None):
    """(crop, box, ink, stride): the ink inside its bounding box (float32), the box (top,
    left, bottom, right) in the (reduced) image, and with ``preview`` (a side in pixels) the
    ink of the whole image taken every stride-th pixel, stride making it about ``preview``
    wide (else None); or None when there is no ink.

    For 8-bit images the box is found on the grey levels themselves (the
    table is monotonic, so "ink above the noise floor" is "grey below, or
    above, one level") and only the box is turned into floats.
    """
    grey, table = _grey_and_table(image)
    if table is None:
        rows = np.flatnonzero(grey.max(axis=1) > NOISE)
        cols = np.flatnonzero(grey.max(axis=0) > NOISE)
    else:
        inked = np.flatnonzero(table > NOISE)
        if len(inked) == 0:
            return None
        if inked[0] == 0:                        # dark ink: levels up to inked[-1] are ink
            rows = np.flatnonzero(grey.min(axis=1) <= inked[-1])
            cols = np.flatnonzero(grey.min(axis=0) <= inked[-1])
        else:                                    # light ink: levels from inked[0] up
            rows = np.flatnonzero(grey.max(axis=1) >= inked[0])
            cols = np.flatnonzero(grey.max(axis=0) >= inked[0])
    if len(rows) == 0:
        return None
    box = (int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1)
    crop = grey[box[0]:box[2], box[1]:box[3]]
    ink, stride = None, 1
    if preview:
        stride = max(1, -(-max(grey.shape) // preview))
        ink = grey[::stride, ::stride]
        ink = ink if table is None else np.take(table, ink)
    return (crop if table is None else np.take(table, crop)), box, ink, stride


def _ink_table(grey, background):
    """Ink (1 = ink) for grey levels ``grey`` given the background's grey level."""
    dark_paper = background <= 0.5
    ink = grey.copy() if dark_paper else 1.0 - grey
    level = background if dark_paper else 1.0 - background
    if level >= 0.9:
        return np.zeros_like(ink)
    ink = (ink - level) / (1.0 - level)
    ink[ink < NOISE] = 0.0
    return np.clip(ink, 0.0, 1.0, out=ink).astype(np.float32)


def _greyscale(image):
    """uint8 (h, w) for Pillow images and integer or bool arrays; float32 for float arrays."""
    if isinstance(image, Image.Image):
        return pictures.grey(image)
    a = np.asarray(image)
    if a.ndim == 3 and a.shape[2] in (3, 4):
        return pictures.grey(Image.fromarray(a.astype(np.uint8)))
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D greyscale image, got shape {a.shape}")
    if a.dtype == bool:
        return a.astype(np.uint8) * np.uint8(255)
    if a.dtype == np.uint8:
        return a
    if a.dtype.kind in "ui":
        return np.clip(a, 0, 255).astype(np.uint8)
    grey = np.nan_to_num(a.astype(np.float32))
    return grey / 255.0 if grey.max() > 1.0 else grey


def _reduce(grey):
    """Shrink by the integer factor that brings the shorter side near WORK_SIDE (area average)."""
    factor = max(1, round(min(grey.shape) / WORK_SIDE))
    if factor == 1:
        return grey
    if grey.dtype == np.uint8:
        return np.asarray(Image.fromarray(grey).reduce(factor))
    h, w = (grey.shape[0] // factor) * factor, (grey.shape[1] // factor) * factor
    return grey[:h, :w].reshape(h // factor, factor, w // factor, factor).mean(axis=(1, 3))


def stroke_width(mask):
    """Typical stroke width in pixels of a boolean ink mask, from its area and perimeter.

    Ink is taken to be one stroke of width w and length l with round ends (a
    capsule): area A = w l + pi w^2 / 4 and perimeter P = 2 l + pi w, so
    w = (P - sqrt(P^2 - 4 pi A)) / pi: about 2A/P for long strokes, the
    diameter for a dot. The perimeter is counted as pixel edges between ink
    and background; edges at random angles count 4/pi too many, hence pi/4
    (measured on pen-drawn digits: 0.99-1.15 times the brush width for 80% of them).
    """
    area = np.count_nonzero(mask)
    if area == 0:
        return 1.0
    edges = (np.count_nonzero(mask[:, 1:] != mask[:, :-1]) + np.count_nonzero(mask[1:] != mask[:-1])
             + np.count_nonzero(mask[[0, -1]]) + np.count_nonzero(mask[:, [0, -1]]))
    perimeter = edges * np.pi / 4
    width = (perimeter - np.sqrt(max(perimeter ** 2 - 4 * np.pi * area, 0.0))) / np.pi
    return max(1.0, float(width))


def preprocess(image):
    """784 float32 inputs in 0.01..0.99 (see the module docstring), or None if nothing is drawn."""
    ink = preprocess_ink(image)
    return None if ink is None else inputs_from_ink(ink)


def preprocess_ink(image):
    """The 28x28 float32 ink (0 background .. 1 full ink) of steps 1-4 and the stretch, or None."""
    stages = _stages(image)
    return None if stages is None else stages.centred


@dataclass(frozen=True)
class Stages:
    """What preprocessing did to a drawing, step by step, for showing it. Ink: 0 background .. 1 ink.

    ink:     the whole drawing as ink (step 1), every n-th pixel: at most about PREVIEW_SIDE wide
    box:     (top, left, bottom, right) of the ink's bounding box, in ``ink``'s pixels (step 2)
    fitted:  the cropped ink scaled so its longer side is 20 pixels, strokes kept MNIST-wide (step 3)
    centred: (28, 28) the result, its centre of mass at the centre (steps 4 and 5)
    centre:  (row, column) of the centre of mass in ``centred``, pixel centres at i + 0.5
    paper:   for a picture of paper, what ``paper.find_ink`` found (the picture, the light
             removed, the ink found): a ``network.data.paper.Ink``; None for a drawing
    """

    ink: np.ndarray
    box: tuple
    fitted: np.ndarray
    centred: np.ndarray
    centre: tuple
    paper: object = None


def preprocess_stages(image):
    """Every step of ``preprocess_ink`` (a Stages), or None if nothing is drawn.

    Costs a little more than preprocess_ink (the whole ink map and the
    fitted picture are made only here).
    """
    return _stages(image, show=True)


def picture_stages(image):
    """Every step from a picture of paper (a photo or any picture file) to the 28x28 ink: a Stages
    whose ``paper`` says what was found, or None when the picture holds no ink (a blank sheet, a
    shadow, an empty picture). image: uint8 (h, w) grey or (h, w, 3) RGB, as read from a file."""
    from .paper import find_ink

    found = find_ink(image)
    if found.ink is None:
        return None
    stages = _stages(found.ink, show=True)
    return None if stages is None else replace(stages, paper=found)


PREVIEW_SIDE = 96
"""Stages.ink is the drawing taken every n-th pixel, n making it about this wide: it is shown small."""


def _stages(image, show=False):
    found = _crop(image, preview=PREVIEW_SIDE if show else None)
    if found is None:
        return None
    crop, box, ink, stride = found

    # the scale: longer side -> 20 pixels, within the stroke-width limits
    width = stroke_width(crop > 0.5)
    scale = BOX / max(crop.shape)
    if width * scale > THIN_ABOVE and _length(crop > 0.5, width) > width:      # strokes, not a dot
        crop = _thinned(crop, width, scale)
        scale = BOX / max(crop.shape)
    else:
        scale = min(scale, MAX_STROKE / width)
    if width * scale < MIN_STROKE:
        grow = int(round((MIN_STROKE / scale - width) / 2))
        if grow > 0:
            from scipy import ndimage  # rarely needed: not loaded with the window

            crop = np.pad(crop, grow)
            crop = ndimage.grey_dilation(crop, footprint=disc(grow))

    # centre of mass of the ink, pixel centres at i + 0.5
    mass = crop.sum()
    cy = float((crop.sum(axis=1) * (np.arange(crop.shape[0]) + 0.5)).sum() / mass)
    cx = float((crop.sum(axis=0) * (np.arange(crop.shape[1]) + 0.5)).sum() / mass)
    # the source box that lands on the 28x28 field with (cy, cx) at output (14.5, 14.5)
    c = MASS_CENTRE + 0.5
    source_box = [cx - c / scale, cy - c / scale, cx + (SIDE - c) / scale, cy + (SIDE - c) / scale]
    pad = int(np.ceil(max(0.0, -source_box[0], -source_box[1], source_box[2] - crop.shape[1],
                          source_box[3] - crop.shape[0]))) + 1
    source = Image.fromarray(np.pad(crop, pad).astype(np.float32), mode="F")
    source_box = [v + pad for v in source_box]
    resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    small = np.asarray(source.resize((SIDE, SIDE), resample, box=source_box), dtype=np.float32)

    small = np.clip(small, 0.0, None)
    peak = small.max()
    if peak <= 0:
        return None
    centred = np.minimum(small / peak, 1.0).astype(np.float32)
    if not show:
        return Stages(None, box, None, centred, None)
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    fitted = np.asarray(Image.fromarray(crop.astype(np.float32), mode="F").resize(size, resample), np.float32)
    fitted = np.clip(fitted / max(float(fitted.max()), 1e-6), 0.0, 1.0)
    rows, cols = np.arange(SIDE) + 0.5, np.arange(SIDE) + 0.5
    total = centred.sum()
    centre = (float(centred.sum(axis=1) @ rows / total), float(centred.sum(axis=0) @ cols / total))
    shown_box = (box[0] // stride, box[1] // stride, -(-box[2] // stride), -(-box[3] // stride))
    return Stages(ink, shown_box, fitted, centred, centre)


def _length(mask, width):
    """The length of the strokes of a mask ``width`` wide, in the capsule model of ``stroke_width``."""
    return (np.count_nonzero(mask) - np.pi * width ** 2 / 4) / width


def _thinned(crop, width, scale):
    """The crop with strokes too wide for their digit (a small digit drawn with a wide brush, a
    thick marker) thinned by a grey erosion with a disc, to MAX_STROKE output pixels, and the ink
    cropped again. Shrinking the digit instead would keep it a blob (measured: small drawings read
    right 31% with shrinking, see docs/performance.md)."""
    from scipy import ndimage

    radius = int((width - MAX_STROKE / scale) / 2)
    if radius < 1:
        return crop
    thin = ndimage.grey_erosion(crop, footprint=disc(radius))
    rows, cols = np.nonzero(thin > NOISE)
    if len(rows) == 0:
        return crop
    return thin[rows.min():rows.max() + 1, cols.min():cols.max() + 1]


def disc(radius):
    y, x = np.ogrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius + radius
