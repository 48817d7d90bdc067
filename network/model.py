"""The article's three-layer network: input -> hidden -> output.

Weights are stored as in the article (Rashid's ``wih`` and ``who``):

    w_ih: (hidden, input)     w_ho: (output, hidden)
    b_h:  (hidden,)           b_o:  (output,)       (zeros when biases are off)

Rows are examples. For a batch ``x`` of shape (batch, input):

    z_h = x w_ih^T + b_h        a_h = f(z_h)         f = sigmoid | tanh | relu
    z_o = a_h w_ho^T + b_o      a_o = g(z_o)         g = sigmoid | softmax

The sigmoid output is trained with the squared error against 0.01/0.99 targets
(the article), the softmax output with cross-entropy.

The forward pass is written once, layer by layer (``hidden``, ``scores``,
``outputs``); ``forward`` gives the outputs, ``feedforward`` every number of
the pass (Nielsen's name), which the Inside tab, imagining and teaching read.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations as act
from .errors import ConfigError
from .i18n import Text

OUTPUTS = {"squared": "sigmoid", "cross_entropy": "softmax"}
"""Which output activation goes with which loss."""

DTYPE = np.float32
MAX_HIDDEN = 4096
"""The most hidden neurons Digits trains, loads and teaches. What holds answers while teaching (the
hidden layer's moment, network.teaching.hidden_moment) grows as hidden squared: at 4,096 it takes
about half a minute on two cores after training; OpenBLAS in numpy's wheels crashed computing it at
16,000, and 100,000 would need 75 GB. The bundled network has 1,200."""


@dataclass(frozen=True)
class Pass:
    """Every number of one forward pass over inputs x (rows, input), as the module docstring names them:
    z_h (rows, hidden) hidden input sums, a_h (rows, hidden) hidden outputs, z_o (rows, output)
    output input sums (the "scores"), a_o (rows, output) outputs."""

    z_h: np.ndarray
    a_h: np.ndarray
    z_o: np.ndarray
    a_o: np.ndarray


@dataclass(frozen=True)
class Doubt:
    """The eleventh output, "not a digit", of a softmax network (see the module docstring).

    w (hidden,) float32, b: its weights and bias; threshold: a picture whose probability of being
    no digit is at least this is called "not a digit"."""

    w: np.ndarray
    b: float
    threshold: float = 0.5

    def score(self, a_h):
        """z_d = a_h w_d + b_d: (rows,) from a_h (rows, hidden)."""
        return a_h @ self.w + np.float32(self.b)

    def probability(self, z_o, z_d):
        """p(not a digit) (rows,) from the digits' scores z_o (rows, 10) and z_d (rows,)."""
        z_o = np.asarray(z_o, np.float64)
        top = np.maximum(z_o.max(axis=1), z_d)
        rest = np.exp(z_o - top[:, None]).sum(axis=1)
        own = np.exp(z_d - top)
        return own / (own + rest)

    def copy(self):
        return Doubt(self.w.copy(), float(self.b), self.threshold)


VOTE_STRENGTH, VOTE_FLOOR, VOTE_NEAR_FLOOR, VOTE_STYLE = 20.0, 0.5, 0.25, 2.5
"""How a person's examples vote (``Votes``): the example of each digit whose hidden picture points
most the way the reading's does, cosine s, adds VOTE_STRENGTH * (s - floor), at most VOTE_CAP, to that
digit's score when s is above the floor. The floor is VOTE_FLOOR, or VOTE_NEAR_FLOOR for a reading
that looks like the person's own drawings: one that lies more than VOTE_STYLE of MNIST's standard
deviations along the direction in which their examples differ from MNIST (``style``). Measured on writers 21-30:
tests/benchmarks/teach.py --ask; docs/teaching.md."""
VOTE_CAP = 6.0
"""The most one digit's vote adds: one example cannot overrule a reading the network is sure of
(measured with tests/benchmarks/teach.py --ask --vote VOTE_CAP=...: docs/teaching.md)."""
MAX_VOTERS = 1000


class Votes:
    """A person's own examples voting when the network reads them (a taught network carries them).

    pictures (m, 784) uint8 and labels (m,): the examples as the network reads them; mean (hidden,):
    MNIST's mean hidden output (from the moment that teaching keeps); style (hidden,) or None: the
    direction in which the examples' hidden outputs differ from MNIST's, scaled so that MNIST's
    readings lie along it with standard deviation 1 (``network.teaching.votes.style_direction``).

    A reading's hidden outputs a_h, less that mean, are compared with each example's by their cosine
    s. For each digit, its most alike example adds ``min(cap, strength * max(0, s - floor))`` to the
    digit's score; the floor is ``near_floor`` for a reading that looks like the person's drawings
    (more than ``style_sigmas`` along ``style``), ``floor`` for any other. The vote is local: a picture like none
    of the examples reads exactly as without them.
    """

    def __init__(self, network, pictures, labels, mean, style=None, strength=None, floor=None, near_floor=None,
                 style_sigmas=None, cap=None):
        self.pictures = np.ascontiguousarray(pictures, dtype=np.uint8).reshape(-1, network.sizes[0])
        self.labels = np.ascontiguousarray(labels, dtype=np.uint8).ravel()
        self.mean = np.ascontiguousarray(mean, dtype=DTYPE).ravel()
        self.style = None if style is None else np.ascontiguousarray(style, dtype=DTYPE).ravel()
        if len(self.labels) != len(self.pictures) or len(self.labels) > MAX_VOTERS or \
                self.mean.shape != (network.sizes[1],) or (len(self.labels) and self.labels.max() > 9) \
                or not np.all(np.isfinite(self.mean)) or (self.style is not None and (
                    self.style.shape != self.mean.shape or not np.all(np.isfinite(self.style)))):
            raise ConfigError(Text("error.model.votes"))
        self.strength = float(VOTE_STRENGTH if strength is None else strength)
        self.floor = float(VOTE_FLOOR if floor is None else floor)
        self.near_floor = float(VOTE_NEAR_FLOOR if near_floor is None else near_floor)
        self.style_sigmas = float(VOTE_STYLE if style_sigmas is None else style_sigmas)
        self.cap = float(VOTE_CAP if cap is None else cap)
        from .pixels import scale

        self._units = self._unit(network.hidden(scale(self.pictures))) if len(self.labels) else \
            np.zeros((0, network.sizes[1]), DTYPE)
        self._digits = [np.flatnonzero(self.labels == d) for d in range(10)]
        self._order = np.argsort(self.labels, kind="stable")           # the examples grouped by digit,
        self._present = np.unique(self.labels)                         # for one maximum per digit (bonus)
        self._starts = np.searchsorted(self.labels[self._order], self._present)

    def _unit(self, a_h):
        c = np.asarray(a_h, DTYPE) - self.mean
        return c / np.maximum(np.linalg.norm(c, axis=1, keepdims=True), DTYPE(1e-12))

    def similarity(self, a_h):
        """(rows, m): the cosine of each reading's hidden outputs (less the mean) with each example's."""
        return self._unit(a_h) @ self._units.T

    def style_score(self, a_h):
        """(rows,): how far each reading lies along the direction in which the person's examples
        differ from MNIST, in MNIST's standard deviations (0 without a style)."""
        if self.style is None:
            return np.zeros(len(a_h), DTYPE)
        return (np.asarray(a_h, DTYPE) - self.mean) @ self.style

    def floors(self, a_h):
        """(rows,): the cosine each reading needs with an example for it to vote."""
        return np.where(self.style_score(a_h) > self.style_sigmas, DTYPE(self.near_floor), DTYPE(self.floor))

    def votes(self, a_h):
        """(rows, m): what each example adds to its digit's score for each reading (only the most
        alike example of each digit votes)."""
        s = self.similarity(a_h)
        v = self.strength * np.maximum(s - self.floors(a_h)[:, None], 0)
        rows = np.arange(len(v))
        for members in self._digits:
            if len(members) > 1:
                best = members[np.argmax(s[:, members], axis=1)]
                kept = v[rows, best]
                v[:, members] = 0
                v[rows, best] = kept
        return np.minimum(v, self.cap)

    def bonus(self, a_h):
        """(rows, 10): what the examples add to each digit's score (``votes`` summed by digit; this
        is the same number without the per-example table, for live reading)."""
        out = np.zeros((len(a_h), 10), DTYPE)
        if not len(self.labels):
            return out
        best = np.maximum.reduceat(self.similarity(a_h)[:, self._order], self._starts, axis=1)
        out[:, self._present] = np.minimum(self.strength * np.maximum(best - self.floors(a_h)[:, None], 0), self.cap)
        return out

    def __len__(self):
        return len(self.labels)


class Network:
    """A network with one hidden layer, as in "Make Your Own Neural Network".

    Parameters are float32 arrays (see the module docstring for shapes);
    ``activation`` names the hidden activation and ``output`` the output one
    ('sigmoid' for the article, 'softmax' for cross-entropy training).
    """

    def __init__(self, w_ih, w_ho, b_h=None, b_o=None, *, activation="sigmoid", output="sigmoid", doubt=None,
                 votes=None):
        if activation not in act.FORWARD:
            raise ConfigError(Text("error.model.activation", value=repr(activation), names=", ".join(act.FORWARD)))
        if output not in ("sigmoid", "softmax"):
            raise ConfigError(Text("error.model.output", value=repr(output)))
        self.w_ih = np.ascontiguousarray(w_ih, dtype=DTYPE)
        self.w_ho = np.ascontiguousarray(w_ho, dtype=DTYPE)
        n_hidden, n_input = self.w_ih.shape
        n_output = self.w_ho.shape[0]
        if n_hidden == 0 or n_input == 0 or n_output == 0:
            raise ConfigError(Text("error.model.empty_layer", layers=f"{n_input}-{n_hidden}-{n_output}"))
        if self.w_ho.shape != (n_output, n_hidden):
            raise ConfigError(Text("error.model.w_ho_shape", shape=self.w_ho.shape,
                                   expected=(n_output, n_hidden)))
        self.has_biases = b_h is not None
        self.b_h = np.zeros(n_hidden, DTYPE) if b_h is None else np.array(b_h, dtype=DTYPE)
        self.b_o = np.zeros(n_output, DTYPE) if b_o is None else np.array(b_o, dtype=DTYPE)
        self.activation = activation
        self.output = output
        if doubt is not None:
            if output != "softmax" or np.shape(doubt.w) != (n_hidden,):
                raise ConfigError(Text("error.model.doubt"))
            doubt = Doubt(np.ascontiguousarray(doubt.w, dtype=DTYPE), float(doubt.b), float(doubt.threshold))
        self.doubt = doubt
        """The "not a digit" output (a Doubt), or None: this network cannot tell digits from other pictures."""
        self.votes = votes
        """A person's examples voting when it reads (Votes; set with ``with_votes``), or None."""

    # -- construction -------------------------------------------------------
    @classmethod
    def create(cls, n_input=784, n_hidden=100, n_output=10, *, activation="sigmoid",
               output="sigmoid", biases=False, rng=None):
        """A fresh network with weights drawn from N(0, gain^2 / fan_in).

        gain = 1 gives the article's N(0, n^-0.5) (standard deviation 1/sqrt of
        the incoming links); relu layers use gain = sqrt(2) (He et al. 2015).
        Biases start at zero.
        """
        rng = np.random.default_rng(rng)
        gain = np.sqrt(2.0) if activation == "relu" else 1.0
        w_ih = rng.normal(0.0, gain * n_input ** -0.5, (n_hidden, n_input))
        w_ho = rng.normal(0.0, n_hidden ** -0.5, (n_output, n_hidden))
        b = (np.zeros(n_hidden), np.zeros(n_output)) if biases else (None, None)
        return cls(w_ih, w_ho, *b, activation=activation, output=output)

    def copy(self):
        """An independent copy (training works on copies; see app/ workers)."""
        return self.with_output_layer(self.w_ho.copy(), self.b_o.copy())

    def with_votes(self, pictures, labels, mean, style=None, **how):
        """This network (sharing its arrays) with a person's examples voting when it reads (Votes);
        no examples: none voting."""
        net = self.with_output_layer(self.w_ho, self.b_o, copy_hidden=False)
        net.votes = Votes(net, pictures, labels, mean, style, **how) if len(labels) else None
        return net

    def with_output_layer(self, w_ho, b_o, copy_hidden=True, doubt=False):
        """A new Network: this one's hidden layer (w_ih, b_h; copied unless ``copy_hidden`` is False,
        then shared) with the output layer w_ho (output, hidden), b_o (output,), and this one's
        "not a digit" output (or ``doubt``, a Doubt or None, when given). Teaching changes only the
        output layer, so a taught network is made this way."""
        w_ih = self.w_ih.copy() if copy_hidden else self.w_ih
        b = ((self.b_h.copy() if copy_hidden else self.b_h), b_o) if self.has_biases else (None, None)
        doubt = (self.doubt and self.doubt.copy()) if doubt is False else doubt
        net = Network(w_ih, w_ho, *b, activation=self.activation, output=self.output, doubt=doubt)
        net.votes = self.votes          # the same hidden layer: the same examples' pictures of it
        return net

    def joined(self):
        """This network with its "not a digit" output as an eleventh row of w_ho (for training on
        negatives); a new row of small random weights when it has none."""
        if self.doubt is None:
            w_d = np.random.default_rng(0).normal(0.0, self.sizes[1] ** -0.5, self.sizes[1])
            b_d = 0.0
        else:
            w_d, b_d = self.doubt.w, self.doubt.b
        b_o = np.append(self.b_o, np.float32(b_d)) if self.has_biases else None
        b = (self.b_h.copy(), b_o) if self.has_biases else (None, None)
        return Network(self.w_ih.copy(), np.vstack([self.w_ho, w_d]), *b, activation=self.activation,
                       output=self.output)

    def split(self, threshold=0.5):
        """The inverse of ``joined``: an 11-output network as ten digits and a Doubt."""
        doubt = Doubt(self.w_ho[10].copy(), float(self.b_o[10]), threshold)
        return self.with_output_layer(self.w_ho[:10].copy(), self.b_o[:10].copy(), doubt=doubt)

    @property
    def sizes(self):
        """(input, hidden, output) node counts."""
        return (self.w_ih.shape[1], self.w_ih.shape[0], self.w_ho.shape[0])

    def parameters(self):
        """The arrays training updates, in a fixed order: w_ih, w_ho[, b_h, b_o]."""
        return [self.w_ih, self.w_ho] + ([self.b_h, self.b_o] if self.has_biases else [])

    # -- inference: the forward pass, layer by layer ---------------------------
    def hidden_sums(self, x):
        """z_h = x w_ih^T + b_h: (rows, hidden) float32 for inputs x (rows, input)."""
        z_h = np.asarray(x, dtype=DTYPE) @ self.w_ih.T
        z_h += self.b_h
        return z_h

    def hidden(self, x):
        """a_h = f(z_h): the hidden layer's outputs (rows, hidden) for inputs x (rows, input)."""
        z_h = self.hidden_sums(x)
        return act.FORWARD[self.activation](z_h, out=z_h)

    def scores(self, a_h):
        """z_o = a_h w_ho^T + b_o: the output layer's input sums (rows, output) from a_h (rows, hidden),
        plus what a person's examples vote (``votes``) when the network carries some."""
        z_o = a_h @ self.w_ho.T
        z_o += self.b_o
        if self.votes is not None:
            z_o += self.votes.bonus(a_h)
        return z_o

    def outputs(self, z_o):
        """a_o = g(z_o): sigmoid outputs or softmax probabilities, a new array the shape of z_o."""
        return act.softmax(z_o) if self.output == "softmax" else act.sigmoid(z_o)

    def feedforward(self, x) -> Pass:
        """Every number of the forward pass over x (rows, input): a Pass (z_h, a_h, z_o, a_o)."""
        z_h = self.hidden_sums(x)
        a_h = act.FORWARD[self.activation](z_h)            # a new array: z_h is kept
        z_o = self.scores(a_h)
        return Pass(z_h, a_h, z_o, self.outputs(z_o))

    def forward(self, x):
        """Outputs a_o for inputs x.

        x: (batch, input) or (input,) of scaled pixels (0.01..1).
        Returns (batch, output) or (output,) float32: sigmoid outputs or softmax
        probabilities. The same numbers as ``feedforward(x).a_o``.
        """
        x = np.asarray(x, dtype=DTYPE)
        single = x.ndim == 1
        a_o = self.outputs(self.scores(self.hidden(x[None, :] if single else x)))
        return a_o[0] if single else a_o

    def share(self, a_o):
        """Outputs a_o made to sum to 1 along the last axis: softmax outputs already do; the
        article's independent sigmoid outputs are divided by their sum, so they read as a share
        of the network's belief."""
        return a_o if self.output == "softmax" else a_o / a_o.sum(axis=-1, keepdims=True)

    def probabilities(self, x):
        """Forward outputs made to sum to 1 per example (``share``). Same shapes as ``forward``."""
        return self.share(self.forward(x))

    def not_a_digit(self, x):
        """p(not a digit) for inputs x (rows, input) or (input,): (rows,) or a float; None when this
        network has no "not a digit" output."""
        if self.doubt is None:
            return None
        x = np.asarray(x, dtype=DTYPE)
        single = x.ndim == 1
        a_h = self.hidden(x[None, :] if single else x)
        p = self.doubt.probability(self.scores(a_h), self.doubt.score(a_h))
        return float(p[0]) if single else p

    # -- the article's training rule, one sample at a time ------------------
    def train_article(self, inputs, targets, lr):
        """One step of the article's ``train()``: a single example, column vectors.

        inputs: (input,), targets: (output,) with 0.01/0.99 entries. With
        sigmoid layers and no biases, exactly as the article writes it:

            e_o = t - a_o                         output errors
            e_h = w_ho^T e_o                      errors split back by the weights
            w_ho += lr * (e_o * a_o * (1 - a_o)) . a_h^T
            w_ih += lr * (e_h * a_h * (1 - a_h)) . x^T

        Note that e_h is the raw output error sent back, not the gradient
        (which would send back e_o * a_o * (1 - a_o)); the fast path in
        ``network.train`` uses the same rule ("article") for the classic preset.
        """
        x = np.asarray(inputs, dtype=DTYPE).reshape(-1, 1)
        t = np.asarray(targets, dtype=DTYPE).reshape(-1, 1)
        a_h = act.sigmoid(self.w_ih @ x)
        a_o = act.sigmoid(self.w_ho @ a_h)
        e_o = t - a_o
        e_h = self.w_ho.T @ e_o
        self.w_ho += lr * (e_o * act.sigmoid_prime(a_o)) @ a_h.T
        self.w_ih += lr * (e_h * act.sigmoid_prime(a_h)) @ x.T


class Backprop:
    """Loss and gradients of a batch, with buffers allocated once.

    ``rule='gradient'`` is back-propagation of the true gradient of the mean
    loss. ``rule='article'`` sends the raw output error back instead, as the
    article does (only with sigmoid outputs and squared error).

        delta_o = dL/dz_o                           (batch, output)
        delta_h = (delta_o w_ho) * f'(a_h)          gradient rule
        delta_h = ((a_o - t)/batch w_ho) * f'(a_h)  article rule
        nabla_w_ho = delta_o^T a_h,   nabla_b_o = sum_i delta_o
        nabla_w_ih = delta_h^T x,     nabla_b_h = sum_i delta_h

    After ``run`` the gradients are in ``self.nabla`` (same order as
    ``net.parameters()``) and the activations of the batch in ``a_h``/``a_o``.
    """

    def __init__(self, net: Network, batch_size: int, rule: str = "gradient"):
        if rule == "article" and net.output != "sigmoid":
            raise ConfigError(Text("error.model.article_rule"))
        n_input, n_hidden, n_output = net.sizes
        self.net, self.rule = net, rule
        self._a_h = np.empty((batch_size, n_hidden), DTYPE)
        self._a_o = np.empty((batch_size, n_output), DTYPE)
        self._delta_o = np.empty((batch_size, n_output), DTYPE)
        self._delta_h = np.empty((batch_size, n_hidden), DTYPE)
        self._targets = np.empty((batch_size, n_output), DTYPE)
        self.nabla = [np.empty_like(p) for p in net.parameters()]

    def run(self, x, labels):
        """Fill ``self.nabla`` for x: (n, input) float32, labels: (n,) ints. Returns the mean loss."""
        net, n = self.net, len(x)
        a_h, a_o = self._a_h[:n], self._a_o[:n]
        delta_o, delta_h = self._delta_o[:n], self._delta_h[:n]
        # forward
        np.dot(x, net.w_ih.T, out=a_h)
        if net.has_biases:
            a_h += net.b_h
        act.FORWARD[net.activation](a_h, out=a_h)
        np.dot(a_h, net.w_ho.T, out=a_o)
        if net.has_biases:
            a_o += net.b_o
        # loss and output delta
        if net.output == "softmax":
            loss = act.softmax_cross_entropy(a_o, labels, out=a_o)
            act.cross_entropy_delta(a_o, labels, out=delta_o)
        else:
            act.sigmoid(a_o, out=a_o)
            loss = act.squared_error(a_o, labels)
            act.squared_error_delta(a_o, labels, out=delta_o)
        # hidden delta
        if self.rule == "article":
            t = act.targets(labels, out=self._targets[:n])
            np.subtract(a_o, t, out=t)
            t *= 1.0 / n
            np.dot(t, net.w_ho, out=delta_h)
        else:
            np.dot(delta_o, net.w_ho, out=delta_h)
        act.backward(net.activation, a_h, delta_h)
        # gradients
        np.dot(delta_h.T, x, out=self.nabla[0])
        np.dot(delta_o.T, a_h, out=self.nabla[1])
        if net.has_biases:
            np.sum(delta_h, axis=0, out=self.nabla[2])
            np.sum(delta_o, axis=0, out=self.nabla[3])
        self.a_h, self.a_o = a_h, a_o
        return loss
