"""Errors a user can cause. ``str(error)`` is always one sentence meant for them."""


class DigitsError(Exception):
    """Base class: the message is one clear sentence, shown as it is."""


class DataError(DigitsError):
    """A data file (MNIST IDX, CSV, pen file) is missing or malformed."""


class DownloadError(DigitsError):
    """MNIST could not be downloaded, or not saved.

    ``problem`` says what went wrong (no final period), ``folder`` where the
    files were meant to go, and ``remedy`` what a person can do about it:
    'files' (put the MNIST files there yourself) or 'folder' (choose another
    folder). ``str()`` gives neutral advice; the command line and the window
    each phrase the remedy in their own words (an option, a button).
    """

    def __init__(self, problem, folder, remedy=None):
        self.problem, self.folder, self.remedy = problem, folder, remedy
        advice = {"files": f"; put the four MNIST files into {folder} yourself",
                  "folder": "; choose another folder"}.get(remedy, "")
        super().__init__(f"{problem}{advice}.")


class PictureError(DigitsError):
    """A picture file could not be read (missing, not a picture, too large, damaged)."""


class WeightsError(DigitsError):
    """A weight file could not be read, or is not a network this app can use."""


class ConfigError(DigitsError):
    """Training settings that make no sense (negative learning rate, ...)."""


class TrainingDiverged(DigitsError):
    """The loss became NaN or infinite: the run is stopped, not saved."""


class Cancelled(DigitsError):
    """The user stopped a long operation (a download) before it finished."""
