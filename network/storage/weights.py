"""Weight files: a plain, documented .npz format (``network.storage.npz``); never pickle.

Format (version 1): an archive holding

    w_ih      float32 (hidden, 784)   input -> hidden weights
    w_ho      float32 (10, hidden)    hidden -> output weights
    b_h, b_o  float32 (hidden,), (10,) biases (absent when the network has none)
    w_d, b_d  float32 (hidden,), (1,)  the "not a digit" output (``model.Doubt``; absent when the
              network has none, and then it cannot tell digits from other pictures); its
              threshold is the metadata's "not_a_digit": {"threshold": p}
    vote_pictures uint8 (m, 784), vote_labels uint8 (m,), vote_mean float32 (hidden,)
              a taught network's examples, which vote when it reads (``model.Votes``,
              network.teaching.votes); absent when it carries none
    vote_style float32 (hidden,)  the direction in which those examples differ from MNIST
              (``teaching.votes.style_direction``); absent in files taught before it (their examples
              then vote at the one floor)
    metadata  a string of JSON: {"format": "digits-weights", "version": 1,
              "layers": [784, hidden, 10], "activation", "output", "biases",
              "input_scaling", "training": {...}, "test_accuracy", "created", ...}

It is read by ``npz.read`` (headers first, no pickle, nothing large before it is
checked). An article-style file also loads: the
two matrices ``wih`` (hidden x 784) and ``who`` (10 x hidden) saved with
``numpy.savez(file, wih=..., who=...)`` (or positionally as arr_0, arr_1), taken
to be the article's sigmoid network without biases.

Every failure is a ``WeightsError`` with one sentence; nothing is changed.
Saving is atomic (``npz.write``): a crash mid-save never damages an existing file.
"""
from __future__ import annotations

import datetime
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ConfigError, SystemReason, WeightsError
from ..i18n import Text
from ..model import MAX_HIDDEN, MAX_VOTERS, Doubt, Network
from ..pixels import ARTICLE_SCALING, PIXELS
from . import npz

FORMAT, VERSION = "digits-weights", 1
N_OUTPUT = 10
MAX_FILE_BYTES = 1 << 30
BUNDLED = "default_weights.npz"


# -- saving -------------------------------------------------------------------------
GENERATED = ("format", "version", "layers", "activation", "output", "biases", "input_scaling", "created")
"""Metadata keys that describe the file and the network itself: always written afresh on saving."""


def metadata_for(net: Network, **extra):
    """The metadata saved with ``net``: its shape, then anything in ``extra`` (JSON-able).

    Keys of GENERATED in ``extra`` are ignored (they describe this file, not
    a training run), so metadata read from one file can be saved with another.
    """
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "layers": list(net.sizes),
        "activation": net.activation,
        "output": net.output,
        "biases": net.has_biases,
        "input_scaling": ARTICLE_SCALING,
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    meta.update((k, v) for k, v in extra.items() if k not in GENERATED)
    return meta


def save(net: Network, path, **metadata):
    """Write ``net`` to ``path`` atomically. ``metadata`` (JSON-able) is stored alongside.

    Returns the metadata written. Raises WeightsError if the folder cannot be written.
    """
    path = Path(path)
    meta = metadata_for(net, **metadata)
    arrays = {"w_ih": net.w_ih, "w_ho": net.w_ho}
    if net.has_biases:
        arrays.update(b_h=net.b_h, b_o=net.b_o)
    if net.votes is not None:           # a taught network's examples, which vote when it reads
        arrays.update(vote_pictures=net.votes.pictures, vote_labels=net.votes.labels, vote_mean=net.votes.mean)
        if net.votes.style is not None:
            arrays.update(vote_style=net.votes.style)
    if net.doubt is not None:
        arrays.update(w_d=net.doubt.w, b_d=np.array([net.doubt.b], np.float32))
        meta["not_a_digit"] = {"threshold": net.doubt.threshold}
    else:
        meta.pop("not_a_digit", None)
    try:
        npz.write(path, arrays, meta)
    except OSError as e:
        raise WeightsError(Text("error.weights.save", path=path, reason=SystemReason(e))) from None
    return meta


