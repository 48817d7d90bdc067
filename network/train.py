"""Training as a generator of progress events: one loop for the CLI, the GUI and the tests.

    for event in train(config, train_set, test_set):
        ...   # Progress after every batch, EpochEnd after every epoch, Finished last

Stop a run by no longer asking for events (``break`` or ``close()``): the
network in training is a copy, so nothing half-trained leaks out. A diverging
run (loss NaN or infinite) raises ``TrainingDiverged``.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from . import optim
from .activations import HIDDEN_ACTIVATIONS, LOSSES, sigmoid, sigmoid_prime, targets
from .data.augment import Augmenter, Distortion
from .data.mnist import Dataset
from .errors import ConfigError, TrainingDiverged
from .evaluate import accuracy
from .i18n import Text
from .model import DTYPE, MAX_HIDDEN, OUTPUTS, Backprop, Network
from .pixels import PIXELS, scale, scale_ink
from .settings import SavedSettings

MAX_BATCH = 60_000
"""The largest batch: all of MNIST's training images at once (a batch is held in memory whole)."""
MAX_SEED = 2**32 - 1


@dataclass(frozen=True)
class TrainConfig(SavedSettings):
    """Every hyperparameter of a run; it is saved with the weights.

    rule: 'gradient' (back-propagate the true gradient) or 'article' (send the
    raw output error back through w_ho^T, as the article does).
    """

    hidden: int = 100
    activation: str = "relu"
    loss: str = "cross_entropy"
    rule: str = "gradient"
    biases: bool = True
    epochs: int = 1
    batch_size: int = 32
    optimizer: str = "sgd"
    lr: float = 0.1
    momentum: float = 0.0
    l2: float = 0.0
    schedule: str = "constant"
    augment: bool = False
    distortion: float = 1.0     # strength of the distortions when augmenting (1 = full)
    shuffle: bool = True
    seed: int = 0
    negatives: int = 0          # pictures that are not digits, made and learnt as an eleventh output

    def check(self):
        """Raise ConfigError (one sentence) for settings that cannot train."""
        def bad(key, value, names=()):
            raise ConfigError(Text(key, value=repr(value) if names else value, names=", ".join(names)))
        if not 1 <= self.hidden <= MAX_HIDDEN:
            bad("error.config.hidden", self.hidden)
        if self.activation not in HIDDEN_ACTIVATIONS:
            bad("error.config.activation", self.activation, HIDDEN_ACTIVATIONS)
        if self.loss not in LOSSES:
            bad("error.config.loss", self.loss, LOSSES)
        if self.rule not in ("gradient", "article"):
            bad("error.config.rule", self.rule, ("gradient", "article"))
        if self.rule == "article" and (self.loss != "squared" or self.activation != "sigmoid"):
            bad("error.config.article_rule", None)
        if self.epochs < 1:
            bad("error.config.epochs", self.epochs)
        if not 1 <= self.batch_size <= MAX_BATCH:
            bad("error.config.batch_size", self.batch_size)
        if self.seed is not None and not 0 <= self.seed <= MAX_SEED:
            bad("error.config.seed", self.seed)
        if self.optimizer not in optim.OPTIMIZERS:
            bad("error.config.optimizer", self.optimizer, optim.OPTIMIZERS)
        if not (self.lr > 0 and np.isfinite(self.lr)):
            bad("error.config.lr", self.lr)
        if not 0 <= self.momentum < 1:
            bad("error.config.momentum", self.momentum)
        if not (self.l2 >= 0 and np.isfinite(self.l2)):
            bad("error.config.l2", self.l2)
        if not 0 <= self.distortion <= 3:
            bad("error.config.distortion", self.distortion)
        if not 0 <= self.negatives <= 1_000_000:
            bad("error.config.negatives", self.negatives)
        if self.negatives and self.loss != "cross_entropy":
            bad("error.config.negatives_loss", None)
        if self.schedule not in optim.SCHEDULES:
            bad("error.config.schedule", self.schedule, optim.SCHEDULES)
        return self



NEGATIVES = {"fast": 3_000, "best": 12_000}
"""How many pictures that are not digits the fast and best presets make and learn (a third each of
scribbles, letters and spoiled digits; see network.data.negatives): about 1 ms each to make, so
the fast preset's first epoch starts about 3 s later (counted in its time)."""
NEGATIVE_SHARE = 5
"""...but at most one for every this many digits (a run on 500 images makes 100)."""
DOUBT_REFUSES = 0.003
"""A network trained on negatives calls a picture "not a digit" from the probability on that
refuses this share of its own training digits (undistorted) on; so the threshold is set on the
training data, never on the test set, and lies within DOUBT_THRESHOLDS."""
DOUBT_THRESHOLDS = (0.1, 0.5)

