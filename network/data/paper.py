"""Pictures of paper: remove the light, find the ink, keep the digit's strokes.

A phone photo of a digit on paper is not a drawing: the paper is grey, lit
unevenly, shadowed and grainy; the ink may be any colour; the sheet's edge or
a box drawn round the digit may be in the picture. Document scanners clean
such a picture in three steps, and so does ``find_ink``:

1. **The light.** The paper's brightness is estimated at a scale larger than
   a stroke, per colour channel: a grey-level closing (the brightest value
   within ``LIGHT_SCALE`` of the picture's side, then the darkest of those:
   strokes narrower than that vanish, the light and its shadows stay), on a
   picture shrunk by an integer factor, smoothed and brought back to size.
   Each channel is divided by it: the paper becomes 1 everywhere. A drawing
   made on a computer (paper of one exact colour, ink mostly full) has no
   light to estimate: its paper's colour is the light (``_drawn_paper``), so
   a blob of ink wider than the closing is not taken for a shadow, and its
   border holds no sheet's or table's edge to drop.
2. **The ink, by local contrast**, in any colour: a pixel's ink is how much
   darker than its paper it is in the channel where it is darkest (a blue
   pen is dark in red and green, a yellow highlighter in blue), or lighter,
   for light ink on dark paper (chalk on a blackboard). Which of the two is
   read off the picture: thin strokes stand out of the paper's median, below
   or above it (``_dark_ink``); a blank sheet is read as dark ink.
   What is within the paper's own grain (``GRAIN`` times its spread) is paper.
3. **The digit's strokes.** The ink's connected pieces are sorted: specks
   (tiny against the largest piece) go; pieces that run along the picture's
   edge (the sheet's edge, a table) go; a piece that frames the others (a box drawn
   round the digit) goes. Nothing left is "no ink": a blank sheet, a shadow.

The result, an ``Ink`` with every step's picture, is what ``network.data.
preprocess`` then fits into 28 x 28 the way MNIST was made. Pure numpy and
scipy.ndimage; a 768-pixel photo takes a few milliseconds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WORK_SIDE = 320
"""Photos are shrunk (by an integer factor, area average) until their longer side is near this."""
LIGHT_SCALE = 1 / 8
"""The closing that estimates the light spans this share of the picture's longer side."""
GRAIN = 6.0
"""Contrast within this many times the paper's spread (a robust standard deviation) is paper."""
LIGHT_STROKES = 1e-6
"""Light ink stands out of its paper's median by at least this much, squared, on average over the
picture (0.1% of it 0.03 lighter than the grain): less is glare on a blank sheet, read as dark ink.
The least that real photos' strokes stand out is 2.4e-6, made-up photos' 3.5e-5; blank sheets' median 0."""
DRAWN_PAPER, DRAWN_INK = 0.5, 0.6
"""A picture with at least DRAWN_PAPER of its pixels of one grey level, and at least DRAWN_INK of
the rest more than half the way to black (or white), is a drawing (_drawn_paper). The 129 real
photos reach 0.5 for the second share at most (pictures whose paper was cleaned to white); a canvas's
PNG 0.95."""
SPARSE_INK = 0.0005
"""Fewer pixels than this share of the picture standing out of the paper are no ink."""
LEAST_CONTRAST = 0.12
"""Ink is at least this much darker (or lighter) than its paper: less is a shadow or a stain."""
SPECK = 0.03
"""A piece of ink smaller than this share of the largest piece is a speck."""
CORNER = 0.3
"""A piece within this share of both sides of a corner, touching both, is the corner's (see _corner)."""
SLOPE = 0.25
"""A piece with at least this share of its surroundings on its own side of its brightness is a
slope, not a stroke (see _valley)."""
GRAIN_PIECE = 0.0008
"""Ink whose largest piece is smaller than this share of the picture is grain: a stroke is longer."""
STRAY, NEAR = 0.2, 0.25
"""A piece smaller than STRAY of the largest is kept only within NEAR of the digit's extent of it."""
LYING = 0.03
"""A piece touching the edge for at least this share of it, and for half its own extent that way,
lies along the edge: a wedge of table or background at the border, not a stroke that reaches it."""
BORDER = 0.15
"""A piece wholly within this share of the picture's side from an edge is the border's (_at_the_border)."""
SMALLEST = 0.06
"""Ink whose extent is less than this share of the picture's longer side is grain, not a digit."""
BOXLIKE = 0.88
"""An outline round the other pieces whose inside fills this share of its smallest turned rectangle
is a box drawn round the digit (a box fills about all of it, the ring of a 0 pi/4)."""
EDGE = 0.3
"""A piece that runs along the picture's edge for this share of it is the sheet's or a table's edge
(a digit that touches the edge touches it briefly)."""


