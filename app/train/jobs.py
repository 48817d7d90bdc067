"""The Train tab's long jobs: loading MNIST and training on it, downloading it.

Plain functions ``job(state, ...)`` run by app/tasks.py on a worker thread (no Qt here): each
reports through ``state.report(event)`` and checks ``state.should_stop()`` between steps; the
numbers all come from the engine's public functions.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from threadpoolctl import threadpool_limits

from network.data.mnist import Dataset, DataSource
from network.errors import Cancelled
from network.evaluate import Evaluation, evaluate
from network.teaching import hidden_moment
from network.train import EpochEnd, Finished, Progress, TrainConfig, stopped_after, train


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
    """Reported when training has ended, while the hidden layer's moment is computed for
    teaching it later (network.teaching.hidden_moment.remember)."""


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
    stopped_after: int | None = None        # Stop kept the network as it was after this epoch


def load_and_train(state, source: DataSource, config: TrainConfig, limit=None, preset=None, data=None):
    """Load MNIST from ``source`` (unless ``data`` = (train, test) is given) and train.

    Reports Loading, Training, then the engine's Progress (throttled) and
    EpochEnd events. Returns a TrainingOutcome; when stopped, the network as it was after the
    last finished epoch (``stopped_after``), or None when no epoch had finished.
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
    live = kept = None                  # the network training changes, and a copy at the last EpochEnd
    history, per_epoch = [], len(train_set)
    for event in train(config, train_set, test_set):
        if state.should_stop():
            return None if kept is None else _stopped(kept, config, history, train_set, test_set, full_train,
                                                      preset, per_epoch)
        if isinstance(event, Progress):
            live, per_epoch = event.network, event.per_epoch
            if event.elapsed - last_snapshot >= SNAPSHOT_INTERVAL:
                last_snapshot = event.elapsed
                state.report(WeightSnapshot(event.network.w_ih[:SNAPSHOT_NEURONS].copy()), urgent=True)
            state.report(replace(event, network=None))     # the live network stays on this thread
        elif isinstance(event, EpochEnd):
            history.append(event)
            kept = live.copy() if live is not None else None    # what Stop keeps (one copy an epoch)
            state.report(event, urgent=True)
        elif isinstance(event, Finished):
            state.report(Remembering(), urgent=True)
            try:        # for teaching it later; Stop and closing the window end it between chunks
                hidden_moment.remember(event.network, full_train.images, should_stop=state.should_stop)
            except Cancelled:
                pass    # the network is finished all the same: teaching computes its moment when needed
            trained_on = f"MNIST ({event.training_images:,} training images), in the window"
            return TrainingOutcome(event, evaluate(event.network, test_set),
                                   event.metadata(trained_on, preset=preset), full_train, test_set)
    return None


def _stopped(network, config, history, train_set, test_set, full_train, preset, per_epoch):
    """Stop pressed after at least one finished epoch: the network as it was after the last one,
    offered like a finished run's (Use, Save), with its test accuracy; its metadata says so."""
    finished = stopped_after(network, config, history, train_set, history[-1].elapsed, per_epoch - len(train_set))
    trained_on = f"MNIST ({finished.training_images:,} training images), in the window"
    metadata = finished.metadata(trained_on, preset=preset, stopped_after_epoch=history[-1].epoch)
    return TrainingOutcome(finished, evaluate(finished.network, test_set), metadata, full_train, test_set,
                           stopped_after=history[-1].epoch)


def download(state, folder):
    """Download MNIST into ``folder``, reporting Downloading events. Returns the folder."""
    from network.data.download import download_mnist

    def report(done, total):
        state.report(Downloading(done, total), urgent=done >= total)

    return download_mnist(folder, progress=report, should_stop=state.stopped)
