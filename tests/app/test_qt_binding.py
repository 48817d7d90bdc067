"""Guards against a Qt binding that breaks the window under training.

PySide6 6.12.0 loses references to None (and True/False) when a Python
paintEvent runs while another thread executes Python: the window crashed
with "deallocating None" a few seconds into training. pyproject.toml keeps
PySide6 below 6.12; this test fails if a broken release slips back in.
"""
import gc
import sys
import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QWidget


class _Painted(QWidget):
    def paintEvent(self, event):
        painter = QPainter(self)
        painter.drawLine(0, 0, 10, 10)
        painter.end()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: nothing to count")
def test_python_paint_beside_a_busy_thread_keeps_reference_counts(qtbot):
    widget = _Painted()
    qtbot.addWidget(widget)
    widget.show()
    stop = threading.Event()

    def busy():
        a = np.ones((64, 256), np.float32)
        while not stop.is_set():
            _ = a @ a.T          # numpy releasing and taking the GIL, as training does
            [None] * 10

    worker = threading.Thread(target=busy)
    # Windows closed by earlier tests are deleted at the next pass of the event
    # loop, and that frees their references to None (1,800 after test_draw.py):
    # let it happen before counting, or those frees count as losses.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    before = sys.getrefcount(None)
    worker.start()
    try:
        end = time.perf_counter() + 0.6
        while time.perf_counter() < end:
            widget.repaint()
            qtbot.wait(1)
    finally:
        stop.set()
        worker.join()
    lost = before - sys.getrefcount(None)
    print("lost", lost)
    assert lost < 200           # a broken binding loses thousands a second (over a thousand here)
