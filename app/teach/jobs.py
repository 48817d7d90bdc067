"""The Teach tab's long jobs: teaching the network the person's examples, importing a folder of them.

Plain functions ``job(state, ...)`` run by app/tasks.py on a worker thread (no Qt here): each
reports through ``state.report(event)`` and checks ``state.should_stop()`` between steps; the
numbers all come from the engine's public functions.
"""
from __future__ import annotations

import time
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
    waited: float | None = None         # seconds from Teach to this result, every stage included


def teach(state, network, metadata, started_from, examples, source):
    """Teach ``network`` the person's ``examples`` (network.teaching.teach) and measure it before and after.

    ``source``: where MNIST may be (a DataSource); its test set is used when it is there.
    Reports (done, total) as it goes.
    """
    from network.evaluate import accuracies
    from network.teaching.teach import personal_accuracy
    from network.teaching.teach import teach as teach_network
    from network.teaching.votes import with_examples

    started = time.perf_counter()           # the time the person waits, all stages included

    def stage(name, share_before, share):
        """progress(done, total) of one stage, reported as a share of the whole that only grows."""
        first = [True]          # a stage's first report is never dropped by the throttle: the bar names every stage

        def report(done, total):
            state.report(Teaching(done, total, name, share_before, share), urgent=first[0])
            first[0] = False
        return report

    train = test = None
    if source is not None and source.available():
        train, test = source.load()
    # a network from another machine, with MNIST here: held by its moment, as one trained here
    hidden_moment.ensure(network, None if train is None else train.images, should_stop=state.stopped,
                         starting=lambda: state.report(Remembering(), urgent=True))
    checks = 0.8 if test is None else 0.7       # the k-fold check is most of the time; MNIST the rest
    result = teach_network(network, examples, progress=stage("teaching", 0.0, 0.15), should_stop=state.stopped)
    taught = with_examples(result.network, examples)        # its examples vote when it reads
    personal = personal_accuracy(network, examples, result.config, progress=stage("checking", 0.15, checks),
                                 should_stop=state.stopped)
    mnist_before = mnist_after = None
    if test is not None:
        stage("mnist", 0.15 + checks, 0.15)(0, 1)
        mnist_before, mnist_after = accuracies((network, taught), test)      # one hidden layer, computed once
    return TeachOutcome(taught, result.metadata(metadata, started_from, mnist_after), len(examples),
                        result.seconds, personal.before, personal.after, personal.folds, mnist_before,
                        mnist_after, personal.still_wrong, personal.read_after, time.perf_counter() - started)


@dataclass(frozen=True)
class Teaching:
    """Reported while teaching or importing: steps ``done`` of the ``total`` of the stage named
    ``stage`` ('teaching', 'checking' your examples, the 'mnist' test, or 'importing'), which
    takes the share ``share`` of the whole bar after ``share_before`` of it."""

    done: int
    total: int
    stage: str = "importing"
    share_before: float = 0.0
    share: float = 1.0

    def fraction(self):
        """How much of the whole is done (0..1): never less than an earlier report's."""
        return self.share_before + self.share * min(self.done / max(self.total, 1), 1.0)


def import_examples(state, store, folder):
    """Add every picture of ``folder`` to the personal ``store``; returns its personal.Imported."""
    return store.import_folder(folder, progress=lambda done, total: state.report(Teaching(done, total)),
                               should_stop=state.stopped)
