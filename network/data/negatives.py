"""Pictures that are not digits, made here, for teaching the network to say "that is not a digit".

Each kind is drawn the way Digits sees a drawing (black ink on white at a
canvas-like size) and then preprocessed like one (``preprocess.preprocess_ink``),
so the network meets them as it meets a person's drawing:

- ``scribbles``: strokes that wander and turn, zig-zags, loops that cross,
  hatching: what a hand makes when it is not writing a digit;
- ``letters``: Latin letters that do not look like a digit, set in the
  fonts at hand (Pillow's own, and the system's), at random sizes, slants
  and weights;
- ``spoiled``: digits that are no longer digits: two overlaid, crossed out,
  upside down, turned on their side.

All take a ``numpy.random.Generator`` and give uint8 (n, 784) pictures, 255 = ink.
"""
from __future__ import annotations

import glob
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..pixels import PIXELS, SIDE, picture_from_ink
from .preprocess import preprocess_ink

DRAW_SIDE = 112
"""Negatives are drawn on a square of this side before preprocessing (a canvas, smaller)."""
LETTERS = "ACEFHKMNPRUVWXYacdefhkmnprtuvwxy"
"""Latin letters no handwriting would take for a digit (O, I, l, Z, S, B, G, g, q, b ... could be one)."""
OTHER_LETTERS = "αγεζηκλμνξπρστυφχψωΓΔΛΞΠΣΦΨΩЖИЛФЦШЩЫЮЯжилфцшщыюядкмнт"
"""Greek and Cyrillic letters that are not digit-like (no ο, δ, θ, β, З, б ...), in the fonts that
have them: people write more than one alphabet."""
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts"),
                "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts")


def _to_pictures(images):
    """Drawings (black on white, uint8) -> uint8 (n, 784) preprocessed pictures; blank ones dropped."""
    out = []
    for image in images:
        ink = preprocess_ink(image)
        if ink is not None:
            out.append(picture_from_ink(ink).reshape(PIXELS))
    return np.array(out, np.uint8).reshape(-1, PIXELS)


def _polyline(draw, points, width):
    draw.line([tuple(p) for p in points], fill=0, width=width, joint="curve")
    r = width / 2
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=0)


def _scribble(rng):
    side = DRAW_SIDE
    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    width = int(rng.integers(4, 11))
    kind = rng.integers(4)
    margin = 12
    if kind == 0:                           # a wandering stroke that keeps turning
        for _ in range(int(rng.integers(1, 3))):
            p = rng.uniform(margin, side - margin, 2)
            heading = rng.uniform(0, 2 * np.pi)
            turn = rng.normal(0, 0.5)
            points = [p.copy()]
            for _ in range(int(rng.integers(25, 60))):
                turn = 0.8 * turn + rng.normal(0, 0.5)
                heading += turn
                p = np.clip(p + 4 * np.array([np.cos(heading), np.sin(heading)]), margin, side - margin)
                points.append(p.copy())
            _polyline(draw, points, width)
    elif kind == 1:                         # a zig-zag
        n = int(rng.integers(4, 9))
        xs = np.linspace(margin, side - margin, n) + rng.normal(0, 3, n)
        ys = np.where(np.arange(n) % 2, rng.uniform(margin, side / 2, n), rng.uniform(side / 2, side - margin, n))
        points = np.stack([xs, ys], 1)
        if rng.random() < 0.5:
            points = points[:, ::-1]
        _polyline(draw, points, width)
    elif kind == 2:                         # loops that cross themselves
        t = np.linspace(0, 2 * np.pi * rng.uniform(1.5, 3.5), 120)
        a, b = rng.uniform(0.25, 0.45, 2) * side
        k = rng.integers(2, 5)
        points = np.stack([side / 2 + a * np.sin(t * rng.uniform(0.8, 1.2)) * np.cos(k * t / 3),
                           side / 2 + b * np.sin(k * t / 2 + rng.uniform(0, 3))], 1)
        _polyline(draw, points, width)
    else:                                   # hatching: several roughly parallel strokes
        angle = rng.uniform(0, np.pi)
        n = int(rng.integers(3, 7))
        d = np.array([np.cos(angle), np.sin(angle)])
        normal = np.array([-d[1], d[0]])
        for i in range(n):
            centre = side / 2 + normal * (i - n / 2) * rng.uniform(8, 14) + rng.normal(0, 3, 2)
            half = rng.uniform(0.2, 0.4) * side
            _polyline(draw, [centre - d * half, centre + d * half], width)
    return np.asarray(image)


def scribbles(n, rng):
    """n pictures of scribbles (see the module docstring): uint8 (m <= n, 784)."""
    return _to_pictures(_scribble(rng) for _ in range(n))


def font_files():
    """The TrueType/OpenType fonts on this computer (may be none: Pillow's own font is used too)."""
    found = []
    for folder in FONT_FOLDERS:
        for pattern in ("**/*.ttf", "**/*.otf", "**/*.TTF"):
            found.extend(glob.glob(os.path.join(folder, pattern), recursive=True))
    return sorted(set(found))


def _font(rng, files, size):
    if files and rng.random() < 0.7:
        try:
            return ImageFont.truetype(files[int(rng.integers(len(files)))], size)
        except OSError:
            pass
    try:
        return ImageFont.load_default(size=size)
    except TypeError:                       # Pillow before 10.1: a small bitmap font only
        return ImageFont.load_default()


