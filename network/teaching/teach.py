"""Teach a network a person's handwriting from a few of their drawings, without MNIST.

The method (chosen by measuring: tests/benchmarks/teach.py; what was measured
and what else was tried is in docs/teaching.md):

1. **Distorted copies.** Every example is taught as itself plus ``copies``
   random distortions (shift, rotation, scale, shear, elastic, thickness:
   ``network.data.augment``), at ``distortion`` strength.
2. **Only the output layer learns.** The hidden layer is kept, so the
   hidden activations a_h (n, hidden) of every copy are computed ONCE; then
   w_ho (10, hidden) and b_o (10,) are fitted by mini-batch SGD with momentum.
   That makes teaching cheap (well under a second of arithmetic for 20
   examples) and the personal accuracy affordable to measure honestly.
3. **Holding the old answers (against forgetting), with the stored moment.**
   For the bundled network, every network trained on this machine (kept when
   training ends) and every network taught from them (teaching keeps the
   hidden layer), Digits keeps M = mean [a_h, 1]^T [a_h, 1] over the MNIST
   training images, as a rank-128 factor F (``network.teaching.hidden_moment``). For an
   output-layer change dP = [w_ho - w_ho_start, b_o - b_o_start] the mean
   squared change of the logits over all of MNIST is tr(dP M dP^T), so

       L = mean_teach CE(softmax(z_o), y)  +  hold_moment/2 * ||dP F||^2

   holds the answers on MNIST without MNIST on disk (its weight grows with
   the number of examples: ``moment_weight``).
4. **Holding the old answers without the moment** (a network from another
   machine, or ``hold_moment=0``). The network's output
   logits z_o = a_h w_ho^T + b_o are held on ``anchors`` *strongly* distorted
   copies of the examples (``anchor_distortion`` strength): digit-like shapes
   around the person's drawings, which stand in for the MNIST a user does not
   have. The loss is

       L = mean_teach CE(softmax(z_o), y)  +  hold/2 * mean_anchors ||m * (z_o - z_o_start)||^2

   (with sigmoid outputs: the squared error against 0.01/0.99 targets in place
   of the cross-entropy). The teaching copies pull the person's style towards
   its labels; the anchors keep the rest of the decision map where it was.
   With ``hold_own=False`` the mask m leaves out the logit of the digit the
   anchor was drawn from; but when ONE digit is taught (the app's usual case,
   corrections of a 7) nothing then holds that digit's logit anywhere and it
   takes over, so the default holds every logit (m = 1).

The learning rate is given as a share of the stiffest curvature of that loss,
lr / L with L = 1/2 lambda_teach + hold lambda_anchors, lambda the largest
eigenvalue of mean [a_h, 1]^T [a_h, 1] over the rows (found by power
iteration): the same setting is then stable for any hidden layer size or
activation (heavy-ball momentum is stable below lr = 2 (1 + momentum) = 3.8 on
the mean loss; a mini-batch is stiffer than the mean, hence 1.5).

``teach`` returns a new Network (the one passed in is never modified);
``personal_accuracy_before`` / ``personal_accuracy_after`` say how well a
network reads the person's examples, measured honestly (k-fold: each example
is read by a network taught without it).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from .. import activations as act
from ..data.augment import Augmenter, Distortion
from ..data.mnist import Dataset
from ..errors import Cancelled, ConfigError, TeachError
from ..i18n import Text, tr
from ..model import DTYPE, Network
from ..pixels import PIXELS, scale, scale_ink
from ..settings import SavedSettings
from .hidden_moment import for_network as moment_for
from .taught_from import KEPT_FROM_BASE, record
from .votes import with_examples

METHOD = "output layer on distorted copies, logits held on strongly distorted copies"
METHOD_MOMENT = "output layer on distorted copies, MNIST logits held by the stored hidden-layer moment"
MAX_COPIES = 10_000
"""At most this many distorted copies in all (the copies per example shrink for big sets)."""
CHUNK = 256
"""Copies distorted and run through the hidden layer per progress/cancel step."""


@dataclass(frozen=True)
class TeachConfig(SavedSettings):
    """Every setting of a teaching run; saved in the taught network's metadata (``to_dict``)."""

    copies: int = 50                 # distorted copies of each example taught (plus the example itself)
    distortion: float = 1.0          # their strength (network.data.augment.Distortion scaled; 1 = as trained)
    anchors: int = 1000              # strongly distorted copies whose output logits are held
    anchor_distortion: float = 2.5   # their strength
    hold: float = 1.0                # weight of the logit-holding penalty
    hold_own: bool = True            # also hold the logit of the digit an anchor was made from
    hold_moment: float = 1.0         # weight of holding the MNIST logits by the stored moment (when there is one:
                                     # then no anchors are made), for up to 20 examples (moment_weight); held
                                     # this hard since the examples vote (docs/teaching.md, 2026-12-03)
    epochs: int = 40                 # passes over the teaching copies, at least...
    min_steps: int = 200             # ...this many SGD steps (few examples make short epochs)
    batch_size: int = 100
    lr: float = 1.5                  # a share of the loss's stiffest curvature (module docstring)
    momentum: float = 0.9
    seed: int = 0

    def check(self):
        """Raise ConfigError (one sentence, in the reader's language) for settings that cannot teach;
        returns self."""
        def bad(key, value, **more):
            raise ConfigError(Text(key, value=value, **more))
        if not (isinstance(self.copies, int) and 0 <= self.copies <= MAX_COPIES):
            bad("error.teach.config.copies", self.copies, most=MAX_COPIES)
        if not (isinstance(self.anchors, int) and 0 <= self.anchors <= MAX_COPIES):
            bad("error.teach.config.anchors", self.anchors, most=MAX_COPIES)
        if not 0 <= self.distortion <= 4:
            bad("error.teach.config.distortion", self.distortion)
        if not 0 <= self.anchor_distortion <= 4:
            bad("error.teach.config.anchor_distortion", self.anchor_distortion)
        if not (self.hold >= 0 and np.isfinite(self.hold)):
            bad("error.teach.config.hold", self.hold)
        if not (self.hold_moment >= 0 and np.isfinite(self.hold_moment)):
            bad("error.teach.config.hold_moment", self.hold_moment)
        if not (isinstance(self.epochs, int) and self.epochs >= 1):
            bad("error.config.epochs", self.epochs)
        if not (isinstance(self.min_steps, int) and 0 <= self.min_steps <= 1_000_000):
            bad("error.teach.config.min_steps", self.min_steps)
        if not (isinstance(self.batch_size, int) and self.batch_size >= 1):
            bad("error.config.batch_size", self.batch_size)
        if not 0 <= self.momentum < 1:
            bad("error.config.momentum", self.momentum)
        if not 0 < self.lr < 2 * (1 + self.momentum):
            bad("error.teach.config.lr", self.lr, most=f"{2 * (1 + self.momentum):g}")
        return self



