"""``digits predict``, ``explain`` and ``imagine``: what the network reads in pictures, why, and
what it imagines each digit looks like."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import DigitsError
from ..i18n import Percent, Text, printable, tr
from ..pixels import inputs_from_ink
from .arguments import force_option, metavars, weights_option
from .common import bar_progress, emit, error, load_weights, refuse_existing

METHODS = ("ascent", "backquery")


def add_parsers(commands):
    """The three commands' parsers; returns them."""
    p = commands.add_parser("predict", help=tr("cli.predict.help"))
    weights_option(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("images", nargs="+", metavar=tr("cli.metavar.image"))


    x = commands.add_parser("explain", help=tr("cli.explain.help"), description=tr("cli.explain.description"))
    weights_option(x)
    x.add_argument("--json", action="store_true", help=tr("cli.explain.json.help"))
    x.add_argument("image", metavar=tr("cli.metavar.image"))

    m = commands.add_parser("imagine", help=tr("cli.imagine.help"), description=tr("cli.imagine.description"))
    weights_option(m)
    m.add_argument("--method", choices=METHODS, default="ascent", help=tr("cli.imagine.method.help"))
    m.add_argument("--out", metavar=metavars()[1], required=True, help=tr("cli.imagine.out.help"))
    force_option(m)
    m.add_argument("--json", action="store_true", help=tr("cli.imagine.json.help"))
    return p, x, m


def run_predict(args):
    from ..data.pictures import read_picture
    from ..reading import DIGIT, NOT_A_DIGIT
    from ..reading import read_picture as read

    net, _ = load_weights(args.weights)
    if net.doubt is None:
        print(tr("cli.predict.cannot_refuse"), file=sys.stderr)
    status = 0
    for name in args.images:
        try:
            reading = read(net, read_picture(name, colour=True))
        except DigitsError as e:
            error(e)
            status = 1
            continue
        shown = {DIGIT: str(reading.guess), NOT_A_DIGIT: "?"}.get(reading.verdict, "-")
        confidence = "-" if reading.guess is None else f"{reading.confidence:.4f}"
        emit(args, {"file": name, "verdict": reading.verdict, "digit": reading.digit, "guess": reading.guess,
                    "confidence": None if reading.guess is None else reading.confidence,
                    "not_a_digit": reading.doubt,
                    "probabilities": None if reading.probabilities is None else
                    [round(float(v), 6) for v in reading.probabilities]},
             f"{printable(name)}\t{shown}\t{confidence}")
    return status


def _inputs(name):
    """The 784 inputs of a picture file; DigitsError when it is unreadable or holds no ink."""
    from ..data.pictures import read_picture
    from ..data.preprocess import picture_stages

    stages = picture_stages(read_picture(name, colour=True))
    if stages is None:
        raise DigitsError(Text("error.cli.blank", name=Path(name).name))
    return inputs_from_ink(stages.centred)


def run_explain(args):
    from ..explain.inside import explain

    net, _ = load_weights(args.weights)
    result = explain(net, _inputs(args.image))
    if args.json:
        emit(args, {"file": args.image, **result.to_json()}, "")
        return 0
    print(tr("cli.explain.answer", file=printable(args.image), digit=result.digit,
             confidence=Percent(result.confidence),
             runner_up=result.runner_up))
    print(tr("cli.explain.pushers", digit=result.digit))
    for pusher in result.hidden:
        print(tr("cli.explain.pusher", neuron=pusher.neuron, activation=f"{pusher.activation:.3f}",
                 push=f"{pusher.push:+.3f}"))
    return 0


def run_imagine(args):
    from PIL import Image

    from ..explain import imagine
    from ..pixels import picture_from_inputs
    from ..storage.files import atomic_write

    net, _ = load_weights(args.weights)
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise DigitsError(Text("error.cli.out_not_folder", out=folder))
    if not folder.parent.is_dir():
        raise DigitsError(Text("error.cli.out_folder_missing", folder=folder.parent))
    for digit in range(10):
        refuse_existing(folder / f"imagined_{digit}.png", args.force)
    if args.method == "backquery":
        inputs = imagine.back_query(net)
    else:
        inputs = imagine.ascent(net, progress=bar_progress(tr("cli.progress.imagine"), unit="it"))
    p = net.probabilities(inputs)
    try:
        folder.mkdir(exist_ok=True)
        for digit, x in enumerate(inputs):
            path = folder / f"imagined_{digit}.png"
            picture = Image.fromarray(picture_from_inputs(x))
            atomic_write(path, lambda f: picture.save(f, "PNG"))
            read = int(p[digit].argmax())
            emit(args, {"digit": digit, "predicted": read, "confidence": float(p[digit, read]), "file": str(path)},
                 tr("cli.imagine.line", file=path, digit=digit, read=read, confidence=Percent(float(p[digit, read]))))
    except OSError as e:
        from ..errors import SystemReason

        raise DigitsError(Text("error.cli.cannot_write", out=folder, reason=SystemReason(e))) from None
    return 0


RUN = {"predict": run_predict, "explain": run_explain, "imagine": run_imagine}
