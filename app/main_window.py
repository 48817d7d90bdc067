"""The main window: composes the tabs, menus and status bar over one active network, and wires them.

    ActiveNetwork   the network in use (app/active_network.py)
    DrawTab         draw and see the answer (app/draw_tab.py)
    InsideTab       the same drawing inside the network (app/inside_tab.py)
    TrainTab        train a new network (app/train_tab.py)
    TeachTab        the person's own examples; teach the network their handwriting (app/teach_tab.py)
    FileDialogs     every file dialog, remembering the last folder (app/dialogs.py)

The window's own methods are the menu commands; each is a few lines that
hand over to one of the above. View → Language switches every text at once
(app/language.py) and is remembered (QSettings key ``language``).
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from network import i18n
from network.data.drawing import BRUSH_RANGE
from network.data.pictures import read_picture
from network.errors import DigitsError, SystemReason
from network.i18n import Text, tr
from network.storage import weights
from network.storage.files import atomic_write

from . import language, saved_settings
from .active_network import ActiveNetwork, kept_path
from .draw.tab import DrawTab
from .inside.tab import InsideTab
from .language import Retranslatable
from .teach.tab import TeachTab
from .train.tab import TrainTab
from .widgets.dialogs import IMAGE_FILTER, PNG_FILTER, WEIGHT_FILTER, WEIGHTS_PLACE, FileDialogs, confirm, show_problem
from .widgets.steady_tabs import SteadyTabWidget

PREPARE_DELAY_MS = 200
KEEP_DELAY_MS = 1000
"""A network made or changed here is kept on disk this long after it changes (a burst of training
steps is written once), so a crash loses nothing; closing writes it at once if it is still due."""


class MainWindow(Retranslatable, QMainWindow):
    """``MainWindow(settings=None, loaded=None)``: the Draw, Inside, Train and Teach tabs over one active network.

    The network in use is ``loaded`` = (network, metadata, path) when given
    (the command line loaded it), else the file used last time, else the
    bundled one. ``prepared`` fires once, soon after the window first
    appears, when everything costly has been built.
    """

    prepared = Signal()

    def __init__(self, settings=None, loaded=None):
        super().__init__()
        self.setWindowIcon(_icon())
        self.settings = settings if settings is not None else QSettings()
        self._prepared = False
        self._status = ("", 0, "")      # the status bar's message: (text to render, timeout, as shown)
        # which weights are in use: a permanent part of the status bar, which a menu's status tip
        # or a passing message never replaces
        self.weights_line = QLabel(objectName="weightsLine")
        self.statusBar().addPermanentWidget(self.weights_line, 1)
        self.active = ActiveNetwork(self)
        self._keep_timer = QTimer(self, singleShot=True, interval=KEEP_DELAY_MS)
        self._keep_timer.timeout.connect(self._keep_quietly)
        self.dialogs = FileDialogs(self, self.settings)
        self.draw_tab = DrawTab()
        self.inside_tab = InsideTab()
        self.train_tab = TrainTab(self.settings, self.dialogs)
        self.teach_tab = TeachTab(self.dialogs, data_source=self.train_tab.data_source)
        self.tabs = SteadyTabWidget(objectName="tabs")
        self.tabs.addTab(self.draw_tab, "")
        self.tabs.addTab(self.inside_tab, "")
        self.tabs.addTab(self.train_tab, "")
        self.tabs.addTab(self.teach_tab, "")
        self.setCentralWidget(self.tabs)
        self._make_actions()
        self._make_menus()
        self._connect_signals()
        self._restore_state()
        self._put_first_network_in_use(loaded)
        self.show_texts()

    # -- building ------------------------------------------------------------------
    def _make_actions(self):
        self._texts = {}            # action -> (id of its text, id of its tip or None)

        def action(text, slot, shortcut=None, tip=None):
            a = QAction(self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(lambda checked=False: slot())
            self._texts[a] = (text, tip)
            return a

        self.open_weights_action = action("menu.open_weights", self.open_weights, QKeySequence.StandardKey.Open,
                                          "menu.open_weights.tip")
        self.save_weights_action = action("menu.save_weights", self.save_weights, QKeySequence.StandardKey.Save,
                                          "menu.save_weights.tip")
        self.restore_action = action("menu.restore", self.restore_bundled, None, "menu.restore.tip")
        self.open_image_action = action("menu.open_image", self.open_image, "Ctrl+I", "menu.open_image.tip")
        self.export_action = action("menu.export", self.export_drawing, "Ctrl+E", "menu.export.tip")
        self.quit_action = action("menu.quit", self.close, QKeySequence.StandardKey.Quit)
        self.about_action = action("menu.about", self.about)
        self.language_actions = QActionGroup(self)
        for code, name in i18n.LANGUAGES.items():      # each language's name in its own language
            a = self.language_actions.addAction(name)
            a.setCheckable(True)
            a.setData(code)
            a.triggered.connect(lambda checked=False, code=code: self.choose_language(code))

    def _make_menus(self):
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addActions([self.open_image_action, self.export_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.weights_menu = self.menuBar().addMenu("")
        self.weights_menu.addActions([self.open_weights_action, self.save_weights_action, self.restore_action])
        self.view_menu = self.menuBar().addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(self.language_actions.actions())
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.about_action)
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("weightsToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.open_weights_action, self.save_weights_action, self.restore_action])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.open_image_action)

    def show_texts(self):
        self.setWindowTitle(tr("window.title"))
        self.tabs.setTabText(self.tabs.indexOf(self.draw_tab), tr("window.tab.draw"))
        self.tabs.setTabText(self.tabs.indexOf(self.inside_tab), tr("inside.tab.label"))
        self.tabs.setTabText(self.tabs.indexOf(self.train_tab), tr("window.tab.train"))
        self.tabs.setTabText(self.tabs.indexOf(self.teach_tab), tr("teach.tab"))
        for a, (text, tip) in self._texts.items():
            a.setText(tr(text))
            a.setIconText(_plain(tr(text)))
            a.setStatusTip(tr(tip) if tip else "")
            a.setToolTip(tr(tip) if tip else _plain(tr(text)))
        for menu, text in ((self.file_menu, "menu.file"), (self.weights_menu, "menu.weights"),
                           (self.view_menu, "menu.view"), (self.language_menu, "menu.language"),
                           (self.help_menu, "menu.help")):
            menu.setTitle(tr(text))
        self.toolbar.setWindowTitle(tr("menu.toolbar"))
        self._check_language()
        text, timeout, shown = self._status
        if shown and self.statusBar().currentMessage() == shown:
            self.show_status(text, timeout)
        self._show_weights_line()

    def _show_weights_line(self):
        self.weights_line.setText(str(self.active.describe()) if self.active.network is not None else "")

    def _connect_signals(self):
        self.active.changed.connect(lambda: self.draw_tab.set_network(self.active.network))
        self.active.changed.connect(lambda: self.inside_tab.set_network(self.active.network, self.active.metadata))
        self.active.changed.connect(self._show_weights_line)
        self.active.changed.connect(self._remember_weights)
        self.active.changed.connect(self._keep_timer.start)
        self.draw_tab.pictureDropped.connect(self.open_image)
        self.draw_tab.brushChanged.connect(lambda v: self.settings.setValue("brushWidth", v))
        self.draw_tab.predicted.connect(self.inside_tab.show_prediction)
        self.inside_tab.applyStep.connect(self.active.apply_step)
        self.inside_tab.revertStep.connect(self._revert_steps)
        self.train_tab.useNetwork.connect(self._use_trained)
        self.train_tab.saveNetwork.connect(self._save_trained)
        self.active.changed.connect(lambda: self.teach_tab.set_network(
            self.active.network, self.active.metadata, self.active.source_name(), self.active.can_undo_taught()))
        self.active.changed.connect(lambda: self.inside_tab.set_taught_from(self.active.taught_from()))
        self.draw_tab.exampleGiven.connect(self._keep_example)
        self.teach_tab.asking.connect(self._show_request)
        self.teach_tab.useTaught.connect(self.active.use_taught)
        self.teach_tab.undoTaught.connect(self.active.undo_taught)
        self.teach_tab.saveTaught.connect(self._save_trained)
        self.tabs.currentChanged.connect(self._tab_shown)

    # -- weights -------------------------------------------------------------------
    def _put_first_network_in_use(self, loaded):
        """The network the command line loaded, else the one in use last time (its file, or the one
        kept on closing), else the bundled one."""
        if loaded is not None:
            self.active.set(*loaded)
            return
        remembered = saved_settings.value(self.settings, "lastWeights", "", str)
        problem = None
        if remembered:
            kept = Path(remembered) == kept_path()
            try:
                self.active.load(remembered, Text("status.origin.kept") if kept else None)
                return
            except DigitsError as e:
                # a file moved or deleted since: the bundled weights, without a fuss; but the kept
                # network exists nowhere else, so losing it is said
                problem = e if kept else None
        self.active.load_bundled()
        if problem is not None:
            self.show_status(Text("status.kept_unreadable", reason=problem))

    def started_again(self, request):
        """Digits was started again while this window is open (app.one_window): come to the front,
        open the weights that start named, and say why there is no second window."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        self.show_status(Text("status.started_again"), 8000)
        weights_path = request.get("weights")
        if isinstance(weights_path, str) and weights_path:
            self.open_weights(weights_path)

    def _remember_weights(self):
        self.settings.setValue("lastWeights", str(self.active.path) if self.active.path else "")

    def open_weights(self, path=None):
        """Load weights from ``path`` (asks when None); a bad file changes nothing and says why."""
        path = path or self.dialogs.open_file(tr("dialog.open_weights"), tr(WEIGHT_FILTER), place=WEIGHTS_PLACE)
        if not path:
            return False
        try:
            self.active.load(path)
        except DigitsError as e:
            self.error(tr("dialog.open_weights.failed"), e)
            return False
        return True

    def save_weights(self, path=None):
        """Save the network in use to ``path`` (asks when None)."""
        path = path or self.dialogs.save_file(tr("dialog.save_weights"), self.active.file_name(), tr(WEIGHT_FILTER),
                                              ".npz", place=WEIGHTS_PLACE)
        if not path:
            return False
        try:
            self.active.save(path)
        except DigitsError as e:
            self.error(tr("dialog.save_weights.failed"), e)
            return False
        self.show_status(Text("status.saved_weights", path=path), 5000)
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
        self.active.set(network, metadata, origin=Text("status.origin.trained"))
        self.tabs.setCurrentWidget(self.draw_tab)

    def _show_request(self, text, digit):
        """The Teach tab's session asks: on the Draw tab, where the drawing is made."""
        if text is not None and digit is not None and self.tabs.currentWidget() is self.teach_tab:
            self.tabs.setCurrentWidget(self.draw_tab)
        self.draw_tab.show_request(text, digit)

    def _keep_example(self, picture, digit):
        count = self.teach_tab.add_example(picture, digit)
        if count is not None:
            self.draw_tab.show_example_kept(digit, count)

    def _save_trained(self, network, metadata):
        shape = "-".join(map(str, network.sizes))
        path = self.dialogs.save_file(tr("dialog.save_trained"), f"digits-{shape}-trained.npz", tr(WEIGHT_FILTER),
                                      ".npz", place=WEIGHTS_PLACE)
        if not path:
            return
        try:
            weights.save(network, path, **metadata)
        except DigitsError as e:
            self.error(tr("dialog.save_weights.failed"), e)
            return
        self.show_status(Text("status.saved_trained", path=path), 5000)

    # -- pictures ----------------------------------------------------------------------
    def open_image(self, path=None):
        """Put a picture file on the canvas, where it is recognised like a drawing."""
        path = path or self.dialogs.open_file(tr("dialog.open_image"), tr(IMAGE_FILTER))
        if not path:
            return False
        try:
            pixels = read_picture(path, colour=True)
        except DigitsError as e:
            self.error(tr("dialog.open_image.failed"), e)
            return False
        self.tabs.setCurrentWidget(self.draw_tab)
        self.draw_tab.set_picture(pixels)
        return True

    def export_drawing(self, path=None):
        """Save the canvas as a PNG file (written atomically)."""
        path = path or self.dialogs.save_file(tr("dialog.export"), "digit.png", tr(PNG_FILTER), ".png")
        if not path:
            return False
        png = QByteArray()
        buffer = QBuffer(png)
        buffer.open(QBuffer.OpenModeFlag.WriteOnly)
        self.draw_tab.drawing().save(buffer, "PNG")
        buffer.close()
        try:        # as every save: atomic, and never over a device, a pipe or a link
            atomic_write(path, lambda f: f.write(png.data()))
        except OSError as e:
            self.error(tr("dialog.export.failed"), Text("error.export.write", path=path, reason=SystemReason(e)))
            return False
        return True

    # -- messages ----------------------------------------------------------------------
    def error(self, title, sentence):
        """Show a one-sentence problem in a window-modal box (does not block the caller)."""
        return show_problem(self, title, sentence)

    def show_status(self, text, timeout=0):
        """Show ``text`` (a Text, or any object whose str() is the message) in the status bar,
        for ``timeout`` ms (0: until the next message); it follows a change of language."""
        shown = str(text)
        self._status = (text, timeout, shown)
        self.statusBar().showMessage(shown, timeout)

    def about(self):
        """Help → About: what Digits is, its version and licence, and where the user's data lives."""
        QMessageBox.about(self, tr("about.title"), about_text())

    # -- language ----------------------------------------------------------------------
    def choose_language(self, code):
        """View → Language: every text in ``code`` from now on, remembered for the next start;
        if no installed font can show it, the status bar says so and nothing changes."""
        if not language.can_show(code):
            self.show_status(language.no_font(code))
            self._check_language()
            return False
        language.apply(code)
        self.settings.setValue(language.SETTING, code)
        return True

    def _check_language(self):
        for a in self.language_actions.actions():
            a.setChecked(a.data() == i18n.language())

    # -- state -------------------------------------------------------------------------
    def _restore_state(self):
        geometry = saved_settings.value(self.settings, "geometry", None, QByteArray)
        if geometry is None or not self.restoreGeometry(geometry):
            if geometry is not None:
                saved_settings.say_unusable(self.settings, "geometry", None)
            self.resize(1100, 780)
        self.draw_tab.set_brush_width(saved_settings.value(self.settings, "brushWidth", 1.0, float,
                                                           saved_settings.finite_within(*BRUSH_RANGE)))

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
        if not self.train_tab.may_close() or not self._keep_network():
            event.ignore()
            return
        self.draw_tab.stop_timers()
        self.inside_tab.stop_work()
        self.teach_tab.stop_work()
        self.statusBar().clearMessage()             # its timer would fire into a closed window
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)

    def _keep_quietly(self):
        """A moment after the network in use changed: keep it if it is on no file (ActiveNetwork.
        keep_if_needed), without a word; if that fails, closing tries again and asks."""
        try:
            self._keep_network_now()
        except DigitsError:
            pass

    def _keep_network_now(self):
        path = self.active.keep_if_needed()
        if path is not None:
            self.settings.setValue("lastWeights", str(path))

    def _keep_network(self):
        """On closing: keep a network that is on no file for the next start, if that is still due.
        False when keeping failed and the person chose not to close."""
        self._keep_timer.stop()
        try:
            self._keep_network_now()
        except DigitsError as e:
            return confirm(self, tr("keep.failed.title"), tr("keep.failed.question", reason=str(e)))
        return True


def _plain(text):
    """A menu text as a toolbar button or a tooltip shows it: no '&' marks ('(&O)' in Chinese), no '…'."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "").replace("…", "").strip()


def _icon():
    from importlib import resources

    path = resources.files("resources").joinpath("icon.png")
    return QIcon(str(path)) if path.is_file() else QIcon()


def about_text():
    """The About box's text (rich text): the version from the package's metadata, the licence and
    the user data folder."""
    import html
    from importlib.metadata import PackageNotFoundError, version

    from network.storage.files import user_data_dir

    try:
        installed = version("digits")
    except PackageNotFoundError:                # run from a source folder that was never installed
        installed = "?"
    return tr("about.text", version=html.escape(installed), licence="MIT",
              folder=html.escape(str(user_data_dir())))