@dataclass(frozen=True)
class TeachResult:
    """What ``teach`` made and did.

    network: the taught Network (new); config: the TeachConfig used;
    seconds: wall time; examples: how many were taught; copies: teaching rows
    (examples + their distortions); anchors: rows whose logits were held;
    steps: SGD steps; loss: the mean teaching loss of the last epoch;
    method: one line describing the method; train_accuracy: the taught
    network on the examples it was taught (NOT an honest measure: see
    ``personal_accuracy_after``); start: the starting network's record
    (network.teaching.taught_from.record), saved in the metadata so that teaching the
    taught network again starts from the same place (``taught_from.start_of``).
    """

    network: Network
    config: TeachConfig
    seconds: float
    examples: int
    copies: int
    anchors: int
    steps: int
    loss: float
    method: str
    train_accuracy: float
    start: dict

    def metadata(self, base=None, started_from=None, test_accuracy=None):
        """A JSON-able dict to save with the taught network (``weights.save(net, path, **result.metadata(...))``).

        base: the metadata of the network it started from (its training record is kept);
        started_from: that network's name (a file name, "bundled weights"); test_accuracy:
        the taught network's MNIST test accuracy when it was measured (the starting one's
        no longer applies, so it is dropped otherwise).
        """
        meta = {k: v for k, v in (base or {}).items() if k in KEPT_FROM_BASE}
        if test_accuracy is not None:
            meta["test_accuracy"] = test_accuracy
        meta["taught"] = {"started_from": started_from, "personal_examples": self.examples,
                          "method": self.method, "config": self.config.to_dict(),
                          "seconds": round(self.seconds, 2), "start": self.start}
        return meta


