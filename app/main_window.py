"""The main window: composes the tabs, menus and status bar over one active network, and wires them.

    ActiveNetwork   the network in use (app/active_network.py)
    DrawTab         draw and see the answer (app/draw_tab.py)
    InsideTab       the same drawing inside the network (app/inside_tab.py)
    TrainTab        train a new network (app/train_tab.py)
    FileDialogs     every file dialog, remembering the last folder (app/dialogs.py)

The window's own methods are the menu commands; each is a few lines that
hand over to one of the above.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSaveFile, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from network import weights
from network.errors import DigitsError
from network.images import read_picture

from .active_network import ActiveNetwork
from .dialogs import IMAGE_FILTER, PNG_FILTER, WEIGHT_FILTER, FileDialogs, show_problem
from .draw_tab import DrawTab
from .image_adapter import array_to_qimage
from .inside_tab import InsideTab
from .train_tab import TrainTab

PREPARE_DELAY_MS = 200


class MainWindow(QMainWindow):
    """``MainWindow(settings=None, loaded=None)``: the Draw and Train tabs over one active network.

    The network in use is ``loaded`` = (network, metadata, path) when given
    (the command line loaded it), else the file used last time, else the
    bundled one. ``prepared`` fires once, soon after the window first
    appears, when everything costly has been built.
    """

    prepared = Signal()

    def __init__(self, settings=None, loaded=None):
        super().__init__()
        self.setWindowTitle("Digits")
        self.setWindowIcon(_icon())
        self.settings = settings if settings is not None else QSettings()
        self._prepared = False
        self.active = ActiveNetwork(self)
        self.dialogs = FileDialogs(self, self.settings)
        self.draw_tab = DrawTab()
        self.inside_tab = InsideTab()
        self.train_tab = TrainTab(self.settings, self.dialogs)
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.addTab(self.draw_tab, "Draw")
        self.tabs.addTab(self.inside_tab, "Inside")
        self.tabs.addTab(self.train_tab, "Train")
        self.setCentralWidget(self.tabs)
        self._make_actions()
        self._make_menus()
        self._connect_signals()
        self._restore_state()
        self._put_first_network_in_use(loaded)

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
        self.active.changed.connect(lambda: self.inside_tab.set_network(self.active.network, self.active.metadata))
        self.active.changed.connect(lambda: self.statusBar().showMessage(self.active.describe()))
        self.active.changed.connect(self._remember_weights)
        self.draw_tab.pictureDropped.connect(self.open_image)
        self.draw_tab.brushChanged.connect(lambda v: self.settings.setValue("brushWidth", v))
        self.draw_tab.predicted.connect(self.inside_tab.show_prediction)
        self.inside_tab.applyStep.connect(self.active.apply_step)
        self.inside_tab.revertStep.connect(self._revert_steps)
        self.train_tab.useNetwork.connect(self._use_trained)
        self.train_tab.saveNetwork.connect(self._save_trained)
        self.tabs.currentChanged.connect(self._tab_shown)

    # -- weights -------------------------------------------------------------------
    def _put_first_network_in_use(self, loaded):
        """The network the command line loaded, else the file used last time, else the bundled one."""
        if loaded is not None:
            self.active.set(*loaded)
            return
        remembered = self.settings.value("lastWeights", "", str)
        if remembered:
            try:
                self.active.load(remembered)
                return
            except DigitsError:
                pass            # moved or deleted since: the bundled weights, without a fuss
        self.active.load_bundled()

    def _remember_weights(self):
        self.settings.setValue("lastWeights", str(self.active.path) if self.active.path else "")

    def open_weights(self, path=None):
        """Load weights from ``path`` (asks when None); a bad file changes nothing and says why."""
        path = path or self.dialogs.open_file("Open weights", WEIGHT_FILTER)
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
        path = path or self.dialogs.save_file("Save weights", "weights.npz", WEIGHT_FILTER, ".npz")
        if not path:
            return False
        try:
            self.active.save(path)
        except DigitsError as e:
            self.error("Could not save the weights", str(e))
            return False
        self.statusBar().showMessage(f"Saved the weights to {path}", 5000)
        return True

    def restore_bundled(self):
        self.active.load_bundled()

    def _revert_steps(self):
        self.active.revert()
        self.inside_tab.step_reverted()

    def _tab_shown(self, index):
        """The canvas goes with the user: the Inside tab shows it too."""
        if self.tabs.widget(index) is self.inside_tab:
            self.inside_tab.hold_drawing_area(self.draw_tab.lend_drawing_area())
        else:
            self.draw_tab.take_back_drawing_area()

    def _use_trained(self, network, metadata):
        self.active.set(network, metadata, origin="trained network")
        self.tabs.setCurrentWidget(self.draw_tab)

    def _save_trained(self, network, metadata):
        path = self.dialogs.save_file("Save the trained network", "trained.npz", WEIGHT_FILTER, ".npz")
        if not path:
            return
        try:
            weights.save(network, path, **metadata)
        except DigitsError as e:
            self.error("Could not save the weights", str(e))
            return
        self.statusBar().showMessage(f"Saved the trained network to {path}", 5000)

    # -- pictures ----------------------------------------------------------------------
    def open_image(self, path=None):
        """Put a picture file on the canvas, where it is recognised like a drawing."""
        path = path or self.dialogs.open_file("Open an image of a digit", IMAGE_FILTER)
        if not path:
            return False
        try:
            grey = read_picture(path)
        except DigitsError as e:
            self.error("Could not open the image", str(e))
            return False
        self.tabs.setCurrentWidget(self.draw_tab)
        self.draw_tab.set_picture(array_to_qimage(grey))
        return True

    def export_drawing(self, path=None):
        """Save the canvas as a PNG file (written atomically)."""
        path = path or self.dialogs.save_file("Export the drawing", "digit.png", PNG_FILTER, ".png")
        if not path:
            return False
        out = QSaveFile(path)
        ok = out.open(QSaveFile.OpenModeFlag.WriteOnly) and self.draw_tab.drawing().save(out, "PNG")
        if not (ok and out.commit()):
            out.cancelWriting()
            self.error("Could not export the drawing", f"could not write {path}: {out.errorString()}.")
            return False
        return True

    # -- messages ----------------------------------------------------------------------
    def error(self, title, sentence):
        """Show a one-sentence problem in a window-modal box (does not block the caller)."""
        return show_problem(self, title, sentence)

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
        if not self._prepared:
            self._prepared = True
            QTimer.singleShot(PREPARE_DELAY_MS, self.prepare)

    def prepare(self):
        """Just after the window first appears: build what opening it should not wait for
        (the Train tab's plots: 0.4 s of imports), then say so (``prepared``)."""
        self.train_tab.prepare()
        self.prepared.emit()

    def closeEvent(self, event):
        if not self.train_tab.may_close():
            event.ignore()
            return
        self.draw_tab.stop_timers()
        self.inside_tab.stop_work()
        self.statusBar().clearMessage()             # its timer would fire into a closed window
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)


def _icon():
    from importlib import resources

    path = resources.files("resources").joinpath("icon.png")
    return QIcon(str(path)) if path.is_file() else QIcon()
