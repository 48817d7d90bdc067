"""``digits train``, ``evaluate`` and ``download``: MNIST in, a network (and its accuracy) out."""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from .. import i18n
from ..errors import DigitsError, SystemReason
from ..i18n import Number, Percent, Text, tr
from .arguments import force_option, integer, metavars, positive_int, real, weights_option
from .common import bar_progress, emit, error, load_data, load_weights, output_file, save_network


def add_parsers(commands):
    """The three commands' parsers; returns them."""
    from ..activations import HIDDEN_ACTIVATIONS
    from ..optim import OPTIMIZERS, SCHEDULES
    from ..train import DEFAULT_PRESET, PRESETS

    FILE, DIR, N, X = metavars()
    t = commands.add_parser("train", help=tr("cli.train.help"), description=tr("cli.train.description"))
    source = t.add_mutually_exclusive_group()
    source.add_argument("--data", metavar=DIR, help=tr("cli.train.data.help"))
    source.add_argument("--csv", nargs=2, metavar=(tr("cli.metavar.train"), tr("cli.metavar.test")),
                        help=tr("cli.train.csv.help"))
    t.add_argument("--preset", choices=list(PRESETS), default=DEFAULT_PRESET,
                   help=tr("cli.train.preset.help", preset=DEFAULT_PRESET))
    t.add_argument("--hidden", type=positive_int, metavar=N, help=tr("cli.train.hidden.help"))
    t.add_argument("--activation", choices=HIDDEN_ACTIVATIONS, help=tr("cli.train.activation.help"))
    t.add_argument("--epochs", type=positive_int, metavar=N)
    t.add_argument("--batch-size", type=positive_int, metavar=N)
    t.add_argument("--optimizer", choices=OPTIMIZERS)
    t.add_argument("--lr", type=real, metavar=X, help=tr("cli.train.lr.help"))
    t.add_argument("--momentum", type=real, metavar=X)
    t.add_argument("--l2", type=real, metavar=X, help=tr("cli.train.l2.help"))
    t.add_argument("--schedule", choices=SCHEDULES, help=tr("cli.train.schedule.help"))
    t.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None,
                   help=tr("cli.train.augment.help"))
    t.add_argument("--distortion", type=real, metavar=X, help=tr("cli.train.distortion.help"))
    t.add_argument("--seed", type=integer, metavar=N)
    t.add_argument("--limit", type=positive_int, metavar=N, help=tr("cli.train.limit.help"))
    t.add_argument("--pen", metavar=FILE, help=tr("cli.train.pen.help"))
    t.add_argument("--pen-writers", metavar=tr("cli.metavar.range"), help=tr("cli.train.pen_writers.help"))
    t.add_argument("--pen-copies", type=positive_int, default=4, metavar=N, help=tr("cli.train.pen_copies.help"))
    t.add_argument("--out", metavar=FILE, help=tr("cli.train.out.help"))
    force_option(t)
    t.add_argument("--json", action="store_true", help=tr("cli.train.json.help"))

    e = commands.add_parser("evaluate", help=tr("cli.evaluate.help"))
    weights_option(e)
    source = e.add_mutually_exclusive_group()
    source.add_argument("--data", metavar=DIR, help=tr("cli.evaluate.data.help"))
    source.add_argument("--csv", metavar=tr("cli.metavar.test"), help=tr("cli.evaluate.csv.help"))
    e.add_argument("--json", action="store_true")

    d = commands.add_parser("download", help=tr("cli.download.help"))
    d.add_argument("--data", metavar=DIR, help=tr("cli.download.data.help"))

    return t, e, d


def _config(args):
    from ..train import preset

    return preset(args.preset, hidden=args.hidden, activation=args.activation, epochs=args.epochs,
                  batch_size=args.batch_size, optimizer=args.optimizer, lr=args.lr,
                  momentum=args.momentum, l2=args.l2, schedule=args.schedule, augment=args.augment,
                  distortion=args.distortion, seed=args.seed).check()


MAX_PEN_COPIES = 100
"""Each pen digit drawn at most this many times (7,494 digits x 100 = 750,000 drawings: more than
ten times MNIST; 10^11 copies ran until stopped)."""


def _default_out(preset_name):
    """digits-PRESET.npz, or -2, -3...: the first name no file has, taken at once (an empty file made
    with O_EXCL), so that two runs started together in one folder never pick the same one."""
    n = 1
    while True:
        path = Path(f"digits-{preset_name}.npz" if n == 1 else f"digits-{preset_name}-{n}.npz")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return path
        except FileExistsError:
            n += 1
        except OSError as e:
            raise DigitsError(Text("error.cli.out_not_writable", folder=path.resolve().parent,
                                   reason=SystemReason(e))) from None


def run_train(args):
    from tqdm import tqdm

    from .. import train as training
    from ..storage import weights
    from ..teaching import hidden_moment

    config = _config(args)
    if not 1 <= args.pen_copies <= MAX_PEN_COPIES:
        raise DigitsError(Text("error.cli.pen_copies", value=args.pen_copies, most=MAX_PEN_COPIES))
    if (args.pen_writers or args.pen_copies != 4) and not args.pen:
        raise DigitsError(Text("error.cli.pen_options"))
    if args.out:
        return _train(args, config, output_file(args.out, "weights.npz", args.force), tqdm, training, weights, hidden_moment)
    out = _default_out(args.preset)             # reserved now: two runs in one folder never share a name
    try:
        return _train(args, config, out, tqdm, training, weights, hidden_moment)
    finally:
        with contextlib.suppress(OSError):
            if out.stat().st_size == 0:         # still only the reservation: stopped, or saved elsewhere
                out.unlink()