@dataclass(frozen=True)
class Ink:
    """What ``find_ink`` found, each picture at the working size (h, w), float32:

    picture:  the picture as grey levels 0 (black) .. 1 (white)
    flat:     the picture with the light removed: paper is 1 (dark ink) or 0 (light ink)
    contrast: every pixel's ink before the pieces were sorted, 0 .. 1
    ink:      the digit's strokes only, 0 (paper) .. 1 (full ink), or None: no ink at all
    paper:    the paper's colour, (r, g, b) 0..255, to show the picture on
    dark_ink: True when the ink is darker than the paper
    """

    picture: np.ndarray
    flat: np.ndarray
    contrast: np.ndarray
    ink: np.ndarray | None
    paper: tuple
    dark_ink: bool


def find_ink(image):
    """The ink of a picture of paper: an ``Ink`` (see the module docstring).

    image: uint8 (h, w) grey levels or (h, w, 3) RGB, 0 black .. 255 white.
    """
    from scipy import ndimage

    rgb = _working(np.asarray(image))
    grey = rgb.mean(axis=2)
    side = max(grey.shape)
    scale = max(3, int(round(side * LIGHT_SCALE)))
    drawn = _drawn_paper(rgb, grey)
    if drawn is not None:                   # a drawing: its paper is one colour, lit by nothing
        dark = bool(grey.mean() < drawn.mean())
        light = np.broadcast_to(drawn, rgb.shape)
    else:
        dark = _dark_ink(grey, scale)
        light = np.stack([_light(rgb[..., c], scale, dark) for c in range(rgb.shape[2])], axis=2)
    light = np.maximum(light, 1e-3)
    if dark:
        relative = np.clip(rgb / light, 0.0, 1.0)          # paper 1, ink darker
        contrast = 1.0 - relative.min(axis=2)
        flat = relative.mean(axis=2)
    else:
        relative = np.clip((rgb - light) / np.maximum(1.0 - light, 1e-3), 0.0, 1.0)   # paper 0, ink lighter
        contrast = relative.max(axis=2)
        flat = relative.mean(axis=2)
    contrast = contrast.astype(np.float32)
    paper = tuple(int(round(float(np.median(light[..., c])) * 255)) for c in range(light.shape[2]))
    if len(paper) == 1:
        paper = paper * 3

    split = _split(contrast)
    if split is None:
        return Ink(grey.astype(np.float32), flat.astype(np.float32), contrast, None, paper, dark)
    threshold, paper_level, ink_level = split
    strength = np.clip((contrast - paper_level) / max(ink_level - paper_level, 1e-3), 0.0, 1.0).astype(np.float32)
    mask = contrast > threshold
    labels, count = ndimage.label(mask, structure=np.ones((3, 3), bool))
    keep = _strokes(labels, count, mask.shape, grey, photo=drawn is None)
    if not keep:
        return Ink(grey.astype(np.float32), flat.astype(np.float32), contrast, None, paper, dark)
    kept = np.isin(labels, keep)
    # the anti-aliased edges of the kept strokes belong to them too
    near = ndimage.binary_dilation(kept, structure=np.ones((3, 3), bool), iterations=2)
    ink = np.where(near, strength, 0.0).astype(np.float32)
    return Ink(grey.astype(np.float32), flat.astype(np.float32), contrast, ink, paper, dark)


def paper_colour(image):
    """The colour around a picture, (r, g, b) 0..255: the median of its border pixels, what to show
    around it when it is fitted into a square (its own paper, never white bars on grey paper)."""
    a = np.asarray(image)
    a = a[..., None] if a.ndim == 2 else a[..., :3]
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    colour = tuple(int(v) for v in np.median(border, axis=0))
    return colour * 3 if len(colour) == 1 else colour


