"""What the network answers for a picture or a drawing: a digit, "no digit", or "not a digit".

One function for each kind of input, and every user calls them (the window's
live prediction, Open image and a picture dropped on the canvas, ``digits
predict``, ``explain``, the benchmarks):

    read_picture(net, image)   a picture of paper: a photo, a scan, any picture file
                               (network.data.preprocess.picture_stages: the light removed,
                               the ink found, then the MNIST path)
    read_drawing(net, image)   a drawing on the canvas (network.data.preprocess.preprocess_stages)

Both give a ``Reading``. Its verdict is

    "digit"        the network's answer, ``digit``;
    "no_digit"     there is no ink at all: an empty canvas, a blank sheet, a shadow;
    "not_a_digit"  there is ink, but the network judges that it does not look like any digit
                   (``Network.doubt``, when the network has that part; ``can_refuse`` says
                   whether it has). ``guess`` is still its best guess.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data.preprocess import picture_stages, preprocess_stages
from .pixels import inputs_from_ink

DIGIT, NO_DIGIT, NOT_A_DIGIT = "digit", "no_digit", "not_a_digit"
VERDICTS = (DIGIT, NO_DIGIT, NOT_A_DIGIT)
PICTURE, DRAWING = "picture", "drawing"


@dataclass(frozen=True)
class Reading:
    """What the network made of one picture.

    verdict: DIGIT, NO_DIGIT or NOT_A_DIGIT (see the module docstring);
    guess: the most probable digit (None with no ink); confidence: its probability;
    probabilities (10,): every digit's; inputs (784,): what the network read (0.01..0.99);
    picture (28, 28): the same as ink, 0 .. 1; stages: how preprocessing made it
    (a network.data.preprocess.Stages, with ``paper`` for a picture of paper);
    doubt: the network's probability that it is not a digit (None when it cannot tell);
    can_refuse: whether the network can say "not a digit" at all; kind: PICTURE or DRAWING.
    """

    verdict: str
    guess: int | None = None
    confidence: float = 0.0
    probabilities: np.ndarray | None = None
    inputs: np.ndarray | None = None
    picture: np.ndarray | None = None
    stages: object = None
    doubt: float | None = None
    can_refuse: bool = False
    kind: str = "drawing"

    @property
    def digit(self):
        """The digit, when the verdict is one; else None."""
        return self.guess if self.verdict == DIGIT else None


def read_picture(net, image):
    """The Reading of a picture of paper: uint8 (h, w) grey or (h, w, 3) RGB, as read from a file
    (``network.data.pictures.read_picture(path, colour=True)``)."""
    return _read(net, picture_stages(image), PICTURE)


def read_drawing(net, image):
    """The Reading of a drawing: an image of the canvas (any form ``preprocess_stages`` takes)."""
    return _read(net, preprocess_stages(image), DRAWING)


def read_stages(net, stages, kind=DRAWING):
    """The Reading of what preprocessing already made (a Stages, or None: no ink)."""
    return _read(net, stages, kind)


def _read(net, stages, kind):
    can_refuse = getattr(net, "doubt", None) is not None
    if stages is None:
        return Reading(NO_DIGIT, can_refuse=can_refuse, kind=kind)
    x = inputs_from_ink(stages.centred)
    p = net.probabilities(x)
    guess = int(p.argmax())
    doubt = net.not_a_digit(x) if can_refuse else None
    verdict = NOT_A_DIGIT if can_refuse and doubt >= net.doubt.threshold else DIGIT
    return Reading(verdict, guess, float(p[guess]), p, x, stages.centred, stages, doubt, can_refuse, kind)
