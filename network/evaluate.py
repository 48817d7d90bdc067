"""How well a network does on a labelled Dataset."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data.mnist import Dataset
from .pixels import scale


def predictions(net, data: Dataset, batch_size=2000):
    """The predicted digit of every image in data: (n,) int64."""
    return _answers(net, data, batch_size)[0]


def refused(net, data: Dataset, batch_size=2000):
    """How many images of data the network calls "not a digit" (None when it cannot say it)."""
    return _answers(net, data, batch_size)[1]


def _answers(net, data, batch_size=2000):
    """(predictions, refused) in one forward pass over data (see the two functions above)."""
    out = np.empty(len(data), np.int64)
    count = None if net.doubt is None else 0
    for i in range(0, len(data), batch_size):
        one = net.feedforward(scale(data.images[i:i + batch_size]))
        # [:, :10]: a network in training may have an eleventh output, "not a digit" (see model.Doubt)
        out[i:i + batch_size] = one.a_o[:, :10].argmax(axis=1)
        if count is not None:
            p = net.doubt.probability(one.z_o, net.doubt.score(one.a_h))
            count += int(np.count_nonzero(p >= net.doubt.threshold))
    return out, count


def accuracy(net, data: Dataset):
    """Share of data the network labels correctly, 0..1."""
    return float(np.mean(predictions(net, data) == data.labels))


def accuracies(nets, data: Dataset, batch_size=2000):
    """Share of data each of ``nets`` labels correctly: a list, the same numbers ``accuracy`` gives.
    Networks with one hidden layer between them (a taught network and the one it was taught from:
    teaching changes only the output layer) compute it once, the costly part of a reading."""
    right = [0] * len(nets)
    owner = [next(j for j in range(k + 1) if _same_hidden(nets[j], net)) for k, net in enumerate(nets)]
    for i in range(0, len(data), batch_size):
        x = scale(data.images[i:i + batch_size])
        hidden = {}
        for k, net in enumerate(nets):
            if owner[k] not in hidden:
                hidden[owner[k]] = net.hidden(x)
            a_o = net.outputs(net.scores(hidden[owner[k]]))
            right[k] += int(np.count_nonzero(a_o[:, :10].argmax(axis=1) == data.labels[i:i + batch_size]))
    return [r / len(data) for r in right]


def _same_hidden(a, b):
    """True when networks a and b have the very same hidden layer."""
    return a is b or (a.activation == b.activation and a.w_ih.shape == b.w_ih.shape
                      and np.array_equal(a.w_ih, b.w_ih) and np.array_equal(a.b_h, b.b_h))


def confusion_matrix(labels, predicted, k=10):
    """C (k, k): C[i, j] counts images of digit i predicted as j."""
    return np.bincount(np.asarray(labels, np.int64) * k + predicted, minlength=k * k).reshape(k, k)


@dataclass(frozen=True)
class Evaluation:
    """accuracy (0..1), per_digit (10,) recall of each digit, confusion (10, 10), predictions (n,);
    refused: how many images the network called "not a digit" (None when it cannot say it; they
    still count with their best guess in the accuracy)."""

    accuracy: float
    per_digit: np.ndarray
    confusion: np.ndarray
    predictions: np.ndarray
    refused: int | None = None


def evaluate(net, data: Dataset):
    """Accuracy, per-digit accuracy and confusion matrix of net on data."""
    predicted, refused_count = _answers(net, data)
    confusion = confusion_matrix(data.labels, predicted)
    totals = confusion.sum(axis=1)
    per_digit = np.divide(np.diag(confusion), totals, out=np.zeros(10), where=totals > 0)
    return Evaluation(float(np.mean(predicted == data.labels)), per_digit, confusion, predicted, refused_count)


def mistakes(evaluation: Evaluation, labels, true=None, predicted=None, limit=100):
    """Indices of test images with this true digit and this answer (None: any), mistakes only
    unless true == predicted; at most ``limit``."""
    labels = np.asarray(labels)
    chosen = np.ones(len(labels), bool) if true == predicted and true is not None else \
        evaluation.predictions != labels
    if true is not None:
        chosen &= labels == true
    if predicted is not None:
        chosen &= evaluation.predictions == predicted
    return np.flatnonzero(chosen)[:limit]
