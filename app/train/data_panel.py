"""Where the training data comes from: shows it, remembers the user's choice, offers to download it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from network.data.mnist import DataSource, Where
from network.i18n import Text, tr

from .. import saved_settings
from ..language import Retranslatable, set_text
from ..widgets.dialogs import CSV_FILTER


class DataPanel(Retranslatable, QGroupBox):
    """Shows whether MNIST is available and from where; ``source()`` is the DataSource to use.

    A folder or CSV pair the user chooses is remembered in ``settings``
    (keys ``dataFolder`` and ``dataCsv``); otherwise the engine's rule applies
    ($DIGITS_DATA, then the user data folder). Signals: ``sourceChanged``,
    ``downloadRequested``, ``cancelRequested``; ``problem(sentence)`` (a Text) when a
    choice cannot be used.
    """

    sourceChanged = Signal()
    downloadRequested = Signal()
    cancelRequested = Signal()
    problem = Signal(object)

    def __init__(self, settings, dialogs, parent=None):
        super().__init__(parent)
        self.settings, self.dialogs = settings, dialogs
        self.status = QLabel(objectName="dataStatus")
        self.status.setWordWrap(True)
        self.download_button = QPushButton(objectName="downloadButton")
        self.folder_button = QPushButton(objectName="chooseFolderButton")
        self.csv_button = QPushButton(objectName="chooseCsvButton")
        self.cancel_button = QPushButton(objectName="cancelDownloadButton")
        self.progress = QProgressBar(objectName="downloadProgress")

        buttons = QHBoxLayout()
        for b in (self.download_button, self.folder_button, self.csv_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)

        self.download_button.clicked.connect(self.downloadRequested)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.folder_button.clicked.connect(self._choose_folder)
        self.csv_button.clicked.connect(self._choose_csv)
        self.set_downloading(False)
        self.show_texts()

    def show_texts(self):
        self.setTitle(tr("data.title"))
        set_text(self.download_button, "data.download", "data.download.tip")
        set_text(self.folder_button, "data.folder", "data.folder.tip")
        set_text(self.csv_button, "data.csv", "data.csv.tip")
        self.cancel_button.setText(tr("data.cancel"))
        self.progress.setFormat(tr("data.progress"))
        self.refresh()

    def source(self):
        """The DataSource the user chose, or the engine's default."""
        csv = saved_settings.value(self.settings, "dataCsv", [], list, saved_settings.strings)
        folder = saved_settings.value(self.settings, "dataFolder", "", str)
        return DataSource.find(folder or None, csv if len(csv) == 2 else None)

    def refresh(self):
        """Show where the data is; True if it is all there."""
        source = self.source()
        available = source.available()
        if source.where is Where.CSV:
            train, test = source.csv
            self.status.setText(tr("data.csv_here" if available else "data.csv_gone", train=train.name,
                                   test=test.name, folder=train.parent))
        else:
            self.status.setText(tr("data.here" if available else "data.missing", folder=source.folder,
                                   where=tr(_WHERE[source.where])))
        self.download_button.setVisible(not available and source.where is not Where.CSV)
        return available

    def set_downloading(self, active):
        self.progress.setVisible(active)
        self.cancel_button.setVisible(active)
        for b in (self.download_button, self.folder_button, self.csv_button):
            b.setEnabled(not active)
        if active:
            self.progress.setRange(0, 0)

    def show_download_progress(self, done, total):
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(min(done, total))

    def choose_folder(self, folder):
        """Use the MNIST files in ``folder`` from now on."""
        self.settings.setValue("dataCsv", [])
        self.settings.setValue("dataFolder", str(folder))
        self._changed()

    def choose_csv(self, paths):
        """Use the article's two CSV files (in any order: the one named *train* is the training set)."""
        if len(paths) != 2:
            self.problem.emit(Text("data.two_csv"))
            return
        train = [p for p in paths if "train" in Path(p).name.lower()]
        ordered = train + [p for p in paths if p not in train] if len(train) == 1 else list(paths)
        self.settings.setValue("dataCsv", [str(p) for p in ordered])
        self._changed()

    def _changed(self):
        self.refresh()
        self.sourceChanged.emit()

    def _choose_folder(self):
        folder = self.dialogs.folder(tr("data.folder.title"))
        if folder:
            self.choose_folder(folder)

    def _choose_csv(self):
        paths = self.dialogs.open_files(tr("data.csv.title"), tr(CSV_FILTER))
        if paths:
            self.choose_csv(paths)


_WHERE = {Where.CHOSEN: "data.where.chosen", Where.ENVIRONMENT: "data.where.environment",
          Where.USER_FOLDER: "data.where.user_folder"}
