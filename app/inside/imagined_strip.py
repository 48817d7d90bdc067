"""What the network imagines: one picture per digit that makes its output for that digit high."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from network.i18n import percent, tr

from ..language import Retranslatable
from ..widgets import colour_scale
from ..widgets.array_view import ArrayView

METHODS = ("ascent", "backquery")


class ImaginedStrip(Retranslatable, QWidget):
    """``show_imagined(imagined)`` (an app.jobs.Imagined), ``show_busy(done, total)``,
    ``show_problem(sentence)``; ``methodChosen(name)`` when the user picks a method."""

    methodChosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("imaginedStrip")
        self.method_text = QLabel()
        self.method = QComboBox(objectName="imagineMethodCombo")
        self.method.addItems(["", ""])
        self.note = QLabel(objectName="imagineNote")
        self.note.setWordWrap(True)
        self.views = [ArrayView(pixel=2) for _ in range(10)]
        self.captions = [QLabel() for _ in range(10)]
        top = QHBoxLayout()
        top.addWidget(self.method_text)
        top.addWidget(self.method)
        top.addStretch(1)
        grid = QGridLayout()
        for k, (view, caption) in enumerate(zip(self.views, self.captions)):
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            caption.setWordWrap(True)
            grid.addWidget(view, 0, k)
            grid.addWidget(caption, 1, k)
        grid.setRowStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(self.note)
        self.method.activated.connect(lambda index: self.methodChosen.emit(METHODS[index]))
        self._imagined = None
        self._status = ("idle",)
        self.show_texts()

    def current_method(self):
        return METHODS[self.method.currentIndex()]

    def show_texts(self):
        self.method_text.setText(tr("inside.imagine.method"))
        self.method.setItemText(0, tr("inside.imagine.ascent"))
        self.method.setItemText(1, tr("inside.imagine.backquery"))
        self.method.setToolTip(tr("inside.imagine.method.tip"))
        imagined = self._imagined
        for k, caption in enumerate(self.captions):
            if imagined is None:
                caption.setText(str(k))
            else:
                caption.setText(tr("inside.imagine.read", read=int(imagined.read_as[k]),
                                   confidence=percent(float(imagined.confidence[k]), 0)))
            self.views[k].setToolTip(tr("inside.imagine.picture.tip", digit=k))
        kind = self._status[0]
        if kind == "busy":
            self.note.setText(tr("inside.imagine.busy", done=self._status[1], total=self._status[2]))
        elif kind == "problem":
            self.note.setText(self._status[1])
        elif imagined is not None:
            self.note.setText(tr(f"inside.imagine.note.{imagined.method}"))
        else:
            self.note.setText("")

    def show_imagined(self, imagined):
        self._imagined, self._status = imagined, ("done",)
        self.method.setCurrentIndex(METHODS.index(imagined.method))
        for view, picture in zip(self.views, imagined.pictures):
            view.set_picture(colour_scale.stored(picture))
        self.show_texts()

    def show_busy(self, done, total):
        self._status = ("busy", done, total)
        self.show_texts()

    def show_problem(self, sentence):
        self._status = ("problem", sentence)
        self._imagined = None
        for view in self.views:
            view.set_picture(None)
        self.show_texts()
