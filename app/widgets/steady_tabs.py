"""A QTabWidget that lays itself out again only when something it shows changed size.

QTabWidget answers every LayoutRequest from a page by placing its tab bar and
page again and repainting itself whole. A page asks whenever a label in it
gets a new text, so on the Inside tab, which writes new numbers on every
stroke, each update repainted the whole window (about half of its cost). This
one skips the request when its size, its tab bar and its page's minimum size
are all unchanged: nothing then has to be placed differently.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTabWidget


class SteadyTabWidget(QTabWidget):
    """A QTabWidget that ignores layout requests which would change nothing."""

    def __init__(self, parent=None, **kwargs):
        super().__init__(parent, **kwargs)
        self._placed = None

    def _layout_key(self):
        # Only the page shown can ask (a hidden one does not), and the others did not change, so
        # its minimum size stands for all of them (QTabWidget.minimumSizeHint() would ask every
        # page, which with the plots of the Train tab costs more than what this saves). Its size
        # hint is left out on purpose: a word-wrapped text that gets longer or shorter changes it
        # on every stroke, and the room the page has must not jump with it while the user draws.
        bar, page = self.tabBar(), self.currentWidget()
        return (self.size(), self.count(), self.currentIndex(), bar.sizeHint(), bar.isVisible(),
                None if page is None else page.minimumSizeHint())

    def event(self, event):
        if event.type() == QEvent.Type.LayoutRequest:
            key = self._layout_key()
            if key == self._placed:
                return True
            self._placed = key
        return super().event(event)
