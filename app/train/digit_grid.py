"""A grid of small 28x28 digit images with captions (the misclassified test digits)."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem

from network.i18n import tr
from network.pixels import SIDE

from ..language import Retranslatable
from ..widgets.image_adapter import array_to_qimage

SCALE = 2


class DigitGrid(Retranslatable, QListWidget):
    """``show_digits(images, captions)`` with uint8 (n, 28, 28) images, ink 255 on 0."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("misclassifiedGrid")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(SIDE * SCALE, SIDE * SCALE))
        self.setGridSize(QSize(SIDE * SCALE + 16, SIDE * SCALE + 22))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.show_texts()

    def show_texts(self):
        self.setToolTip(tr("results.grid.tip"))

    def show_digits(self, images, captions):
        self.clear()
        for image, caption in zip(images, captions):
            pixmap = QPixmap.fromImage(array_to_qimage(image)).scaled(
                SIDE * SCALE, SIDE * SCALE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
            self.addItem(QListWidgetItem(QIcon(pixmap), caption))