PRESETS = {
    # The article exactly: 784-100-10 sigmoid, no biases, squared error,
    # one sample at a time in file order, lr 0.3, one epoch.
    "classic": TrainConfig(hidden=100, activation="sigmoid", loss="squared", rule="article",
                           biases=False, epochs=1, batch_size=1, optimizer="sgd", lr=0.3,
                           momentum=0.0, schedule="constant", augment=False, shuffle=False),
    # The default: the best accuracy in well under a minute (milder distortions
    # learn faster: 98.2% after 9 s, 99.0% after 36 s here).
    "fast": TrainConfig(hidden=512, activation="relu", epochs=14, batch_size=128, optimizer="sgd",
                        lr=0.1, momentum=0.9, l2=0.0, schedule="cosine", augment=True, distortion=0.6,
                        negatives=NEGATIVES["fast"]),
    # The most accurate one-hidden-layer network in about ten minutes.
    "best": TrainConfig(hidden=1200, activation="relu", epochs=50, batch_size=128, optimizer="sgd",
                        lr=0.1, momentum=0.9, l2=1e-5, schedule="cosine", augment=True, distortion=1.0,
                        negatives=NEGATIVES["best"]),
}
DEFAULT_PRESET = "fast"
SMOOTHING = 0.98
"""Weight of the past in the smoothed loss of Progress events (about the last 50 batches)."""
DIVERGED = 1e3
"""A mean loss above this (or NaN/inf) means the run diverged: a sane run
starts near ln 10 = 2.3 (cross-entropy) and the squared error is at most 4.9."""


def preset(name, **overrides):
    """A preset's config with some fields replaced (None values are ignored)."""
    if name not in PRESETS:
        raise ConfigError(Text("error.config.preset", value=repr(name), names=", ".join(PRESETS)))
    return replace(PRESETS[name], **{k: v for k, v in overrides.items() if v is not None})


# -- events ---------------------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    """After a batch: where the run is and the mean loss of the epoch so far."""

    epoch: int              # 1-based
    epochs: int
    seen: int               # examples of this epoch done
    per_epoch: int          # examples in an epoch
    loss: float             # mean over the epoch so far
    smoothed_loss: float    # exponential moving average of the batch losses (for plots)
    elapsed: float          # seconds since the run started
    network: Network = field(default=None, repr=False, compare=False)
    """The network being trained, as it is after this batch. Read it before asking for the
    next event (the next batch changes it); copy what you keep."""

    @property
    def epoch_fraction(self):
        return self.seen / self.per_epoch

    @property
    def fraction(self):
        """Share of the whole run done, 0..1."""
        return (self.epoch - 1 + self.epoch_fraction) / self.epochs


@dataclass(frozen=True)
class EpochEnd:
    """After an epoch. train_accuracy is measured on the batches as they were
    trained (distorted ones when augmenting), test_accuracy on the test set
    (None without one)."""

    epoch: int
    epochs: int
    loss: float
    train_accuracy: float
    test_accuracy: float | None
    seconds: float          # this epoch, evaluation included
    elapsed: float


@dataclass(frozen=True)
class Finished:
    """The end of a run: the trained network and what it reached."""

    network: Network
    config: TrainConfig
    test_accuracy: float | None
    seconds: float
    training_images: int                            # how many digits an epoch went through
    history: list = field(default_factory=list)     # the EpochEnd events
    negatives: int = 0                              # and how many pictures that are not digits

    def metadata(self, trained_on, **more):
        """What to save with the trained network (see weights.save): the settings, the data it was
        really trained on (``trained_on`` describes it in words), the accuracy and the time."""
        if self.negatives:
            trained_on += f" + {self.negatives:,} pictures that are not digits"
            more = {"not_a_digit_pictures": self.negatives, **more}
        return {"training": self.config.to_dict(), "trained_on": trained_on,
                "training_images": self.training_images, "test_accuracy": self.test_accuracy,
                "seconds": round(self.seconds, 1), **more}


