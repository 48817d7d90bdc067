"""The Draw tab: the canvas and its controls on the left, the network's answer on the right."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from network.data.drawing import BRUSH_RANGE
from network.data.paper import paper_colour
from network.i18n import number, tr
from network.pixels import picture_from_ink
from network.reading import read_drawing, read_picture

from ..language import Retranslatable, set_text
from ..widgets.image_adapter import array_to_qimage, qimage_to_array, rgb_to_qimage
from .canvas import Canvas
from .correction_bar import CorrectionBar
from .prediction_view import PredictionView
from .predictor import LivePredictor


class DrawTab(Retranslatable, QWidget):
    """Composes the canvas, the live predictor and the prediction view.

    For the window: ``set_network``, ``set_picture(pixels)``, ``drawing()``
    (the canvas as a QImage), ``set_brush_width``; signals ``brushChanged``,
    ``pictureDropped(path)`` and ``predicted(Reading)``. The canvas with its
    controls (``drawing_area``) can be lent to another tab (``lend_drawing_area``)
    and taken back (``take_back_drawing_area``): the Inside tab shows it too.
    """

    brushChanged = Signal(float)
    pictureDropped = Signal(str)
    predicted = Signal(object)
    exampleGiven = Signal(object, int)      # the drawing's 28x28 picture (uint8) and the digit it shows

    def __init__(self, parent=None):
        super().__init__(parent)
        self.canvas = Canvas()
        self.view = PredictionView()
        self.correction = CorrectionBar()
        self.predictor = LivePredictor(self._read, parent=self)
        self._picture = None                # an opened picture file's pixels, read as `digits predict` reads them

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.request = QLabel(objectName="askLabel")      # while Digits asks: "Draw a 4 (3 of 20): ..."
        self.request.setWordWrap(True)
        font = self.request.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.request.setFont(font)
        self.request.hide()
        self._request, self._asked = None, None
        self.clear_button = QPushButton(objectName="clearButton")
        self.undo_button = QPushButton(objectName="undoButton")
        self.brush = QSlider(Qt.Orientation.Horizontal, objectName="brushSlider")
        self.brush.setRange(int(BRUSH_RANGE[0] * 100), int(BRUSH_RANGE[1] * 100))
        self.brush.setValue(100)
        self.brush.setMaximumWidth(140)
        self.brush_label = QLabel()

        controls = QHBoxLayout()
        controls.addWidget(self.clear_button)
        controls.addWidget(self.undo_button)
        controls.addStretch(1)
        controls.addWidget(self.brush_label)
        controls.addWidget(self.brush)

        self.drawing_area = QWidget(objectName="drawingArea")
        area = QVBoxLayout(self.drawing_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.addWidget(self.canvas, 1)
        area.addLayout(controls)
        self._left = QVBoxLayout()
        self._left.addWidget(self.hint)
        self._left.addWidget(self.request)
        self._left.addWidget(self.drawing_area, 1)
        right = QVBoxLayout()
        right.addWidget(self.view, 1)
        right.addWidget(self.correction)
        layout = QHBoxLayout(self)
        layout.addLayout(self._left, 3)
        layout.addLayout(right, 2)

        # on the drawing area, so they work wherever it is shown, and only there
        for key in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_Delete)):
            QShortcut(key, self.drawing_area, self.canvas.clear)
        QShortcut(QKeySequence.StandardKey.Undo, self.drawing_area, self.canvas.undo)
        for k in range(10):                 # the digit keys say "It's a k", like the buttons
            QShortcut(QKeySequence(str(k)), self.drawing_area, lambda k=k: self.give_example(k))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):   # while Digits asks: "here is the digit you asked for"
            QShortcut(QKeySequence(key), self.drawing_area, self.give_asked)

        self.clear_button.clicked.connect(self.canvas.clear)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.brush.valueChanged.connect(lambda v: self.canvas.set_brush_width(v / 100))
        self.brush.valueChanged.connect(lambda v: self.brushChanged.emit(v / 100))
        self.brush.valueChanged.connect(lambda v: self._show_brush())
        self.canvas.changed.connect(self._canvas_changed)
        self.canvas.pictureDropped.connect(self.pictureDropped)
        self.predictor.predicted.connect(self.view.show_prediction)
        self.predictor.predicted.connect(self.predicted)
        self.predictor.predicted.connect(self._remember)
        self.correction.chosen.connect(self.give_example)
        self._prediction = None
        self.show_texts()

    def show_texts(self):
        self.hint.setText(tr("draw.hint"))
        self.request.setText(str(self._request) if self._request is not None else "")
        set_text(self.clear_button, "draw.clear", "draw.clear.tip")
        set_text(self.undo_button, "draw.undo", "draw.undo.tip")
        self._show_brush()
        self.brush.setToolTip(tr("draw.brush.tip"))

    def _show_brush(self):
        self.brush_label.setText(tr("draw.brush", factor=number(self.brush.value() / 100, 2)))

    def set_network(self, network):
        self.predictor.set_network(network)

    def _remember(self, prediction):
        self._prediction = prediction
        self.correction.set_answer(prediction.guess)

    def give_example(self, digit):
        """Keep the current drawing as an example of ``digit`` (``exampleGiven``); nothing when blank."""
        p = self._prediction
        if p is not None and p.picture is not None:
            self.exampleGiven.emit(picture_from_ink(p.picture), digit)

    def show_request(self, text, digit):
        """Digits asks (a session of the Teach tab): ``text`` big above the canvas, and Enter gives the
        drawing as the ``digit`` asked (None: teaching the last one, nothing asked yet); (None, None):
        no more asking."""
        self._request, self._asked = text, digit
        self.request.setVisible(text is not None)
        self.hint.setVisible(text is None)
        self.show_texts()

    def give_asked(self):
        if self._asked is not None:
            self.give_example(self._asked)

    def show_example_kept(self, digit, count):
        """The drawing was kept as an example: say so, and clear the canvas for the next one (drawn
        over the kept one, the next would be a mix of both; pressed again, a copy of the same)."""
        self.correction.show_saved(digit, count)
        self.canvas.clear()

    def set_picture(self, picture):
        """Show an opened picture file's pixels (uint8 grey (h, w) or RGB (h, w, 3), as
        network.data.pictures.read_picture(path, colour=True) reads them) on the canvas, around it its
        own paper; it is read exactly as `digits predict` reads the file, until something is drawn on it."""
        self._picture = picture
        image = rgb_to_qimage(picture) if picture.ndim == 3 else array_to_qimage(picture)
        self.canvas.set_picture(image, QColor(*paper_colour(picture)))

    def _canvas_changed(self):
        if not self.canvas.has_picture():
            self._picture = None
        if self.canvas.has_strokes() or self.canvas.has_picture():
            self.correction.forget_saved()          # the next drawing has started
        self.predictor.schedule()

    def _read(self, network):
        """What the network reads on the canvas (a network.reading.Reading): the opened picture as
        its file holds it, a picture drawn on as a picture of paper, or the drawing."""
        if self._picture is not None and not self.canvas.has_strokes():
            return read_picture(network, self._picture)
        if self.canvas.has_picture():
            return read_picture(network, qimage_to_array(self.canvas.image_for_reading()))
        return read_drawing(network, qimage_to_array(self.canvas.image_for_reading()))

    def drawing(self):
        """What is on the canvas: a Grayscale8 QImage, black ink on white."""
        return self.canvas.image()

    def lend_drawing_area(self):
        """The canvas and its controls, for another tab to show (it takes them into its layout)."""
        return self.drawing_area

    def take_back_drawing_area(self):
        if self._left.indexOf(self.drawing_area) < 0:
            self._left.addWidget(self.drawing_area, 1)
            self.drawing_area.show()

    def stop_timers(self):
        """The window is closing: no prediction is pending any more."""
        self.predictor.cancel()

    def set_brush_width(self, factor):
        self.brush.setValue(int(round(float(factor) * 100)))