# -- loading ------------------------------------------------------------------------
def _check_arrays(headers, name):
    """Which layout the file uses, and sizes checked before anything is read."""
    keys = set(headers)
    if {"w_ih", "w_ho", "metadata"} <= keys:
        layout = "digits"
    elif {"wih", "who"} <= keys:
        layout = "article"
    elif keys == {"arr_0", "arr_1"}:
        layout = "positional"
    else:
        raise WeightsError(Text("error.weights.wrong_arrays", name=name,
                                arrays=", ".join(sorted(keys)) or Text("error.weights.nothing")))
    for key, (shape, dtype) in headers.items():
        if key == "metadata":
            continue
        if key in VOTE_ARRAYS:          # a taught network's examples: pictures and digits, uint8
            if dtype != np.uint8 or len(shape) > 2 or int(np.prod(shape, dtype=object)) > MAX_VOTERS * PIXELS:
                raise WeightsError(Text("error.weights.absurd_shape", name=name, key=key, shape=shape))
            continue
        if dtype.kind != "f":
            raise WeightsError(Text("error.weights.not_float", name=name, key=key, dtype=dtype))
        if len(shape) > 2 or int(np.prod(shape, dtype=object)) > MAX_HIDDEN * PIXELS:
            raise WeightsError(Text("error.weights.absurd_shape", name=name, key=key, shape=shape))
    return layout


MAX_WEIGHT = 1e4
"""The largest weight or bias a file may hold. Trained networks hold a few units at most (the bundled
one: 4.5); at 3e38 the forward pass overflows and every answer is NaN."""


def _expect(array, shape, key, name):
    if array.shape != shape:
        raise WeightsError(Text("error.weights.shape", name=name, key=key, shape=array.shape, expected=shape))
    if not np.all(np.isfinite(array)):
        raise WeightsError(Text("error.weights.not_finite", name=name, key=key))
    if array.size and float(np.abs(array).max()) > MAX_WEIGHT:
        raise WeightsError(Text("error.weights.too_large", name=name, key=key, most=f"{MAX_WEIGHT:g}"))


def _metadata(archive, name):
    try:
        meta = archive.metadata(FORMAT)
    except npz.Unreadable as e:
        if e.reason.key == "error.npz.format":
            raise WeightsError(Text("error.weights.not_digits", name=name, format=repr(FORMAT))) from None
        raise
    if not isinstance(meta.get("version"), int) or meta["version"] > VERSION:
        raise WeightsError(Text("error.weights.version", name=name, version=meta.get("version"), known=VERSION))
    layers = meta.get("layers")
    if not (isinstance(layers, list) and len(layers) == 3 and all(isinstance(v, int) for v in layers)):
        raise WeightsError(Text("error.weights.no_layers", name=name))
    if layers[0] != PIXELS or layers[2] != N_OUTPUT or not 1 <= layers[1] <= MAX_HIDDEN:
        raise WeightsError(Text("error.weights.layers", name=name, layers="-".join(map(str, layers)),
                                most=MAX_HIDDEN))
    if meta.get("activation") not in ("sigmoid", "tanh", "relu") or meta.get("output") not in ("sigmoid", "softmax"):
        raise WeightsError(Text("error.weights.activation", name=name))
    return meta


def load(path):
    """(Network, metadata) from a weight file; WeightsError (one sentence) on any problem."""
    path = Path(path)
    name = path.name
    try:
        with npz.read(path, MAX_FILE_BYTES) as archive:
            return _load(archive, name)
    except npz.Unreadable as e:
        if e.missing:
            raise WeightsError(Text("error.file.not_found", path=path)) from None
        raise WeightsError(Text("error.weights.unreadable", name=name, reason=e.reason)) from None


