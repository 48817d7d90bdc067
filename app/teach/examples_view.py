"""The person's own examples as small pictures with their digits, in a Qt item view.

``PersonalExamplesModel`` is a list model over a Dataset (the store's
contents); ``PersonalExamplesView`` shows it (object name
``personalExamples``) with the buttons to delete one, give one another digit,
clear them all (after asking), and export or import a folder of pictures. The
view only asks (signals); the Teach tab changes the store.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QGridLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from network.i18n import Number, tr
from network.pixels import SIDE

from ..language import Retranslatable, set_text
from ..widgets import colour_scale
from ..widgets.image_adapter import array_to_qimage

SCALE = 2


class PersonalExamplesModel(QAbstractListModel):
    """Rows: the examples of a Dataset (images (n, 784) uint8, labels (n,)); shown as icons with the digit."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._images, self._labels, self._icons, self._read = [], [], {}, None

    def set_examples(self, examples):
        """Show ``examples`` (what a teaching read them as no longer applies)."""
        self.beginResetModel()
        self._images, self._labels, self._icons = list(examples.images), [int(v) for v in examples.labels], {}
        self._read = None
        self.endResetModel()

    def set_readings(self, read):
        """What a teaching's check read each example as (a sequence as long as the rows, or None):
        the ones read wrong show it, in red."""
        self._read = None if read is None or len(read) != len(self._labels) else [int(r) for r in read]
        if self._labels:
            self.dataChanged.emit(self.index(0), self.index(len(self._labels) - 1))

    def _misread(self, row):
        """What the example of ``row`` was read as, when that was wrong; else None."""
        return self._read[row] if self._read is not None and self._read[row] != self._labels[row] else None

    def label(self, row):
        """The digit of the example in ``row``."""
        return self._labels[row]

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        misread = self._misread(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self._labels[row]) if misread is None else \
                tr("teach.examples.item.misread", digit=self._labels[row], read=misread)
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if misread is None else QColor(colour_scale.PROBLEM)
        if role == Qt.ItemDataRole.DecorationRole:
            if row not in self._icons:
                picture = colour_scale.stored(self._images[row].reshape(SIDE, SIDE))
                pixmap = QPixmap.fromImage(array_to_qimage(picture)).scaled(
                    SIDE * SCALE, SIDE * SCALE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
                self._icons[row] = QIcon(pixmap)
            return self._icons[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("teach.examples.item.tip", number=row + 1, digit=self._labels[row]) if misread is None else \
                tr("teach.examples.item.misread.tip", number=row + 1, digit=self._labels[row], read=misread)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignHCenter
        return None


class PersonalExamplesView(Retranslatable, QWidget):
    """The list and its buttons. Signals: ``deleteRequested(rows)``, ``relabelRequested(rows, digit)``,
    ``clearRequested()``, ``exportRequested()``, ``importRequested()``."""

    deleteRequested = Signal(list)
    relabelRequested = Signal(list, int)
    clearRequested = Signal()
    exportRequested = Signal()
    importRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = QLabel(objectName="personalTitle")
        self.title.setWordWrap(True)
        self.model = PersonalExamplesModel(self)
        self.list = QListView(objectName="personalExamples")
        self.list.setModel(self.model)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(SIDE * SCALE, SIDE * SCALE))
        self.list.setGridSize(QSize(SIDE * SCALE + 14, SIDE * SCALE + 22))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.delete_button = QPushButton(objectName="deleteExampleButton")
        self.relabel_text = QLabel()
        self.relabel = QComboBox(objectName="relabelCombo")
        self.relabel.addItems([str(k) for k in range(10)])
        self.relabel_button = QPushButton(objectName="relabelButton")
        self.clear_button = QPushButton(objectName="clearExamplesButton")
        self.export_button = QPushButton(objectName="exportExamplesButton")
        self.import_button = QPushButton(objectName="importExamplesButton")

        buttons = QGridLayout()
        buttons.addWidget(self.delete_button, 0, 0)
        buttons.addWidget(self.relabel_text, 0, 1)
        buttons.addWidget(self.relabel, 0, 2)
        buttons.addWidget(self.relabel_button, 0, 3)
        buttons.addWidget(self.clear_button, 1, 0)
        buttons.addWidget(self.export_button, 1, 1, 1, 2)
        buttons.addWidget(self.import_button, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.delete_button.clicked.connect(lambda: self._with_rows(self.deleteRequested.emit))
        self.relabel_button.clicked.connect(
            lambda: self._with_rows(lambda rows: self.relabelRequested.emit(rows, self.relabel.currentIndex())))
        self.clear_button.clicked.connect(self.clearRequested)
        self.export_button.clicked.connect(self.exportRequested)
        self.import_button.clicked.connect(self.importRequested)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self._count = 0
        self._busy = False
        self.show_texts()

    def show_readings(self, read):
        """Mark the examples a teaching's check read wrong (``read``: the digit each was read as)."""
        self.model.set_readings(read)

    def set_examples(self, examples):
        self._count = len(examples)
        self.model.set_examples(examples)
        self._enable()
        self.show_texts()

    def selected_rows(self):
        return sorted(index.row() for index in self.list.selectionModel().selectedIndexes())

    def show_texts(self):
        self.title.setText(tr("teach.examples.title", count=Number(self._count)) if self._count else
                           tr("teach.examples.none"))
        self.list.setToolTip(tr("teach.examples.tip"))
        set_text(self.delete_button, "teach.examples.delete", "teach.examples.delete.tip")
        self.relabel_text.setText(tr("teach.examples.relabel.label"))
        set_text(self.relabel_button, "teach.examples.relabel", "teach.examples.relabel.tip")
        set_text(self.clear_button, "teach.examples.clear", "teach.examples.clear.tip")
        set_text(self.export_button, "teach.examples.export", "teach.examples.export.tip")
        set_text(self.import_button, "teach.examples.import", "teach.examples.import.tip")

    def set_busy(self, busy):
        self._busy = busy
        self._enable()

    def _enable(self):
        busy = self._busy
        selected = bool(self.selected_rows())
        for button in (self.delete_button, self.relabel_button):
            button.setEnabled(selected and not busy)
        self.clear_button.setEnabled(self._count > 0 and not busy)
        self.export_button.setEnabled(self._count > 0 and not busy)
        self.import_button.setEnabled(not busy)

    def _selected(self):
        """The selection changed: "Change to" shows the selected examples' digit (when they share
        one), so that changing starts from what it is."""
        self._enable()
        labels = {self.model.label(row) for row in self.selected_rows()}
        if len(labels) == 1:
            self.relabel.setCurrentIndex(labels.pop())

    def _with_rows(self, act):
        rows = self.selected_rows()
        if rows:
            act(rows)