def _has_glyph(font, letter):
    """True when ``font`` draws ``letter`` as itself, not as its "missing glyph" box."""
    try:
        mask = font.getmask(letter)
        missing = font.getmask("\U0010fffd")
    except (OSError, ValueError):
        return False
    return mask.size[0] > 0 and (mask.size != missing.size or bytes(mask) != bytes(missing))


def letters(n, rng, fonts=None):
    """n pictures of letters (LETTERS, and OTHER_LETTERS in a third of them where the font has
    them) in the fonts at hand: uint8 (m <= n, 784)."""
    files = font_files() if fonts is None else list(fonts)
    images = []
    for _ in range(n):
        size = int(rng.integers(40, 80))
        font = _font(rng, files, size)
        letter = LETTERS[int(rng.integers(len(LETTERS)))]
        if rng.random() < 1 / 3:
            other = OTHER_LETTERS[int(rng.integers(len(OTHER_LETTERS)))]
            letter = other if _has_glyph(font, other) else letter
        image = Image.new("L", (DRAW_SIDE * 2, DRAW_SIDE * 2), 255)
        draw = ImageDraw.Draw(image)
        draw.text((DRAW_SIDE * 0.6, DRAW_SIDE * 0.5), letter, fill=0, font=font,
                  stroke_width=int(rng.integers(0, 3)), stroke_fill=0)
        shear = rng.uniform(-0.3, 0.3)
        image = image.transform(image.size, Image.Transform.AFFINE, (1, shear, -shear * DRAW_SIDE, 0, 1, 0),
                                fillcolor=255)
        image = np.asarray(image)
        images.append(_pen_style(image, rng) if rng.random() < 0.5 else image)
    return _to_pictures(images)


def _pen_style(image, rng):
    """A typeset letter (black on white) redrawn as a pen draws: its strokes thinned to their cores
    (serifs go; a letter that would fall apart keeps its own), then drawn again with one round brush of a random width."""
    from scipy import ndimage

    from .preprocess import disc, stroke_width

    rows, cols = np.nonzero(image < 128)
    if len(rows) == 0:
        return image
    pad = 8                                 # the brush's largest radius and a little
    top, left = max(rows.min() - pad, 0), max(cols.min() - pad, 0)
    mask = image[top:rows.max() + pad + 1, left:cols.max() + pad + 1] < 128
    radius = int(stroke_width(mask) / 2) - 1
    core = ndimage.binary_erosion(mask, structure=disc(radius)) if radius >= 1 else mask
    if ndimage.label(core)[1] != ndimage.label(mask)[1]:
        core = mask                         # thinning would break the letter into pieces
    drawn = ndimage.binary_dilation(core, structure=disc(int(rng.integers(2, 6))))
    out = np.full_like(image, 255)
    out[top:top + drawn.shape[0], left:left + drawn.shape[1]][drawn] = 0
    return out


def spoiled(pictures, labels, n, rng):
    """n digits spoiled so that they are none (see the module docstring), from ``pictures`` uint8
    (m, 784) of digits with their ``labels`` (m,): uint8 (k <= n, 784)."""
    digits = pictures.reshape(-1, SIDE, SIDE).astype(np.float32) / 255
    out = []
    for _ in range(n):
        i = int(rng.integers(len(digits)))
        a = digits[i]
        kind = rng.integers(4)
        if kind == 0:                       # two digits, one over the other, shifted
            b = np.roll(digits[int(rng.integers(len(digits)))], tuple(rng.integers(-6, 7, 2)), axis=(0, 1))
            ink = np.maximum(a, b)
        elif kind == 1:                     # crossed out
            ink = a.copy()
            image = Image.fromarray(np.uint8(255 - 255 * ink)).resize((DRAW_SIDE, DRAW_SIDE))
            draw = ImageDraw.Draw(image)
            for _ in range(int(rng.integers(1, 3))):
                p, q = rng.uniform(10, DRAW_SIDE - 10, (2, 2))
                _polyline(draw, [p, q], int(rng.integers(6, 11)))
            ink = 1 - np.asarray(image.resize((SIDE, SIDE), Image.Resampling.BOX), np.float32) / 255
        elif kind == 2:                     # upside down (not 0, 1, 8, which stay themselves, nor 6 and 9)
            if labels[i] in (0, 1, 6, 8, 9):
                continue
            ink = a[::-1, ::-1]
        else:                               # turned on its side (a 0 stays a 0)
            if labels[i] == 0:
                continue
            ink = np.rot90(a, 1 if rng.random() < 0.5 else 3)
        out.append(np.uint8(255 - 255 * np.clip(ink, 0, 1)))
    return _to_pictures(np.asarray(Image.fromarray(o).resize((DRAW_SIDE, DRAW_SIDE), Image.Resampling.BILINEAR))
                        for o in out)


NOT_A_DIGIT = 10
"""The label of a picture that is not a digit, when a network learns them beside the ten digits."""


def make(n, rng, digits, labels):
    """n pictures that are not digits, a third of each kind (scribbles, letters, spoiled digits made
    from ``digits`` uint8 (m, 784) with ``labels`` (m,)), shuffled: uint8 (k <= n, 784)."""
    third = n // 3
    parts = [scribbles(third, rng), letters(third, rng), spoiled(digits, labels, n - 2 * third, rng)]
    pictures = np.concatenate(parts)
    return pictures[rng.permutation(len(pictures))]
