"""The Inside tab's long job: what the network imagines.

Plain functions ``job(state, ...)`` run by app/tasks.py on a worker thread (no Qt here): each
reports through ``state.report(event)`` and checks ``state.should_stop()`` between steps; the
numbers all come from the engine's public functions.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Imagined:
    """What a network imagines: (10, 784) inputs, one per digit, the same as (10, 28, 28) uint8
    pictures (as MNIST stores them), and what the network reads in each: digits (10,) and
    their probabilities (10,)."""

    method: str
    inputs: object
    pictures: object
    read_as: object
    confidence: object


def imagine(state, network, method):
    """Compute the network's imagined digits (network.explain.imagine) with 'ascent' or 'backquery'."""
    from network.explain import imagine as im
    from network.pixels import picture_from_inputs

    if method == "backquery":
        inputs = im.back_query(network)
    else:
        inputs = im.ascent(network, progress=lambda done, total: state.report((done, total)),
                           should_stop=state.stopped)
    p = network.probabilities(inputs)
    pictures = [picture_from_inputs(x) for x in inputs]
    return Imagined(method, inputs, pictures, p.argmax(axis=1), p.max(axis=1))
