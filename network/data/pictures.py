"""Picture files a user gives: read any format Pillow knows into grey levels, or say why not.

``read_picture(path)`` serves ``digits predict``, ``digits explain`` and the
window's Open image (and a picture dropped on the canvas). Whatever the file
(huge, 16-bit, CMYK, palette, animated, transparent, truncated, a
decompression bomb, not a picture at all) the answer is a 2-D uint8 array or
a ``PictureError`` with one sentence.

``grey(image)`` turns a Pillow image of any mode into uint8 grey levels:
transparent areas become paper (white), unless the ink is light on a
transparent background, in which case the ink is where the alpha is.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import PictureError, SystemReason
from ..i18n import Number, Text

MAX_PIXELS = 50_000_000
"""Larger pictures are refused from their header, before anything is decoded (50 megapixels)."""

MAX_SIDE = 2048
"""Larger pictures are reduced to this side (keeping the aspect ratio): the
network reads 28 x 28 pixels, and the window need not hold a 50 MP copy."""


def read_picture(path, colour=False):
    """The picture in file ``path`` as grey levels: uint8 (height, width), 0 black .. 255 white; with
    ``colour``, a colour picture as uint8 (height, width, 3) RGB (a grey one stays grey).

    It is turned upright as its EXIF orientation says (a phone's photo taken
    sideways). Animated pictures give their first frame. Raises PictureError
    (one sentence naming the file) when the file is missing, not a picture,
    too large, damaged or in a colour mode without a grey equivalent.
    """
    path = Path(path)
    name = path.name
    if path.is_dir():
        raise PictureError(Text("error.picture.folder", name=name))
    try:
        source = _stream_bytes(path, name) if path.exists() and not path.is_file() else path
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise PictureError(Text("error.picture.too_many_pixels", name=name, width=Number(width),
                                            height=Number(height), megapixels=MAX_PIXELS // 1_000_000))
                image.seek(0)
                image.draft("RGB" if colour else "L", (MAX_SIDE, MAX_SIDE))   # JPEG: decode at a reduced size
                image.load()
                if max(image.size) > MAX_SIDE:
                    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BOX)
                image = ImageOps.exif_transpose(image)
                return colours(image, name) if colour else grey(image, name)
    except FileNotFoundError:
        raise PictureError(Text("error.file.not_found", path=path)) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(Text("error.picture.too_large", name=name, megapixels=MAX_PIXELS // 1_000_000)) from None
    except UnidentifiedImageError:
        raise PictureError(Text("error.picture.unknown", name=name)) from None
    except PermissionError as e:
        raise PictureError(Text("error.file.cannot_read", name=name, reason=SystemReason(e))) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        # Pillow says "image file is truncated", "broken data stream", ... for damaged files
        raise PictureError(Text("error.picture.damaged", name=name)) from None


MAX_STREAM_BYTES = 200_000_000
"""From a pipe or a device (``digits predict /dev/stdin``) at most this much is read: a picture of
MAX_PIXELS pixels, uncompressed with its alpha. More is refused, never read without end."""


def _stream_bytes(path, name):
    """A pipe's or a device's bytes (at most MAX_STREAM_BYTES) as a file object for Pillow."""
    import io

    with open(path, "rb") as stream:
        data = stream.read(MAX_STREAM_BYTES + 1)
    if len(data) > MAX_STREAM_BYTES:
        raise PictureError(Text("error.picture.stream_too_large", name=name,
                                megabytes=Number(MAX_STREAM_BYTES // 1_000_000)))
    return io.BytesIO(data)


def grey(image, name=None):
    """uint8 (height, width) grey levels of a Pillow image of any mode (see the module docstring)."""
    mode = image.mode
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        return _wide_to_grey(np.asarray(image))
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in image.info):
        return _flatten_alpha(image.convert("RGBA"))
    try:
        if mode not in ("1", "L", "P", "RGB"):
            image = image.convert("RGB")          # CMYK, YCbCr, LAB, HSV, ...
        return np.asarray(image.convert("L")).copy()
    except (ValueError, OSError):
        raise PictureError(Text("error.picture.colour_mode", name=name or Text("error.picture.the_picture"),
                                mode=mode)) from None


def colours(image, name=None):
    """uint8 (height, width, 3) RGB of a Pillow colour image, transparent areas on white paper
    (light ink on nothing: its grey levels, as ``grey``); (height, width) grey levels for the rest."""
    mode = image.mode
    if mode in ("RGB", "CMYK", "YCbCr", "LAB", "HSV") or (mode == "P" and "transparency" not in image.info
                                                          and image.palette and image.palette.mode == "RGB"):
        try:
            return np.asarray(image.convert("RGB")).copy()
        except (ValueError, OSError):
            pass
    if mode in ("RGBA", "RGBa", "PA") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"))
        if 0 < alpha.max() and alpha.min() < 255 and np.asarray(rgba.convert("L"))[alpha > 0].mean() > 127:
            return alpha.copy()                   # light ink on a transparent background
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(white, rgba).convert("RGB")).copy()
    return grey(image, name)


def _wide_to_grey(values):
    """16- or 32-bit integer or float grey levels -> uint8: 0..1 floats and 8-bit values kept,
    16-bit values divided by 257, anything wider stretched from its minimum to its maximum."""
    floats = np.asarray(values).dtype.kind == "f"
    values = np.nan_to_num(np.asarray(values, dtype=np.float64))
    low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 0.0)
    if floats and 0.0 <= low and high <= 1.0:
        scaled = values * 255
    elif 0 <= low and high <= 255:
        scaled = values
    elif 0 <= low and high <= 65535:
        scaled = values / 257
    else:
        scaled = (values - low) * (255 / max(high - low, 1e-12))
    return np.clip(np.round(scaled), 0, 255).astype(np.uint8)


def _flatten_alpha(rgba):
    """Grey levels of an RGBA image: on white paper, or the alpha itself for light ink on nothing."""
    alpha = np.asarray(rgba.getchannel("A"))
    if 0 < alpha.max() and alpha.min() < 255 and np.asarray(rgba.convert("L"))[alpha > 0].mean() > 127:
        return alpha.copy()                       # light ink on a transparent background
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, rgba).convert("L")).copy()
