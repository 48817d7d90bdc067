"""The main window: composes the tabs, menus and status bar, and wires them. Nothing else."""
from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QSaveFile, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTabWidget

from network.errors import DigitsError

from .active_network import ActiveNetwork
from .draw_tab import DrawTab
from .text import as_sentence
from .train_tab import TrainTab

WEIGHT_FILTER = "Digits weights (*.npz);;All files (*)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;All files (*)"


class MainWindow(QMainWindow):
    """``MainWindow(weights_path=None)``: the Draw and Train tabs over one active network.

    Weights come from ``weights_path``, else the file used last time, else
    the bundled ones. Window state is kept in QSettings.
    """

    def __init__(self, weights_path=None, settings=None):
        super().__init__()
        self.setWindowTitle("Digits")
        self.setWindowIcon(_icon())
        self.settings = settings if settings is not None else QSettings()
        self.active = ActiveNetwork(self)
        self.draw_tab = DrawTab()
        self.train_tab = TrainTab(self.settings)
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.addTab(self.draw_tab, "Draw")
        self.tabs.addTab(self.train_tab, "Train")
        self.setCentralWidget(self.tabs)
        self._make_actions()
        self._make_menus()
        self._connect_signals()
        self._restore_state()
        self._load_initial_weights(weights_path)

    # -- building ------------------------------------------------------------------
    def _make_actions(self):
        def action(text, slot, shortcut=None, tip=""):
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.setStatusTip(tip)
            a.setToolTip(tip or text)
            a.triggered.connect(lambda checked=False: slot())
            return a

        self.open_weights_action = action("&Open weights…", self.open_weights, QKeySequence.StandardKey.Open,
                                          "Load a network's weights from an .npz file.")
        self.save_weights_action = action("&Save weights as…", self.save_weights, QKeySequence.StandardKey.Save,
                                          "Save the network in use to an .npz file.")
        self.restore_action = action("&Restore bundled weights", self.restore_bundled, None,
                                     "Go back to the network that ships with Digits.")
        self.open_image_action = action("Open &image…", self.open_image, "Ctrl+I",
                                        "Recognise a digit in a picture file.")
        self.export_action = action("&Export drawing as PNG…", self.export_drawing, "Ctrl+E",
                                    "Save what is on the canvas as a PNG picture.")
        self.quit_action = action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.about_action = action("&About Digits", self.about)

    def _make_menus(self):
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.open_image_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        weights_menu = self.menuBar().addMenu("&Weights")
        weights_menu.addActions([self.open_weights_action, self.save_weights_action, self.restore_action])
        self.menuBar().addMenu("&Help").addAction(self.about_action)
        toolbar = self.addToolBar("Weights")
        toolbar.setObjectName("weightsToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.open_weights_action, self.save_weights_action, self.restore_action])
        toolbar.addSeparator()
        toolbar.addAction(self.open_image_action)

    def _connect_signals(self):
        self.active.changed.connect(lambda: self.draw_tab.set_network(self.active.network))
        self.active.changed.connect(lambda: self.statusBar().showMessage(self.active.describe()))
        self.active.changed.connect(self._remember_weights)
        self.draw_tab.canvas.pictureDropped.connect(self.open_image)
        self.draw_tab.brushChanged.connect(lambda v: self.settings.setValue("brushWidth", v))
        self.train_tab.useNetwork.connect(self._use_trained)
        self.train_tab.saveNetwork.connect(self._save_trained)

    # -- weights -------------------------------------------------------------------
    def _load_initial_weights(self, path):
        remembered = self.settings.value("lastWeights", "", str)
        for candidate in (path, remembered):
            if candidate:
                try:
                    self.active.load(candidate)
                    return
                except DigitsError as e:
                    if candidate == path:
                        QTimer.singleShot(0, lambda e=e: self.error("Could not open the weights", str(e)))
        self.active.load_bundled()

    def _remember_weights(self):
        self.settings.setValue("lastWeights", str(self.active.path) if self.active.path else "")

    def open_weights(self, path=None):
        """Load weights from ``path`` (asks when None); a bad file changes nothing and says why."""
        path = path or self._ask_open("Open weights", WEIGHT_FILTER)
        if not path:
            return False
        try:
            self.active.load(path)
        except DigitsError as e:
            self.error("Could not open the weights", str(e))
            return False
        return True

    def save_weights(self, path=None):
        """Save the network in use to ``path`` (asks when None)."""
        path = path or self._ask_save("Save weights", "weights.npz", WEIGHT_FILTER)
        if not path:
            return False
        if not Path(path).suffix:
            path = f"{path}.npz"
        try:
            self.active.save(path)
        except DigitsError as e:
            self.error("Could not save the weights", str(e))
            return False
        self.statusBar().showMessage(f"Saved the weights to {path}", 5000)
        return True

    def restore_bundled(self):
        self.active.load_bundled()

    def _use_trained(self, network, metadata):
        self.active.use(network, metadata)
        self.tabs.setCurrentWidget(self.draw_tab)

    def _save_trained(self, network, metadata):
        path = self._ask_save("Save the trained network", "trained.npz", WEIGHT_FILTER)
        if not path:
            return
        from network import weights

        try:
            weights.save(network, path if Path(path).suffix else f"{path}.npz", **metadata)
        except DigitsError as e:
            self.error("Could not save the weights", str(e))
            return
        self.statusBar().showMessage(f"Saved the trained network to {path}", 5000)

    # -- pictures ----------------------------------------------------------------------
    def open_image(self, path=None):
        """Put a picture file on the canvas, where it is recognised like a drawing."""
        path = path or self._ask_open("Open an image of a digit", IMAGE_FILTER)
        if not path:
            return False
        image = QImage(path)
        if image.isNull():
            self.error("Could not open the image", f"{Path(path).name} is not an image Digits can read.")
            return False
        self.tabs.setCurrentWidget(self.draw_tab)
        self.draw_tab.canvas.set_picture(image)
        return True

    def export_drawing(self, path=None):
        """Save the canvas as a PNG file (written atomically)."""
        path = path or self._ask_save("Export the drawing", "digit.png", "PNG images (*.png)")
        if not path:
            return False
        if not path.lower().endswith(".png"):
            path += ".png"
        out = QSaveFile(path)
        ok = out.open(QSaveFile.OpenModeFlag.WriteOnly) and self.draw_tab.canvas.image().save(out, "PNG")
        if not (ok and out.commit()):
            out.cancelWriting()
            self.error("Could not export the drawing", f"could not write {path}: {out.errorString()}.")
            return False
        return True

    # -- dialogs -------------------------------------------------------------------------
    def _ask_open(self, title, filters):
        path, _ = QFileDialog.getOpenFileName(self, title, self.settings.value("lastFolder", "", str), filters)
        if path:
            self.settings.setValue("lastFolder", str(Path(path).parent))
        return path

    def _ask_save(self, title, name, filters):
        folder = self.settings.value("lastFolder", "", str)
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(folder) / name) if folder else name, filters)
        if path:
            self.settings.setValue("lastFolder", str(Path(path).parent))
        return path

    def error(self, title, sentence):
        """Show a one-sentence problem in a window-modal box (does not block the caller)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, as_sentence(sentence),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorDialog")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def about(self):
        QMessageBox.about(self, "About Digits",
                          "<b>Digits</b><br>A three-layer neural network written by hand in numpy, "
                          "after Tariq Rashid's <i>Make Your Own Neural Network</i>.<br>"
                          "MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges (CC BY-SA 3.0).")

    # -- state -------------------------------------------------------------------------
    def _restore_state(self):
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 780)
        self.draw_tab.set_brush_width(self.settings.value("brushWidth", 1.0, float))

    def showEvent(self, event):
        super().showEvent(event)
        QTimer.singleShot(200, self._settle)

    def _settle(self):
        """Just after the window appears: build the Train tab's plots (0.4 s of imports the
        start should not pay), then exempt everything alive from garbage collection. A
        full collection scans every object (Qt wrappers, pyqtgraph, numpy) and stalled the
        event loop ~60 ms when training's allocations set one off; frozen, it scans only
        what was made since."""
        self.train_tab.plots.ensure_built()
        gc.collect()
        gc.freeze()

    def closeEvent(self, event):
        if not self.train_tab.may_close():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)


def _icon():
    from importlib import resources

    path = resources.files("resources").joinpath("icon.png")
    return QIcon(str(path)) if path.is_file() else QIcon()
