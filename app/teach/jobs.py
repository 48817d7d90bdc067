"""The Teach tab's long jobs: teaching the network the person's examples, importing a folder of them.

Plain functions ``job(state, ...)`` run by app/tasks.py on a worker thread (no Qt here): each
reports through ``state.report(event)`` and checks ``state.should_stop()`` between steps; the
numbers all come from the engine's public functions.
"""
from __future__ import annotations

from dataclasses import dataclass

from network.teaching import hidden_moment


@dataclass(frozen=True)
class Remembering:
    """Reported before teaching a network that has no hidden-layer moment (one from another
    machine) while it gets one (network.teaching.hidden_moment.ensure)."""


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
    """Teach ``network`` the person's ``examples`` (network.teaching.teach) and measure it before and after.

    ``source``: where MNIST may be (a DataSource); its test set is used when it is there.
    Reports (done, total) as it goes.
    """
    from network.evaluate import accuracy
    from network.teaching.teach import personal_accuracy
    from network.teaching.teach import teach as teach_network

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
    """Add every picture of ``folder`` to the personal ``store``; returns its personal.Imported."""
    return store.import_folder(folder, progress=lambda done, total: state.report(Teaching(done, total)),
                               should_stop=state.stopped)
