"""SteadyTabWidget: a new text on a page repaints that text, not the whole window; a page that
grows still makes room."""
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.widgets.steady_tabs import SteadyTabWidget


class PaintCounter(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _window(qtbot, tabs_class):
    window = QWidget()
    tabs = tabs_class()
    page = QWidget()
    label = QLabel("0.00", page)
    other = QLabel("a neighbour that does not change")
    column = QVBoxLayout(page)
    column.addWidget(label)
    column.addWidget(other)
    column.addStretch(1)
    tabs.addTab(page, "page")
    tabs.addTab(QWidget(), "another")
    QVBoxLayout(window).addWidget(tabs)
    qtbot.addWidget(window)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, tabs, label, other


@pytest.mark.parametrize("tabs_class, whole_repainted", [(QTabWidget, True), (SteadyTabWidget, False)])
def test_a_new_number_repaints_only_itself(qtbot, tabs_class, whole_repainted):
    # plain QTabWidget is the control: it repaints its tab bar and every page widget on each new
    # text, which is what made the Inside tab's updates cost twice as much
    window, tabs, label, other = _window(qtbot, tabs_class)
    label.setText("9.99")                               # the first request places everything
    qtbot.wait(20)
    counters = {w: PaintCounter() for w in (tabs.tabBar(), other)}
    for widget, counter in counters.items():
        widget.installEventFilter(counter)
    for value in ("1.25", "3.50", "0.75"):             # same width: nothing to lay out again
        label.setText(value)
        qtbot.wait(20)
    assert [c.count > 0 for c in counters.values()] == [whole_repainted] * 2, [c.count for c in counters.values()]


def test_a_page_that_grows_still_gets_room(qtbot):
    window, tabs, label, _ = _window(qtbot, SteadyTabWidget)
    label.setText("a much longer text that needs far more room than the window had at first " * 2)
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() >= label.sizeHint().width(), timeout=2000)
    qtbot.waitUntil(lambda: window.width() >= label.sizeHint().width(), timeout=2000)
    assert label.width() >= label.sizeHint().width()
