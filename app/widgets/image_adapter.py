"""The thin seam between Qt images and numpy arrays. No maths here: see network.data.preprocess."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def qimage_to_array(image: QImage) -> np.ndarray:
    """A greyscale uint8 array (height, width), copied out of any QImage (no conversion for Grayscale8)."""
    grey = image if image.format() == QImage.Format.Format_Grayscale8 else \
        image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), np.uint8, count=grey.sizeInBytes())
    return rows.reshape(grey.height(), grey.bytesPerLine())[:, :grey.width()].copy()


def array_to_qimage(array: np.ndarray) -> QImage:
    """A Grayscale8 QImage (owning its pixels) from a 2-D uint8 array."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    h, w = array.shape
    return QImage(array.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """An RGB888 QImage (owning its pixels) from a (height, width, 3) uint8 array."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
