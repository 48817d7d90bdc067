"""Weight files: a plain, documented .npz format; never pickle.

Format (version 1): a NumPy ``.npz`` archive holding

    w_ih      float32 (hidden, 784)   input -> hidden weights
    w_ho      float32 (10, hidden)    hidden -> output weights
    b_h, b_o  float32 (hidden,), (10,) biases (absent when the network has none)
    metadata  a string of JSON: {"format": "digits-weights", "version": 1,
              "layers": [784, hidden, 10], "activation", "output", "biases",
              "input_scaling", "training": {...}, "test_accuracy", "created", ...}

It is read with ``allow_pickle=False``. An article-style file also loads: the
two matrices ``wih`` (hidden x 784) and ``who`` (10 x hidden) saved with
``numpy.savez(file, wih=..., who=...)`` (or positionally as arr_0, arr_1), taken
to be the article's sigmoid network without biases.

Every failure is a ``WeightsError`` with one sentence; nothing is changed.
Saving writes a temporary file in the same folder and renames it over the
target, so a crash mid-save never damages an existing file.
"""
from __future__ import annotations

import datetime
import json
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import SystemReason, WeightsError
from ..i18n import Number, Text
from ..model import Network
from ..pixels import ARTICLE_SCALING, PIXELS
from .files import atomic_write

FORMAT, VERSION = "digits-weights", 1
N_OUTPUT = 10
MAX_HIDDEN = 100_000
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
    arrays = {"w_ih": net.w_ih, "w_ho": net.w_ho, "metadata": np.array(json.dumps(meta))}
    if net.has_biases:
        arrays.update(b_h=net.b_h, b_o=net.b_o)
    try:
        atomic_write(path, lambda f: np.savez(f, **arrays))
    except OSError as e:
        raise WeightsError(Text("error.weights.save", path=path, reason=SystemReason(e))) from None
    return meta


# -- loading ------------------------------------------------------------------------
def _headers(zf: zipfile.ZipFile, name):
    """(shape, dtype) of every .npy member, read from the headers only."""
    found = {}
    for info in zf.infolist():
        if not info.filename.endswith(".npy"):
            raise WeightsError(Text("error.weights.not_array", name=name, member=repr(info.filename)))
        with zf.open(info) as f:
            try:
                version = np.lib.format.read_magic(f)
                if version == (1, 0):
                    shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
                else:
                    shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            except ValueError:
                raise WeightsError(Text("error.weights.damaged_array", name=name, member=repr(info.filename))) from None
        if dtype.hasobject:
            raise WeightsError(Text("error.weights.pickled_objects", name=name))
        found[info.filename[:-4]] = (tuple(shape), dtype)
    return found


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
            if dtype.kind != "U" or shape != () or dtype.itemsize > 4 * 1_000_000:
                raise WeightsError(Text("error.weights.bad_metadata_entry", name=name))
            continue
        if dtype.kind != "f":
            raise WeightsError(Text("error.weights.not_float", name=name, key=key, dtype=dtype))
        if len(shape) > 2 or any(d > MAX_HIDDEN * PIXELS for d in shape) \
                or int(np.prod(shape, dtype=np.int64)) > MAX_HIDDEN * PIXELS:
            raise WeightsError(Text("error.weights.absurd_shape", name=name, key=key, shape=shape))
    return layout


def _read(zf, key, name):
    with zf.open(key + ".npy") as f:
        try:
            return np.lib.format.read_array(f, allow_pickle=False)
        except (ValueError, OSError, EOFError):
            raise WeightsError(Text("error.weights.damaged", name=name, key=key)) from None


def _expect(array, shape, key, name):
    if array.shape != shape:
        raise WeightsError(Text("error.weights.shape", name=name, key=key, shape=array.shape, expected=shape))
    if not np.all(np.isfinite(array)):
        raise WeightsError(Text("error.weights.not_finite", name=name, key=key))


def _metadata(zf, name):
    try:
        meta = json.loads(str(_read(zf, "metadata", name)[()]))
    except json.JSONDecodeError:
        raise WeightsError(Text("error.weights.metadata_json", name=name)) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise WeightsError(Text("error.weights.not_digits", name=name, format=repr(FORMAT)))
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
        size = path.stat().st_size
    except FileNotFoundError:
        raise WeightsError(Text("error.file.not_found", path=path)) from None
    except OSError as e:
        raise WeightsError(Text("error.file.cannot_read", name=path, reason=SystemReason(e))) from None
    if path.is_dir():
        raise WeightsError(Text("error.weights.folder", path=path))
    if size > MAX_FILE_BYTES:
        raise WeightsError(Text("error.weights.huge", name=name, size=Number(size / 1e9, 1)))
    try:
        with open(path, "rb") as f:
            head = f.read(4)
            if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):   # PROTO 2-5
                raise WeightsError(Text("error.weights.pickle", name=name))
            if head == b"\x93NUM":
                raise WeightsError(Text("error.weights.single_array", name=name))
            if head != b"PK\x03\x04":
                raise WeightsError(Text("error.weights.not_npz", name=name))
            f.seek(0)
            with zipfile.ZipFile(f) as zf:
                return _load_zip(zf, name)
    except zipfile.BadZipFile:
        raise WeightsError(Text("error.weights.damaged_npz", name=name)) from None
    except OSError as e:
        raise WeightsError(Text("error.file.cannot_read", name=name, reason=SystemReason(e))) from None


def _load_zip(zf, name):
    headers = _headers(zf, name)
    layout = _check_arrays(headers, name)
    if layout == "digits":
        meta = _metadata(zf, name)
        n_hidden = meta["layers"][1]
        w_ih, w_ho = _read(zf, "w_ih", name), _read(zf, "w_ho", name)
        _expect(w_ih, (n_hidden, PIXELS), "w_ih", name)
        _expect(w_ho, (N_OUTPUT, n_hidden), "w_ho", name)
        biases = (None, None)
        if meta.get("biases"):
            if not {"b_h", "b_o"} <= set(headers):
                raise WeightsError(Text("error.weights.no_biases", name=name))
            biases = (_read(zf, "b_h", name), _read(zf, "b_o", name))
            _expect(biases[0], (n_hidden,), "b_h", name)
            _expect(biases[1], (N_OUTPUT,), "b_o", name)
        net = Network(w_ih, w_ho, *biases, activation=meta["activation"], output=meta["output"])
        return net, meta
    keys = ("wih", "who") if layout == "article" else ("arr_0", "arr_1")
    w_ih, w_ho = (_read(zf, key, name) for key in keys)
    if w_ih.ndim != 2 or w_ih.shape[1] != PIXELS or not 1 <= w_ih.shape[0] <= MAX_HIDDEN:
        raise WeightsError(Text("error.weights.article_shape", name=name, key=keys[0], shape=w_ih.shape,
                                most=MAX_HIDDEN))
    _expect(w_ih, (w_ih.shape[0], PIXELS), keys[0], name)
    _expect(w_ho, (N_OUTPUT, w_ih.shape[0]), keys[1], name)
    net = Network(w_ih, w_ho, activation="sigmoid", output="sigmoid")
    meta = metadata_for(net, source="article-style file (wih, who)")
    meta.pop("created")
    return net, meta


# -- the bundled weights -------------------------------------------------------------
def bundled_path():
    """Path of the default weights shipped in the ``resources`` package."""
    return Path(str(resources.files("resources").joinpath(BUNDLED)))


def load_bundled():
    """(Network, metadata) of the weights shipped with Digits."""
    return load(bundled_path())
