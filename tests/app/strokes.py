"""Drawing on the canvas with real mouse events, and a few digit shapes to draw."""
import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def _mouse(widget, kind, pos, buttons):
    button = Qt.MouseButton.LeftButton if kind != QMouseEvent.Type.MouseMove else Qt.MouseButton.NoButton
    point = QPointF(*pos)
    event = QMouseEvent(kind, point, widget.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def draw(widget, points):
    """Press at the first point, move through the rest holding the button, release at the last."""
    left = Qt.MouseButton.LeftButton
    _mouse(widget, QMouseEvent.Type.MouseButtonPress, points[0], left)
    for p in points[1:]:
        _mouse(widget, QMouseEvent.Type.MouseMove, p, left)
    _mouse(widget, QMouseEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)


def path(*corners, steps=12):
    """Points along straight segments between corners, in units of the canvas side (0..1)."""
    out = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:]):
        out += [(x0 + (x1 - x0) * t / steps, y0 + (y1 - y0) * t / steps) for t in range(steps)]
    return out + [corners[-1]]


def ellipse(cx, cy, rx, ry, steps=40):
    angles = np.linspace(0, 2 * np.pi, steps)
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in angles]


def on_canvas(canvas, unit_points):
    """Unit coordinates -> widget pixels on the canvas's square."""
    side = min(canvas.width(), canvas.height())
    ox, oy = (canvas.width() - side) / 2, (canvas.height() - side) / 2
    return [(ox + x * side, oy + y * side) for x, y in unit_points]


SHAPES = {
    1: [path((0.52, 0.15), (0.50, 0.85))],
    0: [ellipse(0.5, 0.5, 0.22, 0.33)],
    7: [path((0.28, 0.2), (0.72, 0.2), (0.42, 0.85))],
}
