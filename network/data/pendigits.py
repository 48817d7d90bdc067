"""Digits written with a pen: UNIPEN-style files, drawn the way the canvas draws.

A UNIPEN file (the format of UCI's pendigits-orig) lists digits as strokes::

    .SEGMENT DIGIT 0 ? "8"      a new digit, its label in quotes
    .COMMENT 8  6  138          label, writer, sample number
    .PEN_DOWN                   a stroke begins
     273  323                   one point per line: x y (y points up)
    .PEN_UP                     the stroke ends

``read_unipen`` parses it; ``place`` puts a digit's strokes on a square
canvas at a random size and place (screen coordinates, y down); ``render``
draws them with the canvas's round, anti-aliased brush; ``pen_dataset`` turns
a file into extra training images through the same ``preprocess`` the
canvas uses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from ..errors import DataError, SystemReason
from ..i18n import Text
from .drawing import BRUSH, CANVAS_SIDE
from .mnist import Dataset
from .preprocess import preprocess_ink

SIZE_RANGE = (0.35, 0.80)    # a digit's longer side as a share of the canvas


@dataclass(frozen=True)
class PenDigit:
    """One written digit: its label, writer (0 if unknown) and strokes, each (n, 2) of x, y (y up)."""

    label: int
    writer: int
    strokes: tuple


def read_unipen(path):
    """All digits in a UNIPEN-style file, in file order. DataError if it holds none or is malformed."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="latin-1").splitlines()
    except FileNotFoundError:
        raise DataError(Text("error.file.not_found", path=path)) from None
    except OSError as e:
        raise DataError(Text("error.file.could_not_read", name=path, reason=SystemReason(e))) from None
    digits, label, writer, strokes, stroke = [], None, 0, [], None

    def finish():
        if label is not None and strokes:
            digits.append(PenDigit(label, writer, tuple(strokes)))

    for number, line in enumerate(lines, 1):
        if line.startswith(".SEGMENT"):
            finish()
            found = re.search(r'"(\d)"', line)
            if not found:
                raise DataError(Text("error.pen.no_label", name=path.name, line=number))
            label, writer, strokes, stroke = int(found.group(1)), 0, [], None
        elif line.startswith(".COMMENT") and label is not None:
            parts = line.split()
            if len(parts) >= 3 and parts[2].isdigit():
                writer = int(parts[2])
        elif line.startswith(".PEN_DOWN"):
            stroke = []
        elif line.startswith(".PEN_UP"):
            if stroke and label is not None:
                strokes.append(np.array(stroke, dtype=np.float32))
            stroke = None
        elif stroke is not None and line.strip():
            parts = line.split()
            try:
                stroke.append((float(parts[0]), float(parts[1])))
            except (ValueError, IndexError):
                raise DataError(Text("error.pen.bad_point", name=path.name, line=number,
                                     found=repr(line.strip()))) from None
    finish()
    if not digits:
        raise DataError(Text("error.pen.no_digits", name=path.name))
    return digits


def parse_writers(spec, most=None):
    """'1-10' or '1-5,8,12-14' -> a set of writer numbers (none above ``most``: a range is bounded by
    the writers a file holds, so '1-99999999999' costs no more than '1-44')."""
    writers = set()
    for part in str(spec).split(","):
        part = part.strip()
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not match:
            raise DataError(Text("error.pen.writers", spec=repr(spec)))
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise DataError(Text("error.pen.empty_range", part=repr(part)))
        writers.update(range(first, (last if most is None else min(last, most)) + 1))
    return writers


def select(digits, writers=None):
    """The digits of the given writers (a set, a '1-10' string, or None for all)."""
    if writers is None:
        return list(digits)
    most = max((d.writer for d in digits), default=0)
    chosen = parse_writers(writers, most) if isinstance(writers, str) else set(writers)
    return [d for d in digits if d.writer in chosen]


def place(digit, rng, canvas=CANVAS_SIDE, size=SIZE_RANGE, brush=None):
    """The strokes in canvas pixels (y down) at a random size and place.

    The longer side of the digit becomes a uniform random share ``size`` of
    the canvas; the digit lies wholly inside it, brush included.
    """
    brush = canvas * BRUSH if brush is None else brush
    points = np.concatenate(digit.strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    extent = max(float((high - low).max()), 1.0)
    side = rng.uniform(*size) * canvas
    factor = side / extent
    w, h = (high - low) * factor
    margin = brush / 2 + 1
    x0 = rng.uniform(margin, max(margin, canvas - margin - w))
    y0 = rng.uniform(margin, max(margin, canvas - margin - h))
    placed = []
    for s in digit.strokes:
        xy = (s - low) * factor
        xy[:, 1] = h - xy[:, 1]          # y up -> y down
        placed.append(xy + (x0, y0))
    return placed


def render(strokes, canvas=CANVAS_SIDE, brush=None, supersample=4):
    """Draw strokes (canvas pixels) as black on white with a round anti-aliased brush: uint8 (canvas, canvas).

    Like the canvas widget: line segments between successive points with round
    caps and joins. Pillow draws without anti-aliasing, so this draws at
    ``supersample`` times the size and averages down.
    """
    brush = canvas * BRUSH if brush is None else brush
    k = supersample
    image = Image.new("L", (canvas * k, canvas * k), 255)
    draw = ImageDraw.Draw(image)
    r = brush * k / 2
    for stroke in strokes:
        pts = [(float(x) * k, float(y) * k) for x, y in stroke]
        if len(pts) > 1:
            draw.line(pts, fill=0, width=max(1, int(round(brush * k))), joint="curve")
        for x, y in (pts[0], pts[-1]) if len(pts) > 1 else pts:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=0)
    return np.asarray(image.resize((canvas, canvas), Image.Resampling.BOX))


SMALL_RANGE = (0.12, 0.30)   # a small digit, drawn in a corner of the canvas


def pen_dataset(path, writers=None, seed=0, copies=2):
    """Training images from a pen file: each digit drawn ``copies`` times at random
    sizes and places, then preprocessed like a canvas drawing. A Dataset (uint8).
    With more than two copies, one of them is drawn small (SMALL_RANGE) with the
    default brush: the brush then fills the digit's loops, and a network that
    never saw such drawings reads a third of them as something else."""
    digits = select(read_unipen(path), writers)
    if not digits:
        raise DataError(Text("error.pen.no_writers", name=Path(path).name, writers=writers))
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for copy in range(copies):
        size = SMALL_RANGE if copies > 2 and copy == copies - 1 else SIZE_RANGE
        for digit in digits:
            ink = preprocess_ink(render(place(digit, rng, size=size)))
            if ink is None:
                continue
            images.append(np.round(ink * 255).astype(np.uint8).ravel())
            labels.append(digit.label)
    return Dataset(np.array(images), np.array(labels, dtype=np.uint8), f"{Path(path).name} (drawn)")
