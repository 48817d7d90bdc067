"""The window's long jobs as plain functions ``job(state, ...)`` for app/tasks.py. No Qt here.

Each reports through ``state.report(event)`` and checks ``state.should_stop()``
between steps; the numbers all come from the engine's public functions.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from threadpoolctl import threadpool_limits

from network import hidden_moment
from network.data import DataSource, Dataset
from network.evaluate import Evaluation, evaluate
from network.train import EpochEnd, Finished, Progress, TrainConfig, train


@dataclass(frozen=True)
class Loading:
    """Reported while the training data is being read."""

    source: DataSource


@dataclass(frozen=True)
class Training:
    """Reported once the data is there, before the first batch."""

    images: int


@dataclass(frozen=True)
class WeightSnapshot:
    """Reported while training, at most every SNAPSHOT_INTERVAL: a copy of the incoming
    weights of the first SNAPSHOT_NEURONS hidden neurons, (k, 784)."""

    weights: object


@dataclass(frozen=True)
class Remembering:
    """Reported while the hidden layer's moment is computed for teaching: when training has
    ended, or before teaching a network that has none (network.hidden_moment.ensure)."""


SNAPSHOT_NEURONS = 36
SNAPSHOT_INTERVAL = 0.5


@dataclass(frozen=True)
class Downloading:
    """Reported while downloading: bytes done of the total."""

    done: int
    total: int


@dataclass(frozen=True)
class TrainingOutcome:
    """A finished run: the network and its evaluation on the test set, the metadata to save
    with it, and the data it used (kept by the window for the next run)."""

    finished: Finished
    evaluation: Evaluation
    metadata: dict
    train_set: Dataset
    test_set: Dataset


def load_and_train(state, source: DataSource, config: TrainConfig, limit=None, preset=None, data=None):
    """Load MNIST from ``source`` (unless ``data`` = (train, test) is given) and train.

    Reports Loading, Training, then the engine's Progress (throttled) and
    EpochEnd events. Returns a TrainingOutcome, or None when stopped.
    """
    if data is None:
        state.report(Loading(source), urgent=True)
        data = source.load()
    full_train, test_set = data
    train_set = full_train.head(limit)
    state.report(Training(len(train_set)), urgent=True)
    with threadpool_limits(limits=1, user_api="blas"):      # one core trains, the other is the window's
        return _train_and_report(state, config, train_set, test_set, full_train, preset)


def _train_and_report(state, config, train_set, test_set, full_train, preset):
    last_snapshot = 0.0
    for event in train(config, train_set, test_set):
        if state.should_stop():
            return None
        if isinstance(event, Progress):
            if event.elapsed - last_snapshot >= SNAPSHOT_INTERVAL:
                last_snapshot = event.elapsed
                state.report(WeightSnapshot(event.network.w_ih[:SNAPSHOT_NEURONS].copy()), urgent=True)
            state.report(replace(event, network=None))     # the live network stays on this thread
        elif isinstance(event, EpochEnd):
            state.report(event, urgent=True)
        elif isinstance(event, Finished):
            state.report(Remembering(), urgent=True)
            hidden_moment.remember(event.network, full_train.images)     # for teaching it later
            trained_on = f"MNIST ({event.training_images:,} training images), in the window"
            return TrainingOutcome(event, evaluate(event.network, test_set),
                                   event.metadata(trained_on, preset=preset), full_train, test_set)
    return None


def download(state, folder):
    """Download MNIST into ``folder``, reporting Downloading events. Returns the folder."""
    from network.download import download_mnist

    def report(done, total):
        state.report(Downloading(done, total), urgent=done >= total)

    return download_mnist(folder, progress=report, should_stop=state.stopped)


@dataclass(frozen=True)
class Imagined:
    """What a network imagines: (10, 784) inputs, one per digit, the same as (10, 28, 28) uint8
    pictures (as MNIST stores them), and what the network reads in each: digits (10,) and
    their probabilities (10,)."""

    method: str
    inputs: object
    pictures: object
    read_as: object
    confidence: object


def imagine(state, network, method):
    """Compute the network's imagined digits (network.imagine) with 'ascent' or 'backquery'."""
    from network import imagine as im

    if method == "backquery":
        inputs = im.back_query(network)
    else:
        inputs = im.ascent(network, progress=lambda done, total: state.report((done, total)),
                           should_stop=state.stopped)
    p = network.probabilities(inputs)
    pictures = [im.to_picture(x) for x in inputs]
    return Imagined(method, inputs, pictures, p.argmax(axis=1), p.max(axis=1))


@dataclass(frozen=True)
class TeachOutcome:
    """A finished teaching: the taught network and its metadata, and how it did, before and after:
    on the person's examples (before: as it was; after: k-fold, ``folds`` folds, each example read
    by a network taught without it) and on the MNIST test set (None without MNIST); still_wrong:
    ((digit, read as, how many), ...) of the examples the k-fold read wrong; read_after: what it
    read each example as (None for one example)."""

    network: object
    metadata: dict
    examples: int
    seconds: float
    personal_before: float
    personal_after: float | None
    folds: int
    mnist_before: float | None
    mnist_after: float | None
    still_wrong: tuple = ()
    read_after: tuple | None = None


def teach(state, network, metadata, started_from, examples, source):
    """Teach ``network`` the person's ``examples`` (network.teach) and measure it before and after.

    ``source``: where MNIST may be (a DataSource); its test set is used when it is there.
    Reports (done, total) as it goes.
    """
    from network.evaluate import accuracy
    from network.teach import personal_accuracy
    from network.teach import teach as teach_network

    def report(done, total):
        state.report(Teaching(done, total))

    train = test = None
    if source is not None and source.available():
        train, test = source.load()
    # a network from another machine, with MNIST here: held by its moment, as one trained here
    hidden_moment.ensure(network, None if train is None else train.images, should_stop=state.stopped,
                         starting=lambda: state.report(Remembering(), urgent=True))
    result = teach_network(network, examples, progress=report, should_stop=state.stopped)
    personal = personal_accuracy(network, examples, result.config, progress=report, should_stop=state.stopped)
    mnist_before = mnist_after = None
    if test is not None:
        mnist_before, mnist_after = accuracy(network, test), accuracy(result.network, test)
    return TeachOutcome(result.network, result.metadata(metadata, started_from, mnist_after), len(examples),
                        result.seconds, personal.before, personal.after, personal.folds, mnist_before,
                        mnist_after, personal.still_wrong, personal.read_after)


@dataclass(frozen=True)
class Teaching:
    """Reported while teaching: steps done of the total (it runs twice: teaching, then measuring)."""

    done: int
    total: int


def import_examples(state, store, folder):
    """Add every picture of ``folder`` to the personal ``store``; returns the new Dataset."""
    return store.import_folder(folder, progress=lambda done, total: state.report(Teaching(done, total)),
                               should_stop=state.stopped)