def _drawn_paper(rgb, grey):
    """The paper's colour (channels,) when the picture is a drawing, not a photo, else None.

    A drawing made on a computer (a paint program, a canvas saved as PNG, a scan cleaned to
    white) has paper of one exact colour (DRAWN_PAPER of it), and what is not paper is mostly
    full ink (DRAWN_INK), not the grain, shadows and soft edges of a photo. Its light needs no
    estimate, and must not have one: a blob of ink wider than the closing (a small digit drawn
    with a wide brush) would be taken for a shadow."""
    levels = np.round(grey * 255).astype(np.int32)
    counts = np.bincount(levels.ravel(), minlength=256)
    mode = int(np.argmax(counts))
    if counts[mode] < DRAWN_PAPER * levels.size:
        return None
    paper = levels == mode
    if not paper.all() and np.mean(np.abs(grey[~paper] - mode / 255.0) > 0.5) < DRAWN_INK:
        return None
    return rgb[paper].mean(axis=0)


def _working(a):
    """The picture as float32 (h, w, channels) 0..1, shrunk near WORK_SIDE; one channel for grey."""
    if a.ndim == 2:
        a = a[..., None]
    a = a[..., :3].astype(np.float32) / 255.0
    factor = max(1, int(round(max(a.shape[:2]) / WORK_SIDE)))
    if factor > 1:
        h, w = (a.shape[0] // factor) * factor, (a.shape[1] // factor) * factor
        a = a[:h, :w].reshape(h // factor, factor, w // factor, factor, -1).mean(axis=(1, 3))
    return a


def _dark_ink(grey, scale):
    """True when the ink is darker than the paper. Ink is thin strokes: they stand out of the
    paper's median (_heavier_tail). At ``scale``, strokes wider than half of it are the median
    themselves; at twice the scale a shadow's edge is followed less well: so the ink is light only
    when both say so. A blank sheet, where neither has strokes to see, is read as dark ink: its
    shadows are darker than the paper, and dark ink's rules know a shadow's edge from a stroke."""
    return _heavier_tail(grey, scale) or _heavier_tail(grey, 2 * scale)


def _heavier_tail(grey, scale):
    """Less the median at ``scale`` (which takes no side, follows a shadow's edge, and is the
    paper between strokes too), the picture is about 0 on paper; thin strokes stand out of it
    below (dark ink: True) or above. The two tails beyond the paper's grain (3 robust spreads)
    are weighed, squared (a stroke stands out further than the rim of a shadow the median could
    not follow), leaving out the outer band (BORDER) where the sheet's and the table's edges are.
    Light strokes must stand out at least LIGHT_STROKES: less is the glare of a blank sheet."""
    relative = grey - _light(grey, scale, None)
    h, w = relative.shape
    relative = relative[int(BORDER * h):h - int(BORDER * h), int(BORDER * w):w - int(BORDER * w)]
    spread = 1.4826 * float(np.median(np.abs(relative - np.median(relative))))
    darker = np.square(np.clip(-relative - 3 * spread, 0.0, None)).mean()
    lighter = np.square(np.clip(relative - 3 * spread, 0.0, None)).mean()
    return darker >= lighter or lighter < LIGHT_STROKES


def _otsu(values):
    """Otsu's threshold of values in 0..1: the split that makes the two classes most distinct."""
    histogram, edges = np.histogram(values, bins=256, range=(0.0, 1.0))
    centres = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * centres)
    total = weight[-1]
    between = (mean[-1] * weight - mean * total) ** 2 / np.maximum(weight * (total - weight), 1)
    return float(edges[int(np.argmax(between)) + 1])


def _light(channel, scale, dark):
    """The paper's brightness under the ink in one channel (h, w): a closing at ``scale`` (an
    opening for light ink, a median when ``dark`` is None: which ink is not known yet), computed
    on a picture shrunk by ``scale // 6`` and smoothed."""
    from scipy import ndimage

    step = max(1, scale // 6)
    h, w = channel.shape
    small = channel[:h - h % step or h, :w - w % step or w]
    if step > 1:
        hh, ww = small.shape[0] // step, small.shape[1] // step
        small = small[:hh * step, :ww * step].reshape(hh, step, ww, step).mean(axis=(1, 3))
    size = max(3, int(round(scale / step)) | 1)
    if dark is None:
        background = ndimage.median_filter(small, size=(size, size), mode="nearest")
    elif dark:
        background = ndimage.grey_closing(small, size=(size, size), mode="nearest")
    else:
        background = ndimage.grey_opening(small, size=(size, size), mode="nearest")
    if step > 1:
        background = ndimage.zoom(background, (h / background.shape[0], w / background.shape[1]), order=1,
                                  mode="nearest", grid_mode=True)
        background = background[:h, :w]
        if background.shape != channel.shape:
            background = np.pad(background, ((0, h - background.shape[0]), (0, w - background.shape[1])),
                                mode="edge")
    return background


def _split(contrast):
    """(threshold, paper level, ink level) that tell ink from paper, or None when there is no ink.

    Otsu's threshold splits the contrast into two classes; they are paper and ink only if the
    ink stands out of the paper's grain (GRAIN spreads) by at least LEAST_CONTRAST. The paper
    level is the paper's mean plus two spreads (its grain stays 0), the ink level the ink's
    median (full ink from there up).
    """
    values = contrast.ravel()
    threshold = _otsu(values)
    paper, ink = values[values <= threshold], values[values > threshold]
    if len(ink) == 0 or len(paper) == 0:
        return None
    paper_mean = float(paper.mean())
    spread = float(paper.std())
    ink_level = float(np.median(ink))
    if ink_level - paper_mean >= max(LEAST_CONTRAST, GRAIN * spread):
        return max(threshold, paper_mean + 3 * spread), paper_mean + 2 * spread, ink_level
    # a thin pen on a large sheet is too small a share of the pixels for two even-handed classes:
    # then the paper is the median and its grain the robust spread (1.4826 median absolute deviations)
    paper_level = float(np.median(values))
    spread = 1.4826 * float(np.median(np.abs(values - paper_level)))
    threshold = paper_level + max(2 * LEAST_CONTRAST, 2 * GRAIN * spread)
    ink = values[values > threshold]
    if len(ink) < SPARSE_INK * len(values):
        return None
    return threshold, paper_level + 2 * spread, float(np.median(ink))


def _strokes(labels, count, shape, grey, photo=True):
    """The labels of the pieces that are the digit's strokes (see the module docstring, step 3).
    A drawing (not ``photo``) has no sheet's or table's edge: a piece at its border is a stroke."""
    from scipy import ndimage

    if count == 0:
        return []
    h, w = shape
    index = np.arange(1, count + 1)
    areas = ndimage.sum_labels(np.ones(shape), labels, index)
    boxes = ndimage.find_objects(labels)
    # how far each piece runs along the picture's edge (its outer two pixels), as a share of that
    # edge (along) and of the piece's own extent that way (lying)
    along = np.zeros(count + 1)
    lying = np.zeros(count + 1)
    extent_x = np.array([0] + [b[1].stop - b[1].start for b in boxes], float)
    extent_y = np.array([0] + [b[0].stop - b[0].start for b in boxes], float)
    for strips, length, extent in (((labels[0], labels[1]), w, extent_x), ((labels[-1], labels[-2]), w, extent_x),
                                   ((labels[:, 0], labels[:, 1]), h, extent_y),
                                   ((labels[:, -1], labels[:, -2]), h, extent_y)):
        touching = np.maximum(*(np.bincount(strip, minlength=count + 1) for strip in strips)).astype(float)
        along = np.maximum(along, touching / length)
        lying = np.maximum(lying, np.where(touching >= LYING * length, touching / np.maximum(extent, 1), 0))
    pieces = [(int(label), float(area), box[0].start, box[0].stop, box[1].start, box[1].stop)
              for label, area, box in zip(index, areas, boxes)
              if not photo or (along[label] < EDGE and lying[label] < 0.5 and not _at_the_border(box, shape))]
    pieces = [p for p in pieces if _valley(labels, p, grey)]
    if not pieces:
        return []
    largest = max(p[1] for p in pieces)
    if largest < GRAIN_PIECE * h * w:
        return []                                               # grain everywhere, no stroke
    big = [p for p in pieces if p[1] >= SPECK * largest]
    others = [p for p in big if not _frames(p, big, labels)] or big     # a box drawn round the digit
    others = _near_the_digit(others)
    top, bottom = min(p[2] for p in others), max(p[3] for p in others)
    left, right = min(p[4] for p in others), max(p[5] for p in others)
    if max(bottom - top, right - left) < SMALLEST * max(h, w):
        return []                                               # grain, a speck: no digit
    return [p[0] for p in others]


def _at_the_border(box, shape):
    """True when a piece lies wholly within the picture's outer band (BORDER of a side) or in a
    corner, touching both its sides there. That is where a photo has the sheet's and the table's
    edges, its dark corners, the fill of a picture turned by a few degrees, and where the light
    cannot be estimated from both sides; a digit someone photographs reaches further in."""
    (top, bottom), (left, right) = (box[0].start, box[0].stop), (box[1].start, box[1].stop)
    h, w = shape
    if bottom <= BORDER * h or top >= (1 - BORDER) * h or right <= BORDER * w or left >= (1 - BORDER) * w:
        return True
    vertical = (top == 0 and bottom <= CORNER * h) or (bottom == h and top >= (1 - CORNER) * h)
    horizontal = (left == 0 and right <= CORNER * w) or (right == w and left >= (1 - CORNER) * w)
    return vertical and horizontal


def _valley(labels, piece, grey):
    """True when a piece is darker (or lighter, for light ink) than what lies around it: a stroke
    is a valley in the picture's brightness, with paper on both sides; the edge of a shadow that
    the light estimate could not follow is a slope, darker on one side."""
    from scipy import ndimage

    label, _, top, bottom, left, right = piece
    pad = 4
    t, b, l, r = max(top - pad, 0), bottom + pad, max(left - pad, 0), right + pad
    inside = labels[t:b, l:r] == label
    ring = ndimage.binary_dilation(inside, iterations=3) & ~(labels[t:b, l:r] > 0)
    if not ring.any():
        return True
    values = grey[t:b, l:r]
    level = float(np.median(values[inside]))
    darker = np.count_nonzero(values[ring] <= level) / np.count_nonzero(ring)
    brighter = np.count_nonzero(values[ring] >= level) / np.count_nonzero(ring)
    return min(darker, brighter) < SLOPE


def _near_the_digit(pieces):
    """The pieces without small ones far from the rest: a dot of dirt a digit's width away is not
    the digit's (a small piece near it, the dot of a stroke the pen lifted from, is)."""
    main = [p for p in pieces if p[1] >= STRAY * max(q[1] for q in pieces)]
    top, bottom = min(p[2] for p in main), max(p[3] for p in main)
    left, right = min(p[4] for p in main), max(p[5] for p in main)
    reach = NEAR * max(bottom - top, right - left)
    return [p for p in pieces if p in main or (p[3] >= top - reach and p[2] <= bottom + reach
                                              and p[5] >= left - reach and p[4] <= right + reach)]


def _frames(piece, pieces, labels):
    """True when ``piece`` is a thin outline whose box contains every other piece, and the outline
    is a box: the ring of a 0 round the slash some people write through it is not."""
    label, area, top, bottom, left, right = piece
    box_area = (bottom - top) * (right - left)
    if box_area == 0 or area > 0.3 * box_area or len(pieces) < 2:
        return False
    inside = all(top <= p[2] and p[3] <= bottom and left <= p[4] and p[5] <= right
                 for p in pieces if p[0] != label)
    return inside and _rectangularity(labels[top:bottom, left:right] == label) >= BOXLIKE


def _rectangularity(outline):
    """How much of the smallest rectangle round an outline, turned to any angle, the outline's
    convex hull fills: about 1 for a box (however it is turned, and if a side has a gap), pi/4
    for an ellipse."""
    from scipy.spatial import ConvexHull, QhullError

    y, x = np.nonzero(outline)
    corners = np.concatenate([np.stack([x + dx, y + dy], axis=1) for dx in (0, 1) for dy in (0, 1)])
    try:
        hull = ConvexHull(corners)
    except QhullError:                      # a line: no area
        return 0.0
    points = corners[hull.vertices].astype(float)
    angles = np.deg2rad(np.arange(0.0, 90.0, 1.0))
    u = np.outer(np.cos(angles), points[:, 0]) + np.outer(np.sin(angles), points[:, 1])
    v = np.outer(-np.sin(angles), points[:, 0]) + np.outer(np.cos(angles), points[:, 1])
    return float(hull.volume / (np.ptp(u, axis=1) * np.ptp(v, axis=1)).min())
