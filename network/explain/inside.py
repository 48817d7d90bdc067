"""Inside the network: the real numbers of one drawing, for the "Inside" view and ``digits explain``.

The article's three steps, on one input x (784,) of scaled pixels 0.01..0.99:

1. forward        ``trace``: z_h = w_ih x + b_h, a_h = f(z_h), z_o = w_ho a_h + b_o, a_o = g(z_o);
                  ``push``, ``order``, ``top_pushers``, ``neuron_card``: which hidden
                  neurons made the answer, and how one neuron computes its output;
                  ``evidence``: which pixels made the answer win over the runner-up.
2. error back     ``training_step``: output errors, the errors sent back to the hidden
3. update         layer, the deltas and the weight changes of one step on this drawing;
                  ``apply_step`` makes the change.

Shapes use H for the number of hidden neurons, 784 inputs and 10 outputs (any
sizes work: the functions read them from the network). Everything is float32
like the network, except a few (H,) and (10,) vectors that are worked out in
float64 where that makes the numbers more accurate at no cost.

On a busy machine run them with one BLAS thread
(``threadpoolctl.threadpool_limits(1, "blas")``): products this small gain
little from a second thread, which then waits for a core (docs/performance.md).

Every function is pure (``apply_step`` apart, which changes the weights it is
given) and serves the window, the command line and the tests alike. Texts are
kept out of the numbers: ``formula`` writes the English form of a neuron card.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import activations as act
from ..errors import DataError
from ..i18n import Text
from ..model import DTYPE, Network
from ..pixels import BLANK, PIXELS, SIDE

ARTICLE_LR = 0.3
"""Learning rate of the article's rule when the network's metadata names none (the article's own)."""
GRADIENT_LR = 0.1
"""Learning rate of the gradient rule when the network's metadata names none."""


def _frozen(*arrays):
    for a in arrays:
        a.flags.writeable = False
    return arrays


def _inputs(net: Network, x):
    """x as a float32 vector (input,), checked against the network's input size."""
    x = np.asarray(x, dtype=DTYPE)
    n_input = net.sizes[0]
    if x.size != n_input or x.ndim not in (1, 2):
        raise DataError(Text("error.inside.inputs", inputs=n_input, shape=x.shape))
    return x.reshape(n_input)


_NAMES = {"digit": "error.inside.name.digit", "other": "error.inside.name.other", "label": "error.inside.name.label"}


def _check_digit(net: Network, digit, name="digit"):
    n_output = net.sizes[2]
    if not (isinstance(digit, (int, np.integer)) and 0 <= digit < n_output):
        raise DataError(Text("error.inside.digit", name=Text(_NAMES[name]), last=n_output - 1, value=digit))
    return int(digit)


# -- 1. one forward pass -----------------------------------------------------------
@dataclass(frozen=True)
class Trace:
    """Every number of one forward pass (arrays are read-only).

    x (784,) inputs; z_h (H,) hidden input sums w_ih x + b_h; a_h (H,) hidden
    outputs f(z_h); z_o (10,) output input sums w_ho a_h + b_o, the "scores";
    a_o (10,) outputs g(z_o) (what ``Network.forward`` returns); probabilities
    (10,) (what ``Network.probabilities`` returns); digit, the answer (the most
    probable, as the window shows it); runner_up, the other digit with the
    highest score.
    """

    x: np.ndarray
    z_h: np.ndarray
    a_h: np.ndarray
    z_o: np.ndarray
    a_o: np.ndarray
    probabilities: np.ndarray
    digit: int
    runner_up: int


def trace(net: Network, x) -> Trace:
    """The forward pass of ``net`` on x (784,) (or (28, 28)) with every intermediate.

    Computed by ``Network.feedforward``, the very operations of ``Network.forward`` and
    ``Network.probabilities``, so a_o and probabilities equal theirs bit for bit.
    """
    x = _inputs(net, x)
    one = net.feedforward(x[None, :])                  # the forward pass works on rows of examples
    p = net.share(one.a_o)
    digit = int(p[0].argmax())
    others = one.z_o[0].astype(np.float64)
    others[digit] = -np.inf
    runner_up = int(others.argmax())
    arrays = _frozen(x.copy(), one.z_h[0], one.a_h[0], one.z_o[0], one.a_o[0], p[0])
    return Trace(*arrays, digit=digit, runner_up=runner_up)


@dataclass(frozen=True)
class Vote:
    """One of a person's examples voting for this drawing: ``example`` (its number in the taught
    network's examples, from 1), the ``digit`` it shows, its ``similarity`` (cosine) and what it
    ``adds`` to that digit's score."""

    example: int
    digit: int
    similarity: float
    adds: float


def votes(net: Network, trace: Trace, most=3):
    """The examples a taught network carries that vote for this drawing, the strongest first (at
    most ``most``); () when the network carries none or none is alike enough to vote."""
    if net.votes is None:
        return ()
    a_h = np.asarray(trace.a_h, DTYPE)[None, :]
    adds, similarity = net.votes.votes(a_h)[0], net.votes.similarity(a_h)[0]
    order = [int(i) for i in np.argsort(-adds)[:most] if adds[i] > 0]
    return tuple(Vote(i + 1, int(net.votes.labels[i]), float(similarity[i]), float(adds[i])) for i in order)


@dataclass(frozen=True)
class VoteFloor:
    """How readily a taught network's examples vote for this drawing: ``style``, how far it lies along
    the way the person's examples differ from MNIST (in MNIST's standard deviations); ``limit``,
    beyond which it looks like the person's own drawings; ``floor``, the cosine an example then needs."""

    style: float
    limit: float
    floor: float

    @property
    def like_theirs(self):
        return self.style > self.limit


def vote_floor(net: Network, trace: Trace):
    """The VoteFloor of this drawing, or None when the network's examples vote at one floor (none,
    or a file taught before the style was kept)."""
    if net.votes is None or net.votes.style is None:
        return None
    a_h = np.asarray(trace.a_h, DTYPE)[None, :]
    return VoteFloor(float(net.votes.style_score(a_h)[0]), net.votes.style_sigmas, float(net.votes.floors(a_h)[0]))


def blank_trace(net: Network) -> Trace:
    """The trace of the empty canvas (every input ``BLANK``): the reference of ``evidence``.

    It depends only on the weights: compute it once per network and pass it to
    ``evidence`` to save a matrix product per update (again after the weights change).
    """
    return trace(net, np.full(net.sizes[0], BLANK, DTYPE))


@dataclass(frozen=True)
class DoubtReport:
    """Why the network does or does not call a picture "not a digit" (see network.model.Doubt).

    probability: p(not a digit); threshold: the network calls it "not a digit" from there on;
    score: z_d, the "not a digit" output's input sum; digit, digit_score: the best digit and its
    score z_o; drivers: the hidden neurons that pushed hardest towards "not a digit" rather than
    that digit (``Pusher``s, push = a_h_j (w_d_j - w_ho[digit, j])), largest first; against:
    those that pushed hardest the other way."""

    probability: float
    threshold: float
    score: float
    digit: int
    digit_score: float
    drivers: tuple
    against: tuple

    @property
    def refused(self):
        return self.probability >= self.threshold


def doubt(net: Network, tr: Trace, k=3):
    """The ``DoubtReport`` of one forward pass, or None when the network has no "not a digit" output."""
    if net.doubt is None:
        return None
    a_h = tr.a_h.astype(np.float64)
    score = float(net.doubt.score(tr.a_h[None, :])[0])
    probability = float(net.doubt.probability(tr.z_o[None, :], np.array([score]))[0])
    pushes = a_h * (net.doubt.w.astype(np.float64) - net.w_ho[tr.digit].astype(np.float64))
    ranked = np.argsort(-pushes, kind="stable")

    def pushers(indices):
        return tuple(Pusher(int(j), float(a_h[j]), float(pushes[j])) for j in indices)

    return DoubtReport(probability, net.doubt.threshold, score, tr.digit, float(tr.z_o[tr.digit]),
                 pushers([j for j in ranked[:k] if pushes[j] > 0]), pushers([j for j in ranked[::-1][:k] if pushes[j] < 0]))


# -- 2. hidden neurons for an answer ---------------------------------------------------
def push(net: Network, tr: Trace, digit) -> np.ndarray:
    """(H,) float32: how much each hidden neuron pushed the score of ``digit``.

    push[j] = w_ho[digit, j] * a_h[j]; the score is z_o[digit] = sum(push) + b_o[digit].
    """
    return net.w_ho[_check_digit(net, digit)] * tr.a_h


def order(pushes) -> np.ndarray:
    """(H,) int64: the neurons sorted by push, for a grid read row by row.

    pushes: (H,) from ``push``. The neuron that pushed the answer up the most
    comes first, then smaller and smaller pushes, the neurons that did nothing
    (an inactive relu neuron, push 0) in the middle, and the one that pushed
    against the answer the most last; equal pushes keep the neurons' own order.
    """
    return np.argsort(-np.asarray(pushes), kind="stable")


@dataclass(frozen=True)
class Pusher:
    """A hidden neuron and what it did for an answer: push = w_ho[digit, neuron] * activation."""

    neuron: int
    activation: float
    push: float


def top_pushers(net: Network, tr: Trace, digit, k=10, *, negative=False) -> tuple[Pusher, ...]:
    """The k hidden neurons that pushed the score of ``digit`` the most.

    negative=False: the largest (positive) pushes, largest first; negative=True:
    the most negative pushes (those that argued against ``digit``), most
    negative first. Fewer than k when the network has fewer hidden neurons.
    """
    pushes = push(net, tr, digit)
    signed = -pushes if negative else pushes
    k = max(0, min(int(k), len(pushes)))
    if k == 0:
        return ()
    best = np.argpartition(-signed, k - 1)[:k] if k < len(pushes) else np.arange(len(pushes))
    best = best[np.lexsort((best, -signed[best]))]     # by push, ties by neuron index
    return tuple(Pusher(int(j), float(tr.a_h[j]), float(pushes[j])) for j in best)


@dataclass(frozen=True)
class NeuronCard:
    """How hidden neuron j turned this drawing into its output, with the real numbers.

    weights_in (28, 28) = w_ih[j] as an image; contribution (28, 28) = x * w_ih[j],
    what each pixel of this drawing added to the input sum; weighted_sum =
    contribution.sum() (float64); bias = b_h[j] (0 without biases; has_bias says
    which); z = z_h[j] = weighted_sum + bias (up to float32 rounding); a = a_h[j]
    = function(z); weights_out (10,) = w_ho[:, j]; push (10,) = w_ho[:, j] * a,
    what the neuron added to each output's score. ``formula`` writes it out.
    """

    neuron: int
    function: str
    weights_in: np.ndarray
    contribution: np.ndarray
    weighted_sum: float
    bias: float
    has_bias: bool
    z: float
    a: float
    weights_out: np.ndarray
    push: np.ndarray


def neuron_card(net: Network, tr: Trace, j) -> NeuronCard:
    """The card of hidden neuron j (0 <= j < H) for the drawing of ``tr``.

    The images are (28, 28) when there are 784 inputs, else (input,).
    """
    n_input, n_hidden, _ = net.sizes
    j = int(j)
    if not 0 <= j < n_hidden:
        raise DataError(Text("error.inside.neuron", last=n_hidden - 1, value=j))
    shape = (SIDE, SIDE) if n_input == PIXELS else (n_input,)
    weights_in = net.w_ih[j].copy()
    contribution = tr.x * weights_in
    return NeuronCard(
        neuron=j, function=net.activation,
        weights_in=weights_in.reshape(shape), contribution=contribution.reshape(shape),
        weighted_sum=float(contribution.sum(dtype=np.float64)), bias=float(net.b_h[j]),
        has_bias=net.has_biases, z=float(tr.z_h[j]), a=float(tr.a_h[j]),
        weights_out=net.w_ho[:, j].copy(), push=net.w_ho[:, j] * tr.a_h[j])


def formula(card: NeuronCard, decimals=2) -> str:
    """The English one-liner of a card, e.g. 'a = relu(z) = relu(Σ w·x + b) = relu(3.21 + (-0.40)) = 2.81'.

    A translation formats the card's numbers itself; this is the reference form.
    """
    def num(v):
        text = f"{v:.{decimals}f}"
        return f"({text})" if text.startswith("-") else text

    f = card.function
    if card.has_bias:
        return (f"a = {f}(z) = {f}(Σ w·x + b) = {f}({num(card.weighted_sum)} + {num(card.bias)}) "
                f"= {num(card.a)}")
    return f"a = {f}(z) = {f}(Σ w·x) = {f}({num(card.weighted_sum)}) = {num(card.a)}"


# -- 3. evidence: why this digit and not the other ---------------------------------
def _slopes(net: Network, z, z0):
    """(H,) float64 m = (f(z) - f(z0)) / (z - z0), f'(z) where z == z0: the rescale multipliers."""
    z, z0 = z.astype(np.float64), z0.astype(np.float64)
    f = act.FORWARD[net.activation]
    dz = z - z0                                        # exact: a difference of two float32s
    da = f(z) - f(z0)
    same = dz == 0
    m = np.divide(da, dz, out=np.zeros_like(dz), where=~same)
    if same.any():
        m[same] = act.PRIME[net.activation](f(z[same]))
    return m


def evidence(net: Network, x, digit, other, *, tr: Trace | None = None,
             blank: Trace | None = None) -> np.ndarray:
    """(784,) float32: each pixel's share of why the network scores ``digit`` above ``other``.

    In words: red (positive) pixels pushed towards DIGIT, blue (negative) ones
    towards OTHER; together they add up to how much more the network scores
    DIGIT than OTHER, compared with an empty canvas. Pixels left empty get 0.

    Exactly: with the score difference s(x) = z_o[digit] - z_o[other] and the
    empty canvas x0 (every pixel ``BLANK``), the "rescale" attribution

        c_i = (x_i - x0_i) * sum_j (w_ho[digit, j] - w_ho[other, j]) * m_j * w_ih[j, i]
        m_j = (a_h[j] - a_h0[j]) / (z_h[j] - z_h0[j])       (f'(z_h[j]) when they are equal)

    gives sum_i c_i = s(x) - s(x0) for any hidden activation (up to float
    rounding): the change of each hidden input sum, z_h - z_h0 = w_ih (x - x0),
    splits exactly into the pixels' parts, and each neuron's output change
    a_h - a_h0 is shared out in the same proportions. The output biases cancel.

    tr: ``trace(net, x)`` and blank: ``blank_trace(net)`` when already at hand
    (the live view passes both, and x=None: then this costs one (H,) @ (H, 784)
    product; float64 only for the (H,) multipliers m).
    """
    digit, other = _check_digit(net, digit), _check_digit(net, other, "other")
    if tr is None:
        tr = trace(net, x)
    elif x is not None and not np.array_equal(_inputs(net, x), tr.x):
        raise ValueError("the trace given is not the trace of x.")
    if blank is None:
        blank = blank_trace(net)
    m = _slopes(net, tr.z_h, blank.z_h)
    v = ((net.w_ho[digit].astype(np.float64) - net.w_ho[other]) * m).astype(DTYPE)   # (H,)
    return (v @ net.w_ih) * (tr.x - blank.x)           # (H,) @ (H, 784) -> (784,)


# -- 4. one training step on this drawing ----------------------------------------------
def rule_for(net: Network) -> str:
    """'article' for a sigmoid/sigmoid network without biases (the article's own), else 'gradient'."""
    if net.activation == "sigmoid" and net.output == "sigmoid" and not net.has_biases:
        return "article"
    return "gradient"


def default_lr(metadata, net: Network, *, per_example=False) -> float:
    """The learning rate the Inside view starts with.

    The one the network was trained with (metadata["training"]["lr"]) when the
    metadata records a positive number; else ``ARTICLE_LR`` (0.3) for the
    article's rule and ``GRADIENT_LR`` (0.1) for the gradient rule.

    per_example=True divides a recorded lr by the recorded batch size: the
    batch code averages the gradient over a batch, so a step on one drawing
    then moves the weights as much as that drawing's share of a training
    batch did. (The bundled network: 0.1 / 128. One step at its full 0.1
    makes any label the answer with probability ~1.0 on the same drawing.)
    """
    training = metadata.get("training") if isinstance(metadata, dict) else None
    training = training if isinstance(training, dict) else {}
    lr, batch = training.get("lr"), training.get("batch_size")
    if _positive(lr):
        if per_example and _positive(batch) and int(batch) == batch:
            return float(lr) / int(batch)
        return float(lr)
    return ARTICLE_LR if rule_for(net) == "article" else GRADIENT_LR


def _positive(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and bool(np.isfinite(value)) \
        and value > 0


@dataclass(frozen=True)
class TrainingStep:
    """One training step on one drawing, every intermediate named as in the maths.

    rule 'article' (sigmoid/sigmoid network without biases; ``Network.train_article``):
        t (10,) 0.01 / 0.99 targets, e_o = t - a_o                 output errors
        delta_o = e_o * a_o * (1 - a_o)                           output deltas
        e_h = w_ho^T e_o                                          the raw errors sent back
        delta_h = e_h * fprime_h,  fprime_h = a_h * (1 - a_h)     hidden deltas
        d_w_ho = lr * delta_o a_h^T,  d_w_ih = lr * delta_h x^T   (sign = +1)

    rule 'gradient' (every other network; one-example ``Backprop`` + SGD):
        t (10,) one-hot (softmax) or 0.01 / 0.99 (sigmoid), e_o = t - a_o   output errors
        delta_o = dL/dz_o: a_o - t (softmax + cross-entropy) or
                  (a_o - t) * a_o * (1 - a_o) (sigmoid + squared error)
        e_h = w_ho^T delta_o = dL/da_h                            the deltas sent back
        delta_h = e_h * fprime_h = dL/dz_h, fprime_h = f'(z_h): a(1 - a), 1 - a^2, [z > 0]
        d_w_ho = -lr * delta_o a_h^T,  d_w_ih = -lr * delta_h x^T,
        d_b_o = -lr * delta_o,  d_b_h = -lr * delta_h             (sign = -1)

    So in both rules d_w_ho = sign * lr * delta_o a_h^T (likewise for the others):
    the article's deltas point where the outputs should go, the gradient's
    deltas the other way (they are slopes of the loss). e_o is t - a_o in both.

    Shapes: x (784,), t, z_o, a_o, e_o, delta_o (10,); z_h, a_h, e_h, fprime_h,
    delta_h (H,); d_w_ho (10, H); d_w_ih (H, 784); d_b_h (H,), d_b_o (10,) or None
    without biases. loss: the loss before the step (1/2 sum (t - a_o)^2 or
    -log a_o[label]). label: the digit trained towards; lr: the learning rate.
    """

    rule: str
    lr: float
    label: int
    sign: int
    loss: float
    x: np.ndarray
    t: np.ndarray
    z_h: np.ndarray
    a_h: np.ndarray
    z_o: np.ndarray
    a_o: np.ndarray
    e_o: np.ndarray
    delta_o: np.ndarray
    e_h: np.ndarray
    fprime_h: np.ndarray
    delta_h: np.ndarray
    d_w_ho: np.ndarray
    d_w_ih: np.ndarray
    d_b_h: np.ndarray | None
    d_b_o: np.ndarray | None


def training_step(net: Network, x, label, lr, *, tr: Trace | None = None) -> TrainingStep:
    """The step training on (x (784,), label) with learning rate lr would make; ``net`` is unchanged.

    The rule is ``rule_for(net)``: the article's for its own network, the
    gradient of the network's loss otherwise (see ``TrainingStep``). The
    changes equal those of ``Network.train_article`` (article) or of
    ``Backprop(net, 1, 'gradient')`` followed by ``p -= lr * nabla`` (gradient).
    tr: ``trace(net, x)`` if already at hand.
    """
    label = _check_digit(net, label, "label")
    if not (isinstance(lr, (int, float, np.floating)) and np.isfinite(lr) and lr > 0):
        raise DataError(Text("error.config.lr", value=lr))
    lr = float(lr)
    if tr is None:
        tr = trace(net, x)
    elif x is not None and not np.array_equal(_inputs(net, x), tr.x):
        raise ValueError("the trace given is not the trace of x.")
    x, z_h, a_h, z_o, a_o = tr.x, tr.z_h, tr.a_h, tr.z_o, tr.a_o
    rule = rule_for(net)
    softmax = net.output == "softmax"
    t = act.targets([label], len(a_o), low=0.0, high=1.0)[0] if softmax else act.targets([label], len(a_o))[0]
    e_o = t - a_o
    if softmax:
        loss = float(np.log(np.exp(z_o.astype(np.float64) - z_o.max()).sum()) - (z_o[label] - z_o.max()))
    else:
        loss = float(0.5 * np.sum(e_o.astype(np.float64) ** 2))
    fprime_h = act.PRIME[net.activation](a_h)         # f'(z_h) written with the outputs, as the article does
    if rule == "article":
        delta_o = e_o * act.sigmoid_prime(a_o)
        e_h = net.w_ho.T @ e_o
        delta_h = e_h * fprime_h
        d_w_ho = np.outer(lr * delta_o, a_h)
        d_w_ih = np.outer(lr * delta_h, x)
        d_b_h = d_b_o = None
        sign = 1
    else:
        delta_o = a_o - t if softmax else (a_o - t) * act.sigmoid_prime(a_o)
        e_h = delta_o @ net.w_ho
        delta_h = e_h * fprime_h
        d_w_ho = np.outer(delta_o, a_h)
        d_w_ho *= -lr
        d_w_ih = np.outer(delta_h, x)                 # (H, 784): computed on demand only
        d_w_ih *= -lr
        d_b_h, d_b_o = (-lr * delta_h, -lr * delta_o) if net.has_biases else (None, None)
        sign = -1
    return TrainingStep(rule=rule, lr=lr, label=label, sign=sign, loss=loss, x=x, t=t,
                        z_h=z_h, a_h=a_h, z_o=z_o, a_o=a_o, e_o=e_o, delta_o=delta_o, e_h=e_h,
                        fprime_h=fprime_h, delta_h=delta_h, d_w_ho=d_w_ho, d_w_ih=d_w_ih,
                        d_b_h=d_b_h, d_b_o=d_b_o)


def apply_step(net: Network, step: TrainingStep) -> None:
    """Make the step's change in place: w_ih += d_w_ih, w_ho += d_w_ho (b_h, b_o likewise).

    Only the parameter arrays' values change. To undo, keep copies of
    ``net.parameters()`` beforehand and copy them back (``np.copyto``): adding
    and then subtracting a change does not give the same floats back.
    """
    if step.d_w_ih.shape != net.w_ih.shape or step.d_w_ho.shape != net.w_ho.shape:
        raise ValueError(f"the step is for a {step.d_w_ih.shape[1]}-{step.d_w_ih.shape[0]}-"
                         f"{step.d_w_ho.shape[0]} network, not {'-'.join(map(str, net.sizes))}.")
    if (step.d_b_h is not None) != net.has_biases:
        raise ValueError("the step and the network disagree on biases.")
    net.w_ih += step.d_w_ih
    net.w_ho += step.d_w_ho
    if net.has_biases:
        net.b_h += step.d_b_h
        net.b_o += step.d_b_o


# -- 5. the explanation the command line prints ---------------------------------------
@dataclass(frozen=True)
class Explanation:
    """Why the network gave its answer for one drawing.

    digit, runner_up (ints); confidence = the probability of digit; input (28, 28)
    the 0.01..0.99 inputs; evidence (28, 28) the pixels' shares of
    score(digit) - score(runner_up) (see ``evidence``); hidden: the k ``Pusher``s
    that pushed the answer the most, largest push first.
    """

    digit: int
    runner_up: int
    confidence: float
    input: np.ndarray
    evidence: np.ndarray
    hidden: tuple[Pusher, ...]

    def to_json(self, digits=6) -> dict:
        """Plain Python types for ``json.dumps``: numbers to ``digits`` significant digits.

        {"digit", "runner_up", "confidence", "input": 28 lists of 28, "evidence": same,
        "hidden": [{"neuron", "activation", "push"}, ...]}
        """
        def num(v):
            return float(f"{float(v):.{digits}g}")

        def grid(a):
            return [[num(v) for v in row] for row in np.asarray(a).reshape(-1, SIDE)]

        return {"digit": self.digit, "runner_up": self.runner_up, "confidence": num(self.confidence),
                "input": grid(self.input), "evidence": grid(self.evidence),
                "hidden": [{"neuron": h.neuron, "activation": num(h.activation), "push": num(h.push)}
                           for h in self.hidden]}


def explain(net: Network, x, k=10) -> Explanation:
    """The explanation of the network's answer for x (784,) inputs 0.01..0.99 (784-input networks)."""
    if net.sizes[0] != PIXELS:
        raise DataError(Text("error.inside.explain_inputs", inputs=net.sizes[0]))
    tr = trace(net, x)
    ev = evidence(net, None, tr.digit, tr.runner_up, tr=tr)
    return Explanation(digit=tr.digit, runner_up=tr.runner_up,
                       confidence=float(tr.probabilities[tr.digit]), input=tr.x.reshape(SIDE, SIDE),
                       evidence=ev.reshape(SIDE, SIDE), hidden=top_pushers(net, tr, tr.digit, k))


# -- 6. what teaching (or any change of the weights) changed -------------------------
@dataclass(frozen=True)
class WeightChanges:
    """How the weights of a network changed, hidden neuron by hidden neuron.

    neurons (k,): the hidden neurons whose weights changed most (the sum of
    |change| over their 784 incoming and 10 outgoing weights), most first;
    d_w_ho (10, k): the change of their outgoing weights (output x neuron);
    d_w_ih (k, 784): the change of their incoming weights; w_ih (k, 784):
    their incoming weights after the change (what they look for);
    changed: how many weights changed at all, of ``weights`` in the two matrices.
    """

    neurons: np.ndarray
    d_w_ho: np.ndarray
    d_w_ih: np.ndarray
    w_ih: np.ndarray
    changed: int
    weights: int


def weight_changes(before: Network, after: Network, k=40) -> WeightChanges:
    """What changed from ``before`` to ``after`` (two networks of the same shape); see WeightChanges."""
    if before.sizes != after.sizes:
        raise ValueError("the two networks have different shapes.")
    d_ih, d_ho = after.w_ih - before.w_ih, after.w_ho - before.w_ho
    size = np.abs(d_ih).sum(axis=1) + np.abs(d_ho).sum(axis=0)            # (H,)
    k = max(1, min(int(k), len(size)))
    neurons = np.argsort(-size, kind="stable")[:k]
    changed = int(np.count_nonzero(d_ih) + np.count_nonzero(d_ho))
    return WeightChanges(neurons, d_ho[:, neurons], d_ih[neurons], after.w_ih[neurons].copy(), changed,
                         d_ih.size + d_ho.size)
