"""Every text a person can read in the window: for the language tests."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QProgressBar,
    QTableWidget,
    QTabWidget,
    QWidget,
)


def window_texts(window):
    """(where, text) for every non-empty text of ``window`` and its widgets: texts, tooltips,
    status tips, titles, placeholders, tabs, list and combo items, table items and headers,
    progress bar formats, actions and menus, and the pyqtgraph plots' titles, axis labels
    and legends."""
    found = []

    def add(where, text):
        if text and text.strip():
            found.append((where, text))

    widgets = [window, *window.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__}:{w.objectName()}"
        add(name + ".toolTip", w.toolTip())
        add(name + ".statusTip", w.statusTip())
        add(name + ".whatsThis", w.whatsThis())
        if w.isWindow():
            add(name + ".windowTitle", w.windowTitle())
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            add(name + ".text", w.text())
        if isinstance(w, QLineEdit):
            add(name + ".placeholderText", w.placeholderText())
        if isinstance(w, QGroupBox):
            add(name + ".title", w.title())
        if isinstance(w, QMenu):
            add(name + ".title", w.title())
        if isinstance(w, QProgressBar):
            add(name + ".format", w.format())
            add(name + ".text", w.text())
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(f"{name}.tab{i}", w.tabText(i))
                add(f"{name}.tab{i}.toolTip", w.tabToolTip(i))
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(f"{name}.item{i}", w.itemText(i))
                add(f"{name}.item{i}.toolTip", w.itemData(i, Qt.ItemDataRole.ToolTipRole))
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                add(f"{name}.item{i}", w.item(i).text())
                add(f"{name}.item{i}.toolTip", w.item(i).toolTip())
        if isinstance(w, QTableWidget):
            headers = [(f"{name}.column{i}", w.horizontalHeaderItem(i)) for i in range(w.columnCount())]
            headers += [(f"{name}.row{i}", w.verticalHeaderItem(i)) for i in range(w.rowCount())]
            cells = [(f"{name}[{i},{j}]", w.item(i, j)) for i in range(w.rowCount()) for j in range(w.columnCount())]
            for where, item in headers + cells:
                if item is not None:
                    add(where, item.text())
                    add(where + ".toolTip", item.toolTip())
        if type(w).__name__ == "PlotWidget":
            plot = w.getPlotItem()
            add(name + ".title", plot.titleLabel.text)
            for side in ("left", "bottom", "top", "right"):
                axis = plot.getAxis(side)
                add(f"{name}.{side}", axis.labelText if axis.isVisible() else "")
            if plot.legend is not None:
                for _, label in plot.legend.items:
                    add(name + ".legend", label.text)
    for a in window.findChildren(QAction):
        name = f"QAction:{a.objectName() or a.text()}"
        for what in ("text", "iconText", "toolTip", "statusTip", "whatsThis"):
            add(f"{name}.{what}", getattr(a, what)())
    if isinstance(window, QMainWindow):
        add("statusBar", window.statusBar().currentMessage())
        add("weightsLine", window.weights_line.text())
    return found
