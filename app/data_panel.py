"""Where the training data comes from: shows it, and offers to download or choose it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout)



class DataPanel(QGroupBox):
    """Shows whether MNIST is available and from where.

    The choices are signals the Train tab acts on: ``downloadRequested``,
    ``cancelRequested``, and ``sourceChosen(kind, paths)`` with kind 'folder'
    (one path) or 'csv' (train and test paths).
    """

    downloadRequested = Signal()
    cancelRequested = Signal()
    sourceChosen = Signal(str, list)

    def __init__(self, parent=None):
        super().__init__("Training data", parent)
        self.status = QLabel(objectName="dataStatus")
        self.status.setWordWrap(True)
        self.download_button = QPushButton("Download MNIST (11 MB)", objectName="downloadButton")
        self.download_button.setToolTip("Fetch the four MNIST files from a public mirror and check them.")
        self.folder_button = QPushButton("Choose folder…", objectName="chooseFolderButton")
        self.folder_button.setToolTip("A folder holding the four MNIST files (train-images-idx3-ubyte.gz, …).")
        self.csv_button = QPushButton("Choose CSV files…", objectName="chooseCsvButton")
        self.csv_button.setToolTip("The article's mnist_train.csv and mnist_test.csv.")
        self.cancel_button = QPushButton("Cancel", objectName="cancelDownloadButton")
        self.progress = QProgressBar(objectName="downloadProgress")
        self.progress.setFormat("%p% downloaded")

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

    def show_source(self, folder, where, csv=None, missing=()):
        """Describe the source; with files missing, offer the choices."""
        if csv:
            self.status.setText(f"MNIST from the CSV files {Path(csv[0]).name} and {Path(csv[1]).name} "
                                f"in {Path(csv[0]).parent}.")
            available = True
        elif not missing:
            self.status.setText(f"MNIST is in {folder} ({_where(where)}).")
            available = True
        else:
            self.status.setText(f"MNIST is not in {folder} ({_where(where)}): download it, or choose a "
                                f"folder with the four files, or the article's CSV files.")
            available = False
        self.download_button.setVisible(not available)
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

    def _choose_folder(self):
        folder = QFileDialog.getExistingDirectory(self, "Folder with the MNIST files")
        if folder:
            self.sourceChosen.emit("folder", [folder])

    def _choose_csv(self):
        paths, _ = QFileDialog.getOpenFileNames(self, "mnist_train.csv and mnist_test.csv", "",
                                                "CSV files (*.csv);;All files (*)")
        if paths:
            self.sourceChosen.emit("csv", paths)


def _where(where):
    return {"option": "the folder you chose", "DIGITS_DATA": "from $DIGITS_DATA",
            "user data folder": "your data folder"}.get(where, where)

