"""Errors a user can cause. ``str(error)`` is always one sentence meant for them.

The sentence is a ``network.i18n.Text`` (an id and its values), so it is
rendered in the language in use when it is shown, and again in another one
after the window's language changes: ``raise DataError(Text("error.data.x", name=name))``.
A plain string still works (it is shown as it is).
"""
import errno

from .i18n import DEFAULT, Later, Text, language, tr


class DigitsError(Exception):
    """Base class: the message is one clear sentence, shown as it is."""


class DataError(DigitsError):
    """A data file (MNIST IDX, CSV, pen file) is missing or malformed."""


class DownloadError(DigitsError):
    """MNIST could not be downloaded, or not saved.

    ``problem`` says what went wrong (no final period; a Text), ``folder``
    where the files were meant to go, and ``remedy`` what a person can do
    about it: 'files' (put the MNIST files there yourself) or 'folder' (choose
    another folder). ``str()`` gives neutral advice; the command line and the
    window each phrase the remedy in their own words (an option, a button).
    """

    def __init__(self, problem, folder, remedy=None):
        self.problem, self.folder, self.remedy = problem, folder, remedy
        key = {"files": "error.download.put_files", "folder": "error.download.other_folder"}.get(
            remedy, "error.download.plain")
        super().__init__(Text(key, problem=problem, folder=folder))


class PictureError(DigitsError):
    """A picture file could not be read (missing, not a picture, too large, damaged)."""


class WeightsError(DigitsError):
    """A weight file could not be read, or is not a network this app can use."""


class ConfigError(DigitsError):
    """Training settings that make no sense (negative learning rate, ...)."""


class TrainingDiverged(DigitsError):
    """The loss became NaN or infinite: the run is stopped, not saved."""


class PersonalError(DigitsError):
    """The personal examples (the store, a picture, a folder of pictures) cannot be used."""


class TeachError(DigitsError):
    """The examples to teach (or the network to teach) cannot be used."""


class Cancelled(DigitsError):
    """The user stopped a long operation (a download) before it finished."""


_SYSTEM = {errno.ENOENT: "error.system.no_such_file", errno.EACCES: "error.system.permission_denied",
           errno.EPERM: "error.system.not_permitted", errno.ENOSPC: "error.system.no_space",
           errno.EDQUOT: "error.system.quota", errno.EROFS: "error.system.read_only",
           errno.EISDIR: "error.system.is_a_folder", errno.ENOTDIR: "error.system.not_a_folder",
           errno.ENAMETOOLONG: "error.system.name_too_long", errno.EIO: "error.system.input_output"}


class SystemReason(Later):
    """Why an OSError happened, in words without a final period: the operating system's own
    in English, the catalogue's in another language for the common errors (full disk, no
    permission, ...), else the system's words again. Rendered when shown."""

    __slots__ = ("errno", "key", "words")

    def __init__(self, error):
        self.errno = getattr(error, "errno", None)
        self.key = getattr(error, "catalogue_key", None)       # an error of our own (files.NotOwnFile)
        self.words = (getattr(error, "strerror", None) or str(error) or type(error).__name__).strip().rstrip(".")

    def __str__(self):
        key = self.key or _SYSTEM.get(self.errno)
        return tr(key) if key and language() != DEFAULT else self.words
