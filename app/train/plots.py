"""Live curves: the smoothed loss per batch and the accuracies per epoch (pyqtgraph).

pyqtgraph is imported and the plots are built by ``ensure_built()``: when
the widget is first shown, or when the window calls it just after starting
(it costs 0.4 s, which opening the window should not pay). Each curve is created once. Events only append to lists; a timer hands the
lists to ``setData`` at most four times a second per plot, and never both
plots in one tick (one repaint costs 12-13 ms here). However fast the events
come, drawing costs the window little (measured before: 40 repaints a second
took half a core and stalled the event loop for over 100 ms).

A right click shows our own short menu, in the window's language: "show the
whole curve" (after zooming with the wheel or a right drag) and "copy the
picture". pyqtgraph's menu (axis ranges, mouse modes, FFT, downsampling,
export dialog) is never made: its ~60 English words are for people who
analyse data, not for a first look at learning, and it cannot follow our
language. The plots are built with it off (``enableMenu=False``), not switched
off afterwards: switching it off drops the view box's menu with
``setParent(None)``, which crashed a test run once under Python 3.10 with
PySide6 6.11 (a segmentation fault; pyqtgraph's own CI met QMenu crashes with
PySide6 on Python 3.10: its issue 2497 and pull request 2512). The scene's
"Export..." action is taken out the same way, but it is a QAction, not a menu,
and it must leave the window: it is English.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QWidget

from network.i18n import Number, tr

from ..language import Retranslatable

TICK_MS = 125      # the plots take turns, so each redraws at most every 250 ms


class TrainingPlots(Retranslatable, QWidget):
    """The loss plot (``lossPlot``) and the accuracy plot (``accuracyPlot``), side by side."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(200)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.loss_plot = self.accuracy_plot = None
        self._menu = []               # (action, text id) of the plots' right-click menus
        self.loss_curve = self.train_curve = self.test_curve = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.reset()

    def show_texts(self):
        """The titles, axis labels, legend and tooltips (once the plots are built)."""
        if self.loss_plot is None:
            return
        self.loss_plot.setTitle(tr("plot.loss"))
        self.loss_plot.setLabel("bottom", tr("plot.epoch"))
        self.loss_plot.setToolTip(tr("plot.loss.tip"))
        self.accuracy_plot.setTitle(tr("plot.accuracy"))
        self.accuracy_plot.setLabel("bottom", tr("plot.epoch"))
        self.accuracy_plot.setToolTip(tr("plot.accuracy.tip", images=Number(10000)))
        legend = self.accuracy_plot.getPlotItem().legend
        for curve, text in ((self.train_curve, tr("plot.train")), (self.test_curve, tr("plot.test"))):
            curve.opts["name"] = text
            for sample, label in legend.items:
                if sample.item is curve:
                    label.setText(text)
        legend.updateSize()
        for action, text in self._menu:
            action.setText(tr(text))

    def showEvent(self, event):
        self.ensure_built()
        self._timer.start()
        super().showEvent(event)

    def ensure_built(self):
        """Create the plot widgets (lossPlot, accuracyPlot) if that has not happened yet."""
        if self.loss_plot is None:
            self._build()

    def hideEvent(self, event):
        self._timer.stop()
        super().hideEvent(event)

    def _build(self):
        import pyqtgraph as pg

        pg.setConfigOptions(background="w", foreground="k")
        self.loss_plot = pg.PlotWidget(title=" ", enableMenu=False)
        self.loss_plot.setObjectName("lossPlot")       # PlotWidget hands keyword arguments to its PlotItem
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen("#1f77b4", width=2))
        self.loss_curve.setClipToView(True)
        self.accuracy_plot = pg.PlotWidget(title=" ", enableMenu=False)
        self.accuracy_plot.setObjectName("accuracyPlot")
        self.accuracy_plot.addLegend(offset=(-10, -10))
        self.train_curve = self.accuracy_plot.plot(pen=pg.mkPen("#ff7f0e", width=2), symbol="o",
                                                   symbolSize=6, symbolBrush="#ff7f0e", name=" ")
        self.test_curve = self.accuracy_plot.plot(pen=pg.mkPen("#2ca02c", width=2), symbol="s",
                                                  symbolSize=6, symbolBrush="#2ca02c", name=" ")
        for plot in (self.loss_plot, self.accuracy_plot):
            self._own_menu(plot)
            for side in ("bottom", "left"):
                # the axis in epochs from the first batch: "0.2, 0.4 epoch", never "epoch (x0.001)" with
                # ticks 0-800 (pyqtgraph's SI prefix, meaningless for epochs)
                plot.getAxis(side).enableAutoSIPrefix(False)
        self._layout.addWidget(self.loss_plot)
        self._layout.addWidget(self.accuracy_plot)
        self.show_texts()
        self._loss_dirty = self._accuracy_dirty = True
        self.redraw()

    def _own_menu(self, plot):
        """Replace pyqtgraph's right-click menus on ``plot`` (a PlotWidget built with enableMenu=False:
        no view box menu) by ours (module docstring)."""
        scene = plot.scene()
        for action in scene.contextMenu:               # the scene's "Export...", offered through those menus
            action.setParent(None)
        scene.contextMenu = []
        plot.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        show_all = QAction(plot)
        show_all.setObjectName(plot.objectName() + "ShowAll")
        show_all.triggered.connect(lambda: plot.getPlotItem().enableAutoRange())
        copy = QAction(plot)
        copy.setObjectName(plot.objectName() + "Copy")
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setPixmap(plot.grab()))
        plot.addActions([show_all, copy])
        self._menu += [(show_all, "plot.menu.show_all"), (copy, "plot.menu.copy")]

    def reset(self):
        self._loss_x, self._loss_y = [], []
        self._epochs, self._train, self._test, self._test_epochs = [], [], [], []
        self._loss_dirty = self._accuracy_dirty = True
        self._turn = 0
        self.redraw()

    def add_progress(self, event):
        self._loss_x.append(event.epoch - 1 + event.epoch_fraction)
        self._loss_y.append(event.smoothed_loss)
        self._loss_dirty = True

    def add_epoch(self, event):
        self._epochs.append(event.epoch)
        self._train.append(100 * event.train_accuracy)
        if event.test_accuracy is not None:
            self._test_epochs.append(event.epoch)
            self._test.append(100 * event.test_accuracy)
        self._accuracy_dirty = True

    def _tick(self):
        self._turn ^= 1
        if self._turn:
            self._redraw_loss()
        else:
            self._redraw_accuracy()

    def _redraw_loss(self):
        if self._loss_dirty and self.loss_curve is not None:
            self._loss_dirty = False
            self.loss_curve.setData(self._loss_x, self._loss_y)

    def _redraw_accuracy(self):
        if self._accuracy_dirty and self.train_curve is not None:
            self._accuracy_dirty = False
            self.train_curve.setData(self._epochs, self._train)
            self.test_curve.setData(self._test_epochs, self._test)

    def redraw(self):
        """Hand everything gathered so far to the curves at once (a reset, the end of a run)."""
        self._redraw_loss()
        self._redraw_accuracy()