# -- input checks -------------------------------------------------------------------
def check_examples(examples):
    """Raise TeachError (one sentence) unless ``examples`` is a Dataset of uint8 (n, 784) images, labels 0-9."""
    if not isinstance(examples, Dataset):
        raise TeachError(Text("error.teach.not_examples"))
    images, labels = np.asarray(examples.images), np.asarray(examples.labels)
    if len(labels) == 0:
        raise TeachError(Text("error.teach.no_examples"))
    if images.dtype != np.uint8 or images.ndim != 2 or images.shape[1] != PIXELS:
        raise TeachError(Text("error.teach.shape", dtype=str(images.dtype), shape=str(images.shape)))
    if labels.ndim != 1 or labels.dtype.kind not in "ui":
        raise TeachError(Text("error.teach.label_type", dtype=str(labels.dtype)))
    outside = labels[(labels < 0) | (labels > 9)]
    if len(outside):
        raise TeachError(Text("error.teach.label", label=int(outside[0])))


def check_network(network):
    """Raise TeachError unless ``network`` reads 784 pixels into 10 digits."""
    if not isinstance(network, Network):
        raise TeachError(Text("error.teach.not_network"))
    if network.sizes[0] != PIXELS or network.sizes[2] != 10:
        raise TeachError(Text("error.teach.sizes", sizes="-".join(map(str, network.sizes))))


# -- the arithmetic -------------------------------------------------------------------
@dataclass
class _Prepared:
    """Hidden activations computed once for a teaching run (or for all folds of a k-fold).

    a_h (m, hidden) and y (m,) of the teaching rows, source (m,) the example
    each row was made from; a_anchor (k, hidden), z_anchor (k, 10) the start
    logits of the anchors, anchor_source (k,); original (n,) the row of each
    example undistorted; curvature: lambda_max of mean [a_h, 1]^T [a_h, 1] of
    the teaching rows, of the anchors (0 without anchors) and of the moment's
    F F^T (0 without it); moment: the HiddenMoment holding the logits, or None.
    """

    a_h: np.ndarray
    y: np.ndarray
    source: np.ndarray
    a_anchor: np.ndarray
    z_anchor: np.ndarray
    anchor_source: np.ndarray
    original: np.ndarray
    curvature: tuple
    moment: object = None