def _load(archive, name):
    headers = archive.headers
    layout = _check_arrays(headers, name)
    if layout == "digits":
        meta = _metadata(archive, name)
        n_hidden = meta["layers"][1]
        w_ih, w_ho = archive.array("w_ih"), archive.array("w_ho")
        _expect(w_ih, (n_hidden, PIXELS), "w_ih", name)
        _expect(w_ho, (N_OUTPUT, n_hidden), "w_ho", name)
        biases = (None, None)
        if meta.get("biases"):
            if not {"b_h", "b_o"} <= set(headers):
                raise WeightsError(Text("error.weights.no_biases", name=name))
            biases = (archive.array("b_h"), archive.array("b_o"))
            _expect(biases[0], (n_hidden,), "b_h", name)
            _expect(biases[1], (N_OUTPUT,), "b_o", name)
        net = Network(w_ih, w_ho, *biases, activation=meta["activation"], output=meta["output"],
                      doubt=_doubt(archive, meta, n_hidden, name))
        return _votes(archive, net, name), meta
    keys = ("wih", "who") if layout == "article" else ("arr_0", "arr_1")
    w_ih, w_ho = (archive.array(key) for key in keys)
    if w_ih.ndim != 2 or w_ih.shape[1] != PIXELS or not 1 <= w_ih.shape[0] <= MAX_HIDDEN:
        raise WeightsError(Text("error.weights.article_shape", name=name, key=keys[0], shape=w_ih.shape,
                                most=MAX_HIDDEN))
    _expect(w_ih, (w_ih.shape[0], PIXELS), keys[0], name)
    _expect(w_ho, (N_OUTPUT, w_ih.shape[0]), keys[1], name)
    net = Network(w_ih, w_ho, activation="sigmoid", output="sigmoid")
    meta = metadata_for(net, source="article-style file (wih, who)")
    meta.pop("created")
    return net, meta


VOTE_ARRAYS = ("vote_pictures", "vote_labels")


def _votes(archive, net, name):
    """``net`` with the examples a taught network carries voting (model.Votes), or as it is."""
    present = [key for key in (*VOTE_ARRAYS, "vote_mean") if key in archive.headers]
    if not present:
        return net
    if len(present) != 3:
        raise WeightsError(Text("error.weights.votes", name=name))
    pictures, labels, mean = (archive.array(key) for key in (*VOTE_ARRAYS, "vote_mean"))
    _expect(mean, (net.sizes[1],), "vote_mean", name)
    style = archive.array("vote_style") if "vote_style" in archive.headers else None    # none before 2026-12-03
    if style is not None:
        _expect(style, (net.sizes[1],), "vote_style", name)
    try:
        return net.with_votes(pictures, labels, mean, style)
    except ConfigError:
        raise WeightsError(Text("error.weights.votes", name=name)) from None


def _doubt(archive, meta, n_hidden, name):
    """The "not a digit" output of a Digits file, or None when it has none."""
    if "w_d" not in archive.headers:
        return None
    threshold = (meta.get("not_a_digit") or {}).get("threshold") if isinstance(meta.get("not_a_digit"), dict) else None
    if "b_d" not in archive.headers or meta["output"] != "softmax" or isinstance(threshold, bool) \
            or not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise WeightsError(Text("error.weights.doubt", name=name))
    w_d, b_d = archive.array("w_d"), archive.array("b_d")
    _expect(w_d, (n_hidden,), "w_d", name)
    _expect(b_d, (1,), "b_d", name)
    return Doubt(w_d, float(b_d[0]), float(threshold))


# -- the bundled weights -------------------------------------------------------------
def bundled_path():
    """Path of the default weights shipped in the ``resources`` package."""
    return Path(str(resources.files("resources").joinpath(BUNDLED)))


def load_bundled():
    """(Network, metadata) of the weights shipped with Digits."""
    return load(bundled_path())
