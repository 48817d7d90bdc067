"""Errors a user can cause. ``str(error)`` is always one sentence meant for them."""


class DigitsError(Exception):
    """Base class: the message is one clear sentence, shown as it is."""


class DataError(DigitsError):
    """A data file (MNIST IDX, CSV, pen file) is missing or malformed."""


class DownloadError(DigitsError):
    """MNIST could not be downloaded from any mirror."""


class WeightsError(DigitsError):
    """A weight file could not be read, or is not a network this app can use."""


class ConfigError(DigitsError):
    """Training settings that make no sense (negative learning rate, ...)."""


class TrainingDiverged(DigitsError):
    """The loss became NaN or infinite: the run is stopped, not saved."""


class Cancelled(DigitsError):
    """The user stopped a long operation (a download) before it finished."""
