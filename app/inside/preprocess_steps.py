"""The way from a drawing to the network's 784 inputs, as pictures: ink found, cropped,
fitted into 20 x 20, centred in 28 x 28, read as 784 numbers. For a picture of paper (an opened
photo) two steps come first: the picture as it is, and with its light removed."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from network.i18n import number, tr
from network.pixels import SIDE

from ..language import Retranslatable
from ..widgets import colour_scale
from ..widgets.array_view import ArrayView

BOX = 20


class PreprocessSteps(Retranslatable, QWidget):
    """``show_stages(stages, inputs)`` with a network.data.preprocess.Stages and the (784,) inputs (None: blank)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("preprocessSteps")
        self.paper_views = [ArrayView(pixel=2) for _ in range(2)]     # a photo: the picture, the light removed
        self.views = [ArrayView(pixel=2) for _ in range(5)]
        self.views[4].set_describe(lambda row, col, value: tr("inside.steps.input_value", index=row * SIDE + col + 1,
                                                               row=row + 1, col=col + 1, value=number(value, 2)))
        self.paper_captions = [QLabel() for _ in range(2)]
        self.captions = [QLabel() for _ in range(5)]
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        self._paper_widgets = []
        self._stages = self._inputs = None
        views, captions = self.paper_views + self.views, self.paper_captions + self.captions
        for i, (view, caption) in enumerate(zip(views, captions)):
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            caption.setWordWrap(True)
            layout.addWidget(view, 0, 2 * i)
            layout.addWidget(caption, 1, 2 * i)
            arrow = None
            if i < len(views) - 1:
                arrow = QLabel("→")
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                layout.addWidget(arrow, 0, 2 * i + 1)
            if i < 2:
                self._paper_widgets += [view, caption, arrow]
        self._show_paper(None)
        self.show_texts()

    def show_texts(self):
        for caption, view, key in zip(self.paper_captions, self.paper_views, ("inside.steps.picture",
                                                                                "inside.steps.light")):
            caption.setText(tr(key))
            view.setToolTip(tr(key + ".tip"))
        keys = ("inside.steps.found", "inside.steps.cropped", "inside.steps.fitted", "inside.steps.centred",
                "inside.steps.inputs")
        for caption, view, key in zip(self.captions, self.views, keys):
            caption.setText(tr(key))
            view.setToolTip(tr(key + ".tip"))

    def _show_paper(self, paper):
        """The two steps of a picture of paper (a network.data.paper.Ink), hidden for a drawing."""
        for widget in self._paper_widgets:
            widget.setVisible(paper is not None)
        if paper is not None:
            self.paper_views[0].set_picture(colour_scale.brightness(paper.picture))
            self.paper_views[1].set_picture(colour_scale.brightness(paper.flat if paper.dark_ink else 1.0 - paper.flat))

    def shown_stages(self):
        """The network.data.preprocess.Stages on show (None: nothing drawn)."""
        return self._stages

    def shown_inputs(self):
        """The 784 inputs on show in the last step (None: nothing drawn)."""
        return self._inputs

    def show_stages(self, stages, inputs):
        """Show how preprocessing made ``inputs`` (784,): the Stages the answer was read from."""
        self._stages, self._inputs = stages, None if inputs is None else np.asarray(inputs)
        self._show_paper(None if stages is None else stages.paper)
        if stages is None:
            for view in self.views:
                view.set_picture(None)
            return
        top, left, bottom, right = stages.box
        self.views[0].set_picture(colour_scale.ink(stages.ink), box=stages.box)
        self.views[1].set_picture(colour_scale.ink(stages.ink[top:bottom, left:right]))
        framed = np.zeros((BOX, BOX), np.float32)
        h, w = min(stages.fitted.shape[0], BOX), min(stages.fitted.shape[1], BOX)
        y, x = (BOX - h) // 2, (BOX - w) // 2
        framed[y:y + h, x:x + w] = stages.fitted[:h, :w]
        self.views[2].set_picture(colour_scale.ink(framed))
        self.views[3].set_picture(colour_scale.ink(stages.centred), marker=stages.centre)
        self.views[4].set_picture(colour_scale.ink(stages.centred), values=np.asarray(inputs).reshape(SIDE, SIDE))