def _train(args, config, out, tqdm, training, weights, hidden_moment):
    mnist_train, test_set = load_data(args.data, args.csv, progress=bar_progress(tr("cli.progress.download")))
    train_set = mnist_train.head(args.limit)
    # in the file: English, as all metadata; on the screen: the same in the reader's words
    trained_on = f"MNIST ({len(train_set):,} training images)"
    shown = Text("cli.train.on_mnist", images=Number(len(train_set)))
    if args.pen:
        from ..data.pendigits import pen_dataset

        pen_name = Path(args.pen).name
        if not args.json:
            print(tr("cli.train.drawing_pen", name=pen_name, copies=args.pen_copies), file=sys.stderr)
        pen = pen_dataset(args.pen, writers=args.pen_writers, seed=config.seed, copies=args.pen_copies)
        train_set = train_set.concat(pen)
        trained_on += f" + {len(pen):,} drawings of pen-written digits from {pen_name}" + \
            (f" (writers {args.pen_writers}, each drawn {args.pen_copies} times)" if args.pen_writers else "")
        shown = Text("cli.train.with_pen", data=shown, pen=Number(len(pen)), name=pen_name)
        if args.pen_writers:
            shown = Text("cli.train.pen_writers", data=shown, writers=args.pen_writers, copies=args.pen_copies)
    if not args.json:
        print(tr("cli.train.start", hidden=config.hidden, activation=config.activation, preset=args.preset,
                 data=shown), file=sys.stderr)
        if config.negatives:
            print(tr("cli.train.negatives", count=Number(training.negatives_for(config, train_set))),
                  file=sys.stderr)
    bar = None
    finished = None
    for event in training.train(config, train_set, test_set):
        if isinstance(event, training.Progress):
            if bar is None:
                bar = tqdm(total=event.per_epoch, unit=tr("cli.progress.images_unit"), unit_scale=True,
                           leave=False, disable=None, file=sys.stderr,
                           desc=tr("cli.progress.epoch", epoch=event.epoch, epochs=event.epochs))
            bar.update(event.seen - bar.n)
            bar.set_postfix({tr("cli.progress.loss"): i18n.number(event.loss, 4)}, refresh=False)
        elif isinstance(event, training.EpochEnd):
            if bar is not None:
                bar.close()
                bar = None
            emit(args, {"epoch": event.epoch, "loss": event.loss, "train_accuracy": event.train_accuracy,
                         "test_accuracy": event.test_accuracy, "seconds": round(event.seconds, 3)},
                  tr("cli.train.epoch", epoch=event.epoch, epochs=event.epochs, loss=i18n.number(event.loss, 4),
                     train=Percent(event.train_accuracy), test=Percent(event.test_accuracy),
                     seconds=Number(event.seconds, 1, group=False)))
        else:
            finished = event
    meta = finished.metadata(trained_on, preset=args.preset)
    out, elsewhere = save_network(lambda path: weights.save(finished.network, path, **meta), out)
    try:
        hidden_moment.remember(finished.network, mnist_train.images)     # for teaching it later
    except KeyboardInterrupt:
        error(Text("error.cli.interrupted_after_saving", out=out))
        return 130
    emit(args, {"test_accuracy": finished.test_accuracy, "seconds": round(finished.seconds, 3), "out": str(out)},
          tr("cli.train.done", accuracy=Percent(finished.test_accuracy),
             seconds=Number(finished.seconds, 1, group=False), out=out))
    if elsewhere is not None:
        error(elsewhere)
        return 1
    return 0


# -- evaluate ------------------------------------------------------------------------
def run_evaluate(args):
    from ..data import mnist as d
    from ..evaluate import evaluate

    net, meta = load_weights(args.weights)
    if args.csv:
        test = d.load_csv(args.csv)
    else:
        test = load_data(args.data, progress=bar_progress(tr("cli.progress.download")), parts=("test",))[1]
    result = evaluate(net, test)
    if args.json:
        emit(args, {"accuracy": result.accuracy, "per_digit": [float(v) for v in result.per_digit],
                     "confusion": result.confusion.tolist(), "refused": result.refused}, "")
        return 0
    print(tr("cli.evaluate.accuracy", accuracy=Percent(result.accuracy), images=Number(len(test))))
    print(tr("cli.evaluate.cannot_refuse") if result.refused is None else
          tr("cli.evaluate.refused", refused=Number(result.refused), images=Number(len(test))))
    print(tr("cli.evaluate.per_digit", values="  ".join(f"{k}: {i18n.percent(v, 1)}"
                                                        for k, v in enumerate(result.per_digit))))
    print(tr("cli.evaluate.confusion"))
    print("      " + "".join(f"{k:>6}" for k in range(10)))
    for k, row in enumerate(result.confusion):
        print(f"{k:>6}" + "".join(f"{v:>6}" for v in row))
    return 0


# -- download ------------------------------------------------------------------------
def run_download(args):
    from ..data.download import download_mnist
    from ..data.mnist import DataSource

    folder = DataSource.find(args.data).folder
    download_mnist(folder, progress=bar_progress("MNIST"))
    print(tr("cli.download.done", folder=folder))
    return 0


RUN = {"train": run_train, "evaluate": run_evaluate, "download": run_download}
