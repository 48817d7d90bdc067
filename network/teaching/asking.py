"""Teaching by asking: Digits asks for the drawings it needs, and a person's examples vote.

Two fixed drawings of each digit do not show how a person draws the rest. So Digits asks: first
for one drawing of each digit, then, again and again, for the digit whose latest drawing the
network taught so far read with the least margin (each new drawing is read BEFORE it is taught,
so the person sees whether it was read right). It stops at a count (20 by default) or once every
digit's latest drawing was read right by a clear margin.

The taught network carries the examples (model.Votes): when it reads, each example whose hidden
picture points the way the reading's does adds to its digit's score. The direction is measured
from MNIST's mean hidden output, which the moment teaching keeps holds (``mnist_mean``).

A ``Session`` is what the window's Teach tab runs and what ``digits teach --ask`` and
tests/benchmarks/teach.py replay: ``ask()``, ``give(picture, digit)``, ``taught()``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data.mnist import Dataset
from ..errors import TeachError
from ..i18n import Text
from ..pixels import PIXELS, scale
from .teach import TeachConfig, teach
from .votes import mnist_mean, with_examples

ASKED = 20
"""How many drawings a session asks for, unless told otherwise."""
SURE_MARGIN = 8.0
"""A digit whose latest drawing was read right with a score this far above the runner-up's needs no
more drawings; when every digit's is, the session stops early."""


@dataclass(frozen=True)
class Read:
    """How a drawing was read before it was taught: ``read_as`` (the digit with the top score) and
    ``margin`` (its own digit's score less the best other digit's; negative: read wrong)."""

    digit: int
    read_as: int
    margin: float

    @property
    def right(self):
        return self.read_as == self.digit


@dataclass(frozen=True)
class Ask:
    """The next request: draw ``digit``; ``reason`` says why (a Text)."""

    digit: int
    reason: Text


def read(network, picture, digit):
    """Read one example (uint8 (784,) or (28, 28)) with ``network`` (its votes included): a Read."""
    z = network.scores(network.hidden(scale(np.asarray(picture, np.uint8).reshape(1, PIXELS))))[0]
    others = np.delete(z, digit)
    return Read(int(digit), int(np.argmax(z)), float(z[digit] - others.max()))


def next_request(latest, count, asked=ASKED):
    """The next Ask, from ``latest`` {digit: the Read of its latest drawing} and how many examples
    there are; None when the session is over (``asked`` reached, or every digit sure enough)."""
    missing = [d for d in range(10) if d not in latest]
    if missing:
        return Ask(missing[0], Text("teach.ask.first", digit=missing[0]))
    if count >= asked:
        return None
    weakest = min(latest.values(), key=lambda r: r.margin)
    if weakest.margin >= SURE_MARGIN:
        return None
    if not weakest.right:
        return Ask(weakest.digit, Text("teach.ask.misread", digit=weakest.digit, read_as=weakest.read_as))
    return Ask(weakest.digit, Text("teach.ask.close", digit=weakest.digit))


class Session:
    """One person answering what Digits asks. ``network``: the network in use (a taught one starts
    from where it started: the caller passes ``taught_from.start_of``'s network). ``examples``:
    the person's examples already (a Dataset; they count, as the Draw tab's "It's a ..." do)."""

    def __init__(self, network, examples=None, asked=ASKED, config=TeachConfig()):
        self.start, self.asked, self.config = network, asked, config
        self.mean = mnist_mean(network)
        self.images = np.zeros((0, PIXELS), np.uint8) if examples is None else np.asarray(examples.images, np.uint8)
        self.labels = np.zeros(0, np.uint8) if examples is None else np.asarray(examples.labels, np.uint8)
        self.latest = latest_readings(network, self.examples(), config) if len(self.labels) else {}
        self.network = self._taught() if len(self.labels) else network

    def examples(self):
        return Dataset(self.images, self.labels, "personal examples")

    def ask(self):
        """The next Ask, or None: the session is over."""
        return next_request(self.latest, len(self.labels), self.asked)

    def give(self, picture, digit):
        """A drawing of ``digit`` (uint8 (784,) or (28, 28)): read by the network taught so far (a
        Read, returned), then kept. ``teach_now()`` teaches it."""
        if not 0 <= int(digit) <= 9:
            raise TeachError(Text("error.personal.label", label=repr(digit)))
        row = np.asarray(picture, np.uint8).reshape(PIXELS)
        reading = read(self.network, row, int(digit))
        self.latest[int(digit)] = reading
        self.images = np.vstack([self.images, row[None]])
        self.labels = np.append(self.labels, np.uint8(digit))
        return reading

    def teach_now(self, progress=None, should_stop=None):
        """Teach every example so far (from the starting network); the taught network, which
        carries them as votes, reads the next drawing. (The window runs ``taught`` on a worker
        and sets ``network`` itself.)"""
        self.network = self._taught(progress, should_stop)
        return self.network

    def _taught(self, progress=None, should_stop=None):
        return taught(self.start, self.examples(), self.config, self.mean, progress, should_stop)


def taught(start, examples, config=TeachConfig(), mean=None, progress=None, should_stop=None):
    """``start`` taught ``examples``, carrying them as votes (``mean``: MNIST's mean hidden output)."""
    result = teach(start, examples, config, progress=progress, should_stop=should_stop)
    return with_examples(result.network, examples, mean)


def latest_readings(network, examples, config=TeachConfig()):
    """{digit: Read} of each digit's latest example, read as a session would have read it: by the
    network taught on the examples before it (with no session behind them: a folder, the store)."""
    latest, mean = {}, mnist_mean(network)
    for digit in sorted(set(int(d) for d in examples.labels)):
        last = int(np.flatnonzero(examples.labels == digit)[-1])
        before = Dataset(examples.images[:last], examples.labels[:last], "before")
        taught = network if not len(before) else with_examples(teach(network, before, config).network, before, mean)
        latest[digit] = read(taught, examples.images[last], digit)
    return latest


def ask_for(network, examples, asked=ASKED, config=TeachConfig()):
    """The next Ask for a folder of examples (``digits teach --ask``), or None: enough."""
    return next_request(latest_readings(network, examples, config), len(examples), asked)
