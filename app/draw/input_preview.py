"""The 28x28 inputs the network reads, drawn large with sharp pixels (white ink on black, as MNIST)."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from network.i18n import tr
from network.pixels import SIDE, picture_from_ink

from ..language import Retranslatable
from ..widgets.image_adapter import array_to_qimage


class InputPreview(Retranslatable, QWidget):
    """Call ``set_picture(ink)`` with the (28, 28) ink the network reads (None to blank it)."""

    def __init__(self, scale=4, parent=None):
        super().__init__(parent)
        self.setObjectName("inputPreview")
        self.setFixedSize(QSize(SIDE * scale + 2, SIDE * scale + 2))
        self._image = None
        self.show_texts()

    def show_texts(self):
        self.setToolTip(tr("draw.preview.tip"))

    def set_picture(self, ink):
        self._image = None if ink is None else array_to_qimage(picture_from_ink(ink))
        self.update()

    def is_blank(self):
        """True when no picture is shown."""
        return self._image is None

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(Qt.GlobalColor.black))
        if self._image is not None:
            painter.drawImage(QRect(1, 1, self.width() - 2, self.height() - 2), self._image)
        painter.setPen(QColor(120, 120, 120))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
