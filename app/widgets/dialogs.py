"""The window's dialogs in one place: choosing files and folders (remembering the last folder),
and telling the user about a problem in one sentence."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from .. import saved_settings
from .text import as_sentence

# the ids of the file type filters: tr(WEIGHT_FILTER) when a dialog opens
WEIGHT_FILTER = "dialog.filter.weights"
IMAGE_FILTER = "dialog.filter.images"
PNG_FILTER = "dialog.filter.png"
CSV_FILTER = "dialog.filter.csv"


LAST_PLACE, WEIGHTS_PLACE = "lastFolder", "weightsFolder"
"""The settings that remember a folder: the last one used for any file, and the one for weights."""


class FileDialogs:
    """Open/save dialogs over ``parent`` that start in, and remember, the last folder used
    (QSettings key ``lastFolder``). Each returns a path string, or "" when cancelled."""

    def __init__(self, parent, settings):
        self.parent, self.settings = parent, settings

    def open_file(self, title, filters, place=LAST_PLACE):
        """A file to open, asked in the folder last used for ``place`` (LAST_PLACE, WEIGHTS_PLACE)."""
        path, _ = QFileDialog.getOpenFileName(self.parent, title, self._folder(place), filters)
        return self._remember(path, place)

    def open_files(self, title, filters):
        """Several files: a list of paths (empty when cancelled)."""
        paths, _ = QFileDialog.getOpenFileNames(self.parent, title, self._folder(), filters)
        if paths:
            self._remember(paths[0])
        return paths

    def folder(self, title):
        path = QFileDialog.getExistingDirectory(self.parent, title, self._folder())
        if path:
            self.settings.setValue("lastFolder", path)
        return path

    def save_file(self, title, name, filters, suffix, place=LAST_PLACE):
        """A path to save to, proposed as ``name`` in the folder last used for ``place``, with
        ``suffix`` (e.g. '.npz') added when the user typed none."""
        folder = self._folder(place)
        path, _ = QFileDialog.getSaveFileName(self.parent, title, str(Path(folder) / name) if folder else name,
                                              filters)
        if path and not Path(path).suffix:
            path += suffix
        return self._remember(path, place)

    def _folder(self, place=LAST_PLACE):
        folder = saved_settings.value(self.settings, place, "", str)
        if not folder and place == WEIGHTS_PLACE:           # weights go with documents, not with MNIST
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return folder

    def _remember(self, path, place=LAST_PLACE):
        if path:
            self.settings.setValue(place, str(Path(path).parent))
        return path


def show_problem(parent, title, sentence):
    """A one-sentence problem (a str, or an error or Text whose str() is the sentence) in a
    window-modal box (``errorDialog``) that does not block the caller."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, as_sentence(str(sentence)), QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("errorDialog")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def confirm(parent, title, question):
    """Ask a yes/no question (No is the default); True for Yes."""
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
