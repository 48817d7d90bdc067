"""The drawing canvas: a square of white paper you draw on with a round black brush.

As in Qt's painter example, strokes are painted into a QImage in the input
handlers and ``paintEvent`` only copies that image to the screen. The
backing store is 8-bit grey (the network reads grey, and handing it over is
then a plain copy) and has the device pixel ratio, so strokes are sharp on
HiDPI screens. Strokes are also kept as point lists in units of the canvas side
(0..1), which makes undo, resizing and a changed brush width exact.

Public API: ``clear()``, ``undo()``, ``image()``, ``draw_stroke(points)``,
``set_picture(image)``, ``brush_width``/``set_brush_width()``, and the
``changed`` signal (emitted after every stroke segment, clear, undo...). The
canvas knows nothing of the network.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from network.data.drawing import BRUSH, BRUSH_RANGE, CANVAS_SIDE, reading_brush
from network.i18n import tr

from ..language import Retranslatable


class Canvas(Retranslatable, QWidget):
    """A square drawing surface; see the module docstring."""

    changed = Signal()
    pictureDropped = Signal(str)          # a file dropped on the canvas (the window opens it)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setMinimumSize(CANVAS_SIDE, CANVAS_SIDE)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._strokes: list[list[QPointF]] = []   # in units of the side, 0..1
        self._current: list[QPointF] | None = None
        self._picture: QImage | None = None       # an opened image, under the strokes
        self._paper = QColor(Qt.GlobalColor.white)  # what is around it: its own paper
        self._brush = 1.0                          # factor of the default width
        self._image = QImage()
        self._rebuild()
        self.show_texts()

    def show_texts(self):
        self.setToolTip(tr("draw.canvas.tip"))

    # -- public API -------------------------------------------------------------
    def clear(self):
        """Remove every stroke and any opened picture."""
        self._strokes.clear()
        self._current = None
        self._picture = None
        self._rebuild()
        self.changed.emit()

    def undo(self):
        """Remove the last stroke (or, with none left, the opened picture)."""
        if self._strokes:
            self._strokes.pop()
        elif self._picture is not None:
            self._picture = None
        else:
            return
        self._rebuild()
        self.changed.emit()

    def is_empty(self):
        return not self._strokes and self._picture is None

    def has_strokes(self):
        """True when something was drawn (on the picture, if there is one)."""
        return bool(self._strokes) or self._current is not None

    def has_picture(self):
        return self._picture is not None

    def image(self):
        """A copy of what is drawn: a Grayscale8 QImage at device resolution, black ink on white."""
        return self._image.copy()

    def image_for_reading(self):
        """What the network reads: the drawing at CANVAS_SIDE pixels (as the pen digits it learned
        from were drawn), whatever size the canvas has on screen (the Inside tab shows it smaller),
        so the picture read never changes with the window; a drawing too small for the brush (see
        network.data.drawing.reading_brush) is drawn again, thinner, from its strokes."""
        self._read_up()
        strokes = self._strokes + ([self._current] if self._current else [])
        if self._picture is not None or not strokes:
            return self._reading.copy()
        xs = [p.x() for stroke in strokes for p in stroke]
        ys = [p.y() for stroke in strokes for p in stroke]
        width = BRUSH * self._brush
        thinner = reading_brush(width, max(max(xs) - min(xs), max(ys) - min(ys)) + width)
        if thinner >= width:
            return self._reading.copy()
        image = QImage(self._reading.size(), QImage.Format.Format_Grayscale8)
        image.fill(QColor(Qt.GlobalColor.white))
        self._paint_strokes(image, strokes, thinner)
        return image

    def draw_stroke(self, points):
        """Draw one stroke through ``points``, (x, y) in widget pixels, as the mouse would."""
        points = [QPointF(*p) for p in points]
        if not points:
            return
        self._begin(points[0])
        for p in points[1:]:
            self._extend(p)
        self._end()

    def set_picture(self, image: QImage, paper=None):
        """Show an opened image (fitted, centred) in place of the drawing; strokes go on top of it.
        Around it the canvas shows ``paper`` (a QColor: the picture's own background), not white."""
        self._strokes.clear()
        self._picture = image.convertToFormat(QImage.Format.Format_Grayscale8)
        self._paper = QColor(paper) if paper is not None else QColor(Qt.GlobalColor.white)
        self._rebuild()
        self.changed.emit()

    @property
    def brush_width(self):
        """The brush width as a factor of the default (which matches MNIST's stroke width)."""
        return self._brush

    def set_brush_width(self, factor):
        factor = min(max(float(factor), BRUSH_RANGE[0]), BRUSH_RANGE[1])
        if factor != self._brush:
            self._brush = factor
            self._rebuild()
            self.changed.emit()

    def brush_pixels(self):
        """The brush diameter in logical pixels at the current size."""
        return BRUSH * self._brush * self._side()

    # -- drawing ---------------------------------------------------------------
    def _side(self):
        return min(self.width(), self.height())

    def _offset(self):
        return QPointF((self.width() - self._side()) / 2, (self.height() - self._side()) / 2)

    def _to_unit(self, pos):
        p = pos - self._offset()
        side = self._side()
        return QPointF(p.x() / side, p.y() / side)

    def _pen(self, width=None):
        pen = QPen(QColor(Qt.GlobalColor.black), BRUSH * self._brush if width is None else width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _painter(self, image=None, width=None):
        image = self._image if image is None else image
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = image.width() / image.devicePixelRatio()
        painter.scale(side, side)           # paint in units of the side
        painter.setPen(self._pen(width))
        return painter

    def _paint_strokes(self, image, strokes, width=None):
        """Paint strokes (unit points) into image, segment by segment, exactly as they were drawn live."""
        painter = self._painter(image, width)
        for stroke in strokes:
            self._dot(painter, stroke[0])
            for a, b in zip(stroke, stroke[1:]):
                painter.drawLine(a, b)
        painter.end()

    def _paint_segment(self, a, b):
        """Paint a segment on screen now; what is read gets it when it is next read (one painter for
        all the segments since: the mouse never waits for the second picture)."""
        painter = self._painter()
        self._segment(painter, a, b)
        painter.end()
        self._unread.append((a, b))

    def _segment(self, painter, a, b):
        if a == b:
            self._dot(painter, a)
        else:
            painter.drawLine(a, b)

    def _read_up(self):
        """Paint the segments drawn since the last reading into what is read."""
        if self._unread:
            painter = self._painter(self._reading)
            for a, b in self._unread:
                self._segment(painter, a, b)
            painter.end()
            self._unread.clear()

    @staticmethod
    def _dot(painter, p):
        """Where a stroke starts: a disc as wide as the stroke, centred on the point. (drawPoint with
        a scaled round pen painted a larger blob, shifted right: a notch at the start of every stroke.)"""
        pen = painter.pen()
        radius = pen.widthF() / 2
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        painter.drawEllipse(p, radius, radius)
        painter.restore()

    def _rebuild(self):
        """Repaint both backing stores from the picture and the strokes (undo, brush, a picture)."""
        self._unread = []
        self._reading = self._painted(QImage(CANVAS_SIDE, CANVAS_SIDE, QImage.Format.Format_Grayscale8))
        self._rebuild_shown()

    def _rebuild_shown(self):
        """Repaint what is shown at the canvas's size on screen (also after a resize, which leaves
        what is read as it is)."""
        ratio = self.devicePixelRatioF()
        side = max(1, round(self._side() * ratio))
        image = QImage(side, side, QImage.Format.Format_Grayscale8)
        image.setDevicePixelRatio(ratio)
        self._image = self._painted(image)
        self.update()

    def _painted(self, image):
        """``image`` filled with the picture (fitted, centred, on its paper) and the strokes."""
        image.fill(self._paper if self._picture is not None else QColor(Qt.GlobalColor.white))
        if self._picture is not None:
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            logical = image.width() / image.devicePixelRatio()
            size = self._picture.size().scaled(QSize(round(logical), round(logical)),
                                               Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF((logical - size.width()) / 2, (logical - size.height()) / 2,
                            size.width(), size.height())
            painter.drawImage(target, self._picture)
            painter.end()
        if self._strokes or self._current:
            # as drawn live, so an undo gives the network the very same picture
            self._paint_strokes(image, self._strokes + ([self._current] if self._current else []))
        return image

    def _begin(self, pos):
        p = self._to_unit(pos)
        self._current = [p]
        self._paint_segment(p, p)
        self._repaint_near(p, p)
        self.changed.emit()

    def _extend(self, pos):
        if self._current is None:
            return
        p = self._to_unit(pos)
        last = self._current[-1]
        if p == last:
            return
        self._current.append(p)
        self._paint_segment(last, p)
        self._repaint_near(last, p)
        self.changed.emit()

    def _end(self):
        if self._current:
            self._strokes.append(self._current)
        self._current = None

    def _repaint_near(self, a, b):
        side = self._side()
        r = self.brush_pixels() / 2 + 2
        o = self._offset()
        rect = QRectF(QPointF(min(a.x(), b.x()) * side, min(a.y(), b.y()) * side) + o,
                      QPointF(max(a.x(), b.x()) * side, max(a.y(), b.y()) * side) + o)
        self.update(rect.adjusted(-r, -r, r, r).toAlignedRect())

    # -- Qt events ---------------------------------------------------------------
    def hasHeightForWidth(self):
        return True

    def heightForWidth(self, width):
        return width

    def sizeHint(self):
        return QSize(CANVAS_SIDE + 40, CANVAS_SIDE + 40)

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.drawImage(self._offset(), self._image)
        painter.setPen(QColor(180, 180, 180))
        side = self._side()
        painter.drawRect(QRectF(self._offset(), QSize(side - 1, side - 1)))
        painter.end()

    def resizeEvent(self, event):
        self._rebuild_shown()
        super().resizeEvent(event)

    def mousePressEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event):
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()
        event.accept()

    def tabletEvent(self, event):
        """A pen: the same strokes, at the tablet's sub-pixel precision."""
        kind = event.type()
        if kind == event.Type.TabletPress:
            self._begin(event.position())
        elif kind == event.Type.TabletMove and self._current is not None:
            self._extend(event.position())
        elif kind == event.Type.TabletRelease:
            self._extend(event.position())
            self._end()
        event.accept()

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.pictureDropped.emit(url.toLocalFile())
                event.acceptProposedAction()
                return
