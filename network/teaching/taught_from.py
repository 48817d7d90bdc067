"""What a taught network remembers of the network it was taught from, so teaching it again starts there.

Teaching (network.teaching.teach) changes only the output layer and holds the
starting network's answers. Teaching a taught network again would hold the
taught one's answers, already moved, and the forgetting would pile up: for
writer 28 of the pen-drawn digits, ten more teachings with the same 20
examples took MNIST from 99.32% to 98.91% (tests/benchmarks/teach.py
--again 10; from the starting network it stays at 99.32%). The person's
examples are all kept, so nothing is lost by teaching the starting network
again with all of them.

So a taught network's metadata records its starting output layer, under
``metadata["taught"]["start"]``:

    {"w_ho": base64 of float32 (10, hidden) little-endian,
     "b_o":  base64 of float32 (10,),
     "hidden_sha256": hex digest of the hidden layer (w_ih, b_h) it goes with}

(about 64 kB of text for 1,200 hidden nodes). It travels with the metadata:
into saved files, the kept network, the command line. ``start_of`` rebuilds
the starting network when the hidden layer is still the one recorded (a
training step applied in the Inside tab changes it: then the network is
taught as it is).
"""
from __future__ import annotations

import base64
import binascii
import hashlib

import numpy as np

from ..model import DTYPE

KEPT_FROM_BASE = ("training", "trained_on", "preset")
"""Metadata keys a taught network keeps from the network it started from (its training record)."""


def hidden_digest(network):
    """Hex SHA-256 of the hidden layer's weights and biases (float32 bytes, little-endian)."""
    h = hashlib.sha256()
    for a in (network.w_ih, network.b_h):
        h.update(np.ascontiguousarray(a, dtype="<f4").tobytes())
    return h.hexdigest()


def _encode(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


def _decode(text, shape):
    """float32 array of ``shape`` from base64 text; ValueError when it is not one."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, AttributeError, UnicodeEncodeError) as e:
        raise ValueError("not base64") from e
    a = np.frombuffer(raw, dtype="<f4")
    if a.size != int(np.prod(shape)) or not np.all(np.isfinite(a)):
        raise ValueError("wrong size")
    return a.reshape(shape).astype(DTYPE)


def record(network):
    """The start record (a JSON-able dict, see the module docstring) of ``network`` about to be taught."""
    return {"w_ho": _encode(network.w_ho), "b_o": _encode(network.b_o), "hidden_sha256": hidden_digest(network)}


def start_of(network, metadata):
    """(network, metadata, started_from) that teaching ``network`` should start from.

    For a taught network whose metadata holds a start record that goes with
    its hidden layer: a NEW Network (hidden layer copied, the recorded output
    layer), the metadata keys of KEPT_FROM_BASE, and the name recorded in
    ``taught.started_from`` (None if none). Otherwise ``network`` and
    ``metadata`` themselves and None. A damaged record counts as none.
    """
    taught = metadata.get("taught") if isinstance(metadata, dict) else None
    start = taught.get("start") if isinstance(taught, dict) else None
    if not isinstance(start, dict) or start.get("hidden_sha256") != hidden_digest(network):
        return network, metadata, None
    try:
        w_ho = _decode(start.get("w_ho"), network.w_ho.shape)
        b_o = _decode(start.get("b_o"), network.b_o.shape)
    except ValueError:
        return network, metadata, None
    root = network.with_output_layer(w_ho, b_o)
    name = taught.get("started_from")
    return root, {k: v for k, v in metadata.items() if k in KEPT_FROM_BASE}, name if isinstance(name, str) else None