def _plan(n, config):
    """(copies per example, number of anchors) for n examples, within MAX_COPIES."""
    copies = min(config.copies, max(1, MAX_COPIES // n - 1)) if config.copies else 0
    return copies, config.anchors


def _units(n, config):
    """Progress units of preparing n examples: one per CHUNK rows distorted."""
    copies, anchors = _plan(n, config)
    return -(-(n * (copies + 1)) // CHUNK) + -(-anchors // CHUNK)


def _epochs(rows, config):
    """Passes over ``rows`` teaching rows: config.epochs, more when that makes fewer than min_steps steps."""
    per_epoch = -(-rows // config.batch_size)
    return max(config.epochs, -(-config.min_steps // per_epoch))


def _fit_steps(rows, config):
    return _epochs(rows, config) * -(-rows // config.batch_size)


def _protection(network, config):
    """(the HiddenMoment that holds the answers or None, the config to use: no anchors with a moment)."""
    moment = moment_for(network) if config.hold_moment > 0 else None
    return moment, (replace(config, anchors=0) if moment is not None else config)


def _prepare(network, examples, config, rng, tick, moment=None):
    """Distort the examples and run every copy through the (fixed) hidden layer once: a _Prepared.

    ``tick()`` is called after each CHUNK of rows (it polls cancellation and reports progress).
    """
    images, labels = examples.images, examples.labels.astype(np.intp)
    n = len(labels)
    copies, n_anchors = _plan(n, config)
    teach_rng, anchor_rng = rng.spawn(2)
    source = np.concatenate([np.arange(n), np.tile(np.arange(n), copies)])
    augment = Augmenter(Distortion().scaled(config.distortion), teach_rng)
    parts = []
    for first in range(0, len(source), CHUNK):
        idx = source[first:first + CHUNK]
        x = np.empty((len(idx), PIXELS), DTYPE)
        originals = np.arange(first, first + len(idx)) < n     # the first n rows: the examples themselves
        x[originals] = scale(images[idx[originals]])
        if (~originals).any():
            x[~originals] = scale_ink(augment(images[idx[~originals]]))
        parts.append(network.hidden(x))
        tick()
    a_h = np.concatenate(parts)
    anchor_source = anchor_rng.integers(0, n, n_anchors)
    anchor_augment = Augmenter(Distortion().scaled(config.anchor_distortion), anchor_rng)
    a_parts = []
    for first in range(0, n_anchors, CHUNK):
        a_parts.append(network.hidden(scale_ink(anchor_augment(images[anchor_source[first:first + CHUNK]]))))
        tick()
    hidden = network.sizes[1]
    a_anchor = np.concatenate(a_parts) if a_parts else np.zeros((0, hidden), DTYPE)
    z_anchor = network.scores(a_anchor)
    curvature = (_largest_eigenvalue(a_h), _largest_eigenvalue(a_anchor), moment.largest if moment else 0.0)
    return _Prepared(a_h, labels[source], source, a_anchor, z_anchor, anchor_source, np.arange(n), curvature,
                     moment)


def _largest_eigenvalue(a, iterations=30):
    """lambda_max of mean [a, 1]^T [a, 1] for a (rows, hidden), by power iteration (0 for no rows)."""
    if len(a) == 0:
        return 0.0
    v = np.ones(a.shape[1] + 1, np.float64)
    value = 0.0
    for _ in range(iterations):
        v /= np.linalg.norm(v)
        u = a @ v[:-1].astype(DTYPE) + v[-1]                       # [a, 1] v: (rows,)
        w = np.append(u @ a, u.sum()).astype(np.float64) / len(a)  # [a, 1]^T u / rows
        value = float(np.linalg.norm(w))
        v = w
    return value


MOMENT_EXAMPLES, MOMENT_GROWTH = 20, 2.5
"""``hold_moment`` is the moment's weight for up to 20 examples; for n more it is multiplied by
(n / 20) ** 2.5, since more examples pull the output layer further (docs/teaching.md)."""


def moment_weight(hold_moment, examples):
    """The moment's hold weight used when ``examples`` are taught (MOMENT_GROWTH)."""
    return hold_moment * max(1.0, examples / MOMENT_EXAMPLES) ** MOMENT_GROWTH


class _Diverged(Exception):
    """One output-layer fit went unstable (``_fit`` tries again with a smaller step)."""


RUNAWAY = 10.0
"""A fit whose epoch loss passes this many times its first epoch's is stopped at once as unstable
(unstable runs grow exponentially, so they are known within an epoch or two)."""

HALVINGS = 3
"""A fit that goes unstable is tried again with half the learning rate, at most this many times:
the stable step shrinks as examples are added."""


def _fit(network, prep, config, rng, keep=None, tick=lambda: None):
    """``_fit_once`` with the learning rate halved after an unstable run (the same random
    draws each time): (w_ho, b_o, loss, steps, lr used). TeachError when every try diverged."""
    state = rng.bit_generator.state
    for halving in range(HALVINGS + 1):
        lr = config.lr / 2 ** halving
        rng.bit_generator.state = state
        try:
            return (*_fit_once(network, prep, replace(config, lr=lr), rng, keep, tick), lr)
        except _Diverged:
            continue
    raise TeachError(Text("error.teach.diverged", lr=f"{config.lr / 2 ** HALVINGS:g}"))


def _fit_once(network, prep, config, rng, keep=None, tick=lambda: None):
    """Fit the output layer on the prepared rows: (w_ho (10, hidden), b_o (10,), last epoch's mean loss, steps).

    keep (n,) bool: teach only rows (and anchors) made from these examples
    (None: all). Mini-batch SGD with momentum on

        L = mean CE (or squared error) of the teaching rows
            + hold/2 * mean_anchors ||z_o - z_o_start||^2
            + hold_moment/2 * ||[w_ho - w_ho_start, b_o - b_o_start] F||^2   (with a moment F)

        delta_o = dL/dz_o  (softmax + CE: (a_o - onehot(y)) / batch)
        nabla_w_ho = delta_o^T a_h,   nabla_b_o = sum_i delta_o
    """
    rows = np.arange(len(prep.y)) if keep is None else np.flatnonzero(keep[prep.source])
    anchors = np.arange(len(prep.anchor_source)) if keep is None else np.flatnonzero(keep[prep.anchor_source])
    w_ho, b_o = network.w_ho.copy(), network.b_o.copy()
    v_w, v_b = np.zeros_like(w_ho), np.zeros_like(b_o)
    loss_curvature = 0.5 if network.output == "softmax" else 0.1     # the most d2L/dz_o2 reaches
    hold = config.hold * loss_curvature / 0.5    # the squared error's gradients are smaller: hold as much less
    taught = len(prep.original) if keep is None else int(np.count_nonzero(keep))
    hold_moment = np.float32(moment_weight(config.hold_moment, taught) * loss_curvature / 0.5) \
        if prep.moment is not None else 0
    stiffest = loss_curvature * prep.curvature[0] + hold * prep.curvature[1] + hold_moment * prep.curvature[2]
    if hold_moment:
        w_start, b_start = network.w_ho, network.b_o
        f_w, f_b = prep.moment.factor[:-1], prep.moment.factor[-1]      # (hidden, rank), (rank,)
    lr = np.float32(config.lr / max(stiffest, 1e-6))
    mu = np.float32(config.momentum)
    train_bias = network.has_biases
    b = config.batch_size
    per_epoch = -(-len(rows) // b)
    per_step = -(-len(anchors) // per_epoch) if len(anchors) else 0
    steps, loss, first_loss = 0, 0.0, None
    with np.errstate(over="ignore", invalid="ignore"):     # a diverging run is reported below
        for _ in range(_epochs(len(rows), config)):
            order = rows[rng.permutation(len(rows))]
            anchor_order = anchors[rng.permutation(len(anchors))]
            loss_sum = 0.0
            for s in range(per_epoch):
                j = order[s * b:(s + 1) * b]
                a_h, y = prep.a_h[j], prep.y[j]
                z_o = a_h @ w_ho.T
                z_o += b_o
                if network.output == "softmax":
                    loss_sum += act.softmax_cross_entropy(z_o, y, out=z_o) * len(j)
                    delta_o = act.cross_entropy_delta(z_o, y, out=z_o)
                else:
                    act.sigmoid(z_o, out=z_o)
                    loss_sum += act.squared_error(z_o, y) * len(j)
                    delta_o = act.squared_error_delta(z_o, y)      # not in place: it reads a_o twice
                nabla_w = delta_o.T @ a_h
                nabla_b = delta_o.sum(axis=0)
                k = anchor_order[s * per_step:(s + 1) * per_step]
                if len(k) and hold:
                    a_k = prep.a_anchor[k]
                    delta_k = a_k @ w_ho.T
                    delta_k += b_o
                    delta_k -= prep.z_anchor[k]
                    if not config.hold_own:
                        delta_k[np.arange(len(k)), prep.y[prep.original[prep.anchor_source[k]]]] = 0
                    delta_k *= np.float32(hold / len(k))
                    nabla_w += delta_k.T @ a_k
                    nabla_b += delta_k.sum(axis=0)
                if hold_moment:
                    d_f = (w_ho - w_start) @ f_w                        # dP F: (10, rank)
                    d_f += np.outer(b_o - b_start, f_b)
                    d_f *= hold_moment
                    nabla_w += d_f @ f_w.T
                    nabla_b += d_f @ f_b
                v_w *= mu
                v_w += nabla_w
                w_ho -= lr * v_w
                if train_bias:
                    v_b *= mu
                    v_b += nabla_b
                    b_o -= lr * v_b
                steps += 1
                tick()
            loss = loss_sum / len(rows)
            first_loss = loss if first_loss is None else first_loss
            if not np.isfinite(loss) or loss > first_loss * RUNAWAY:
                raise _Diverged()      # growing without bound (it does so from the 2nd-5th epoch): stop now
    # a run whose teaching loss ends above its first epoch's went unstable: never hand its network out
    if not (np.all(np.isfinite(w_ho)) and np.all(np.isfinite(b_o))) or not np.isfinite(loss) \
            or loss > first_loss * 1.5 + 1e-3:
        raise _Diverged()
    return w_ho, b_o, loss, steps


class _Ticker:
    """Calls progress(done, total) and polls should_stop at every tick; ``what`` is the id of
    the sentence a Cancelled carries."""

    def __init__(self, total, progress, should_stop, what):
        self.done, self.total = 0, max(total, 1)
        self.progress, self.should_stop, self.what = progress, should_stop, what

    def __call__(self):
        if self.should_stop is not None and self.should_stop():
            raise Cancelled(Text(self.what))
        self.done += 1
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


# -- the public functions ---------------------------------------------------------------
def teach(network, examples, config=TeachConfig(), *, progress=None, should_stop=None):
    """Teach ``network`` the person's ``examples``: a TeachResult holding a NEW network.

    network: a Network with 784 inputs and 10 outputs (never modified).
    examples: a Dataset, images (n, 784) uint8 (0 background .. 255 ink, as
    ``round(preprocess_ink(...) * 255)`` gives), labels (n,) in 0..9.
    Deterministic given ``config.seed``. ``progress(done, total)`` is called
    after every chunk of copies and every step; ``should_stop()`` is polled
    as often (True: raise Cancelled). Raises TeachError / ConfigError (one
    sentence) for input it cannot use.
    """
    start = time.perf_counter()
    config.check()
    check_network(network)
    check_examples(examples)
    n = len(examples)
    moment, config = _protection(network, config)
    rng = np.random.default_rng(config.seed)
    prepare_rng, fit_rng = rng.spawn(2)
    copies, _ = _plan(n, config)
    tick = _Ticker(_units(n, config) + _fit_steps(n * (copies + 1), config), progress, should_stop, "error.teach.stopped")
    prep = _prepare(network, examples, config, prepare_rng, tick, moment)
    w_ho, b_o, loss, steps, lr = _fit(network, prep, config, fit_rng, tick=tick)
    config = replace(config, lr=lr)             # the result says what was used
    taught = network.with_output_layer(w_ho, b_o)
    taught.votes = None                 # a person's examples vote once attached to the result (teaching.asking)
    correct = taught.scores(prep.a_h[prep.original]).argmax(axis=1) == examples.labels
    return TeachResult(taught, config, time.perf_counter() - start, n, len(prep.y), len(prep.anchor_source),
                       steps, float(loss), METHOD_MOMENT if moment is not None else METHOD,
                       float(np.mean(correct)), record(network))


def personal_accuracy_before(network, examples):
    """Share (0..1) of the examples ``network`` reads right as it is (it never saw them: honest)."""
    check_network(network)
    check_examples(examples)
    return float(np.mean(network.forward(examples.inputs).argmax(axis=1) == examples.labels))


def personal_readings_after(network, examples, config=TeachConfig(), folds=5, *, progress=None,
                            should_stop=None):
    """What each example is read as after teaching, measured by stratified k-fold: (n,) digits, or
    None when there are fewer than 2 examples.

    Method: the examples are dealt into ``folds`` groups (sorted by label and
    dealt in turn, so each group holds a mix of digits; leave-one-out when
    there are fewer examples than folds); each group is read by the network
    taught, with ``config``, on the OTHER groups only. No example is ever read
    by a network that was taught it. It is slightly pessimistic (each run is
    taught on (k-1)/k of the examples). Cost: the distortions and hidden layer
    are computed once, then k output-layer fits (about as long as one
    ``teach`` plus k - 1 short fits).
    """
    config.check()
    check_network(network)
    check_examples(examples)
    n = len(examples)
    if n < 2:
        return None
    k = max(2, min(int(folds), n))
    order = np.lexsort((np.arange(n), examples.labels))
    fold = np.empty(n, np.intp)
    fold[order] = np.arange(n) % k
    moment, config = _protection(network, config)
    rng = np.random.default_rng(config.seed)
    prepare_rng, fit_rng = rng.spawn(2)
    copies, _ = _plan(n, config)
    per_fold = _fit_steps(int(np.ceil(n * (k - 1) / k)) * (copies + 1), config)
    tick = _Ticker(_units(n, config) + k * per_fold, progress, should_stop, "error.teach.measuring_stopped")
    prep = _prepare(network, examples, config, prepare_rng, tick, moment)
    read = np.empty(n, np.intp)
    for f, fold_rng in enumerate(fit_rng.spawn(k)):
        held = fold == f
        w_ho, b_o, _, _, _ = _fit(network, prep, config, fold_rng, keep=~held, tick=tick)
        taught = with_examples(network.with_output_layer(w_ho, b_o, copy_hidden=False),    # the other folds vote,
                               Dataset(examples.images[~held], examples.labels[~held], "other folds"))  # as in use
        read[held] = taught.scores(prep.a_h[prep.original[held]]).argmax(axis=1)
    return read


def personal_accuracy_after(network, examples, config=TeachConfig(), folds=5, *, progress=None,
                            should_stop=None):
    """Share (0..1) of the examples read right after teaching, measured by stratified k-fold
    (``personal_readings_after``); None when there are fewer than 2 examples."""
    read = personal_readings_after(network, examples, config, folds, progress=progress, should_stop=should_stop)
    return None if read is None else float(np.mean(read == examples.labels))


@dataclass(frozen=True)
class PersonalAccuracy:
    """before, after: shares 0..1 (after None with fewer than 2 examples); examples: n;
    folds: k of the k-fold (k = n: leave-one-out, each example read by a network taught
    without it); still_wrong: ((digit, read as, how many), ...) of the examples read wrong after teaching,
    the most first (empty with fewer than 2 examples); read_after: the digit each example was
    read as after teaching (None with fewer than 2)."""

    before: float
    after: float | None
    examples: int
    folds: int
    still_wrong: tuple = ()
    read_after: tuple | None = None


def personal_accuracy(network, examples, config=TeachConfig(), folds=5, *, progress=None, should_stop=None):
    """Before and after teaching, on the person's examples: a PersonalAccuracy (see the two functions)."""
    before = personal_accuracy_before(network, examples)
    read = personal_readings_after(network, examples, config, folds, progress=progress, should_stop=should_stop)
    n = len(examples)
    k = max(2, min(int(folds), n))
    if read is None:
        return PersonalAccuracy(before, None, n, k)
    labels = examples.labels.astype(np.intp)
    wrong = read != labels
    pairs, counts = np.unique(np.stack([labels[wrong], read[wrong]], axis=1), axis=0, return_counts=True)
    still_wrong = tuple(sorted(((int(d), int(r), int(c)) for (d, r), c in zip(pairs, counts)),
                               key=lambda t: (-t[2], t[0], t[1])))
    return PersonalAccuracy(before, float(np.mean(~wrong)), n, k, still_wrong, tuple(int(r) for r in read))


def still_wrong_sentence(still_wrong):
    """One sentence in the current language naming what is still read wrong after teaching (the
    ``still_wrong`` of a PersonalAccuracy) and the digits to draw more of; "" when nothing is."""
    if not still_wrong:
        return ""
    separator = tr("format.list_separator")
    digits = list(dict.fromkeys(d for d, _, _ in still_wrong))
    return tr("teach.result.still_wrong",
              misread=separator.join(tr("teach.result.misread", count=c, digit=d, read=r) for d, r, c in still_wrong),
              kinds=len(digits), digits=separator.join(map(str, digits)))
