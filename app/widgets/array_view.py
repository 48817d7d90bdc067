"""A small array shown as a picture with sharp pixels: hover for the exact number, click to choose.

Used for every 28 x 28 picture of the Inside view (inputs, weights,
contributions, evidence, weight changes, imagined digits) and the stages of
preprocessing. The colours come from app/colour_scale.py; the numbers shown
on hover from ``values`` and a ``describe(row, col, value)`` callback that
returns the (translated) text.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from .image_adapter import array_to_qimage, rgb_to_qimage


class ArrayView(QWidget):
    """``set_picture(rgb, values=None)`` with rgb (h, w, 3) uint8, or (h, w) uint8 grey levels;
    ``clicked(row, col)``.

    The picture keeps its aspect ratio, centred; ``pixel`` is the smallest
    size of one array cell (the widget's minimum size follows from it and
    ``shape``, the (rows, columns) expected until a picture is shown).
    """

    clicked = Signal(int, int)

    def __init__(self, pixel=4, parent=None, describe=None, shape=(28, 28)):
        super().__init__(parent)
        self.setMouseTracking(True)
        self._pixel = pixel
        self._image = None
        self._values = None
        self._describe = describe
        self._box = None            # (top, left, bottom, right) drawn as a rectangle
        self._marker = None         # (row, col) drawn as a cross
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(min(shape[1], 28) * pixel + 2, min(shape[0], 28) * pixel + 2)

    def set_picture(self, rgb, values=None, box=None, marker=None):
        """Show rgb (h, w, 3) or grey (h, w) uint8 (None: blank). values (h, w): what hovering reports."""
        image = None if rgb is None else rgb_to_qimage(rgb) if rgb.ndim == 3 else array_to_qimage(rgb)
        # in the screen's own format, painting is a plain scaled copy (no conversion per paint)
        self._image = None if image is None else image.convertToFormat(QImage.Format.Format_RGB32)
        self._values, self._box, self._marker = values, box, marker
        if self._image is not None:
            self.setMinimumSize(QSize(min(self._image.width(), 28) * self._pixel + 2,
                                      min(self._image.height(), 28) * self._pixel + 2))
        self.update()

    def set_describe(self, describe):
        self._describe = describe

    def is_blank(self):
        return self._image is None

    def sizeHint(self):
        return self.minimumSize()

    def _target(self):
        """The rectangle the picture fills (aspect ratio kept, centred)."""
        if self._image is None:
            return QRectF()
        w, h = self._image.width(), self._image.height()
        scale = min((self.width() - 2) / w, (self.height() - 2) / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def cell_centre(self, row, col):
        """The widget position of the middle of cell (row, col) (for clicks from tests and tools)."""
        target = self._target()
        w, h = self._image.width(), self._image.height()
        return QPointF(target.x() + (col + 0.5) * target.width() / w,
                       target.y() + (row + 0.5) * target.height() / h).toPoint()

    def _cell(self, pos):
        """(row, col) under a widget position, or None."""
        target = self._target()
        if self._image is None or not target.contains(pos):
            return None
        col = int((pos.x() - target.x()) / target.width() * self._image.width())
        row = int((pos.y() - target.y()) / target.height() * self._image.height())
        return min(row, self._image.height() - 1), min(col, self._image.width() - 1)

    def paintEvent(self, event):
        painter = QPainter(self)
        target = self._target()
        if self._image is not None:
            painter.drawImage(target, self._image)
            scale = target.width() / self._image.width()
            if self._box is not None:
                top, left, bottom, right = self._box
                painter.setPen(QPen(QColor(0, 150, 0), 2))
                painter.drawRect(QRectF(target.x() + left * scale, target.y() + top * scale,
                                        (right - left) * scale, (bottom - top) * scale))
            if self._marker is not None:
                row, col = self._marker
                centre = QPointF(target.x() + col * scale, target.y() + row * scale)
                painter.setPen(QPen(QColor(0, 150, 0), 2))
                painter.drawLine(centre - QPointF(5, 0), centre + QPointF(5, 0))
                painter.drawLine(centre - QPointF(0, 5), centre + QPointF(0, 5))
        painter.setPen(QColor(170, 170, 170))
        painter.drawRect(target.adjusted(-1, -1, 0, 0) if self._image is not None else
                         QRectF(0, 0, self.width() - 1, self.height() - 1))
        painter.end()

    def mouseMoveEvent(self, event):
        cell = self._cell(event.position())
        if cell is not None and self._values is not None and self._describe is not None:
            row, col = cell
            QToolTip.showText(event.globalPosition().toPoint(),
                              self._describe(row, col, float(self._values[row, col])), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event):
        cell = self._cell(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self.clicked.emit(*cell)
        super().mousePressEvent(event)