# -- the loop ------------------------------------------------------------------------
def train(config: TrainConfig, train_set: Dataset, test_set: Dataset | None = None,
          network: Network | None = None):
    """Train ``network`` (a fresh one from ``config.seed`` when None) and yield events.

    The network passed in is not modified: training works on a copy, handed
    over in the ``Finished`` event. With ``config.negatives`` the run first makes
    that many pictures that are not digits and trains them as an eleventh output
    (the network in Progress events has 11 outputs; the finished one has ten and
    a ``Doubt``).
    """
    config.check()
    if len(train_set) == 0:
        raise ConfigError(Text("error.train.no_images"))
    init_seed, order_seed, augment_seed, negative_seed = np.random.SeedSequence(config.seed).spawn(4)
    outputs = 11 if config.negatives else 10
    if network is None:
        network = Network.create(PIXELS, config.hidden, outputs, activation=config.activation,
                                 output=OUTPUTS[config.loss], biases=config.biases,
                                 rng=np.random.default_rng(init_seed))
    else:
        network = network.joined() if config.negatives else network.copy()
    start = time.perf_counter()         # making the negatives is part of the run's time
    negatives = 0
    if config.negatives:
        from .data import negatives as made
        pictures = made.make(negatives_for(config, train_set), np.random.default_rng(negative_seed),
                             train_set.images, train_set.labels)
        negatives = len(pictures)
        train_set = train_set.concat(Dataset(pictures, np.full(negatives, made.NOT_A_DIGIT, np.uint8),
                                             "pictures that are not digits"))
    order_rng = np.random.default_rng(order_seed)
    augment = Augmenter(Distortion().scaled(config.distortion), np.random.default_rng(augment_seed)) \
        if config.augment else None
    if config.batch_size == 1 and config.rule == "article" and config.optimizer == "sgd" \
            and not config.momentum and not config.l2 and not augment:
        steps = partial(_article_epoch_steps, network, config.lr, train_set)
    else:
        steps = partial(_batch_epoch_steps, network, Backprop(network, config.batch_size, config.rule),
                        optim.make_optimizer(config.optimizer, network.parameters(), config.momentum),
                        config, train_set, augment=augment)

    history = []
    average, batches = 0.0, 0
    n = len(train_set)
    for epoch in range(1, config.epochs + 1):
        epoch_start = time.perf_counter()
        order = order_rng.permutation(n) if config.shuffle else np.arange(n)
        loss_sum = correct = seen = 0
        for batch_loss, batch_correct, batch_n in steps(order, epoch):
            if not batch_loss < DIVERGED:     # also catches NaN
                raise TrainingDiverged(Text("error.train.diverged", epoch=epoch, loss=f"{batch_loss:.3g}",
                                            lr=f"{config.lr:g}"))
            loss_sum += batch_loss * batch_n
            correct += batch_correct
            seen += batch_n
            batches += 1
            average = SMOOTHING * average + (1 - SMOOTHING) * batch_loss
            yield Progress(epoch, config.epochs, seen, n, loss_sum / seen,
                           average / (1 - SMOOTHING ** batches), time.perf_counter() - start, network)
        test_acc = accuracy(network, test_set) if test_set is not None and len(test_set) else None
        now = time.perf_counter()
        end = EpochEnd(epoch, config.epochs, loss_sum / n, correct / n, test_acc,
                       now - epoch_start, now - start)
        history.append(end)
        yield end
    if config.negatives:
        network = network.split(_doubt_threshold(network, train_set))
    yield Finished(network, config, history[-1].test_accuracy, time.perf_counter() - start, n - negatives,
                   history, negatives)


def stopped_after(network, config, history, train_set, seconds, negatives=0):
    """The Finished event of a run stopped between two epochs: ``network`` is a copy of the network
    taken at the last EpochEnd in ``history`` (with 11 outputs when the run learns "not a digit":
    it is split as at the end of a run, its threshold set on ``train_set``'s digits)."""
    if network.sizes[2] == 11:
        network = network.split(_doubt_threshold(network, train_set))
    return Finished(network, config, history[-1].test_accuracy, seconds, len(train_set), list(history), negatives)


def negatives_for(config, train_set):
    """How many pictures that are not digits a run of ``config`` on ``train_set`` asks for (a few
    of them, spoiled digits that would still be digits, are not made)."""
    return min(config.negatives, len(train_set) // NEGATIVE_SHARE)


def run(config, train_set, test_set=None, network=None):
    """Train to the end without watching; returns the Finished event."""
    for event in train(config, train_set, test_set, network):
        pass
    return event


def _doubt_threshold(joined, data, batch=4000):
    """The "not a digit" threshold of an 11-output network (see DOUBT_REFUSES), rounded to 0.01."""
    digits = np.flatnonzero(data.labels < 10)
    p = np.concatenate([joined.forward(scale(data.images[digits[i:i + batch]]))[:, 10]
                        for i in range(0, len(digits), batch)])
    threshold = float(np.quantile(p, 1 - DOUBT_REFUSES)) if len(p) else DOUBT_THRESHOLDS[1]
    return float(np.clip(np.ceil(threshold * 100) / 100, *DOUBT_THRESHOLDS))


def _batch_epoch_steps(net, backprop, optimizer, config, data, order, epoch, augment=None):
    """One epoch of mini-batch training; yields (mean loss, correct, size) per batch."""
    b = config.batch_size
    params = net.parameters()
    steps_per_epoch = -(-len(order) // b)
    total = steps_per_epoch * config.epochs
    for i, (xb, idx) in enumerate(_batches(data.images, order, b, augment)):
        labels = data.labels[idx].astype(np.intp)
        loss = backprop.run(xb, labels)
        correct = int(np.count_nonzero(backprop.a_o.argmax(axis=1) == labels))
        step = (epoch - 1) * steps_per_epoch + i
        lr = config.lr * optim.lr_factor(config.schedule, step / total)
        optim.add_l2(params, backprop.nabla, config.l2)
        optimizer.step(params, backprop.nabla, lr)
        yield loss, correct, len(idx)


def _batches(images, order, size, augment=None):
    """Yield (inputs, indices) for each batch of ``order``.

    Plain batches are scaled into one reused buffer. Distorted batches are
    prepared one ahead on a worker thread, so the distortion (numpy, which
    releases the GIL) overlaps the previous batch's matrix products; BLAS is
    held to one thread meanwhile, leaving the other core to the distortion
    (measured on 2 cores: 2.9 s an epoch instead of 3.5-4.2 s).
    """
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if augment is None:
        x = np.empty((size, images.shape[1]), DTYPE)
        for idx in chunks:
            yield scale(images[idx], out=x[:len(idx)]), idx
        return

    def distort(idx):
        ink = augment(images[idx])
        return scale_ink(ink, out=ink)

    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"), \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="augment") as pool:
        pending = pool.submit(distort, chunks[0])
        for k, idx in enumerate(chunks):
            x = pending.result()
            if k + 1 < len(chunks):
                pending = pool.submit(distort, chunks[k + 1])
            yield x, idx


def _article_epoch_steps(net, lr, data, order, epoch, chunk=100):
    """One epoch of the article's rule, one sample at a time (the classic preset).

    The same arithmetic as ``Network.train_article`` with the rank-1 updates
    done in place by BLAS ``sger`` on the transposed (Fortran-order) views of
    the weight matrices. Yields (mean loss, correct, size) every ``chunk`` samples.
    """
    from scipy.linalg import blas  # here, not at import: it costs the window 0.26 s to start

    w_ih, w_ho = net.w_ih, net.w_ho
    w_ih_t, w_ho_t = w_ih.T, w_ho.T          # w^T is Fortran-ordered: sger updates it in place
    n_hidden, n_output = w_ih.shape[0], w_ho.shape[0]
    a_h = np.empty(n_hidden, DTYPE)
    a_o = np.empty(n_output, DTYPE)
    e_o = np.empty(n_output, DTYPE)
    e_h = np.empty(n_hidden, DTYPE)
    target = targets(np.arange(n_output), n_output)           # row d: the article's targets for d
    sger = blas.sger
    for first in range(0, len(order), chunk):
        idx = order[first:first + chunk]
        x_all = scale(data.images[idx])
        labels = data.labels[idx]
        loss = 0.0
        correct = 0
        for x, label in zip(x_all, labels):
            sigmoid(np.dot(w_ih, x, out=a_h), out=a_h)
            sigmoid(np.dot(w_ho, a_h, out=a_o), out=a_o)
            np.subtract(target[label], a_o, out=e_o)         # e_o = t - a_o
            loss += 0.5 * float(np.dot(e_o, e_o))
            correct += int(a_o.argmax() == label)
            np.dot(e_o, w_ho, out=e_h)                        # e_h = w_ho^T e_o
            e_o *= sigmoid_prime(a_o)                          # delta_o = e_o * a_o * (1 - a_o)
            e_h *= sigmoid_prime(a_h)                          # delta_h = e_h * a_h * (1 - a_h)
            sger(lr, a_h, e_o, a=w_ho_t, overwrite_a=1)        # w_ho += lr * delta_o a_h^T
            sger(lr, x, e_h, a=w_ih_t, overwrite_a=1)          # w_ih += lr * delta_h x^T
        yield loss / len(idx), correct, len(idx)
