"""The ``digits`` command line: train, evaluate, predict, download, export (and, through app/, the window).

Errors a user can cause end in ``digits: error: <one sentence>`` on stderr
and exit status 1 (2 for a usage mistake); never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import DataError, DigitsError, DownloadError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line: ``digits: error: ...`` and exit 2."""

    def error(self, message):
        self.exit(2, f"digits: error: {message} (see `{self.prog} --help`).\n")


def build_parser():
    parser = _Parser(prog="digits", description="Draw a digit and watch a hand-made three-layer "
                     "network recognise it; train it on MNIST. Without a command, opens the window.")
    parser.add_argument("--weights", metavar="FILE", help="open the window with these weights")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    from .train import PRESETS, DEFAULT_PRESET
    from .activations import HIDDEN_ACTIVATIONS
    from .optim import OPTIMIZERS, SCHEDULES

    t = commands.add_parser("train", help="train a network on MNIST and save its weights",
                            description="Train on MNIST. Options given explicitly override the preset.")
    source = t.add_mutually_exclusive_group()
    source.add_argument("--data", metavar="DIR", help="folder with the four MNIST IDX files (.gz or raw)")
    source.add_argument("--csv", nargs=2, metavar=("TRAIN", "TEST"), help="the article's mnist_train.csv and mnist_test.csv")
    t.add_argument("--preset", choices=list(PRESETS), default=DEFAULT_PRESET,
                   help=f"starting settings (default: {DEFAULT_PRESET})")
    t.add_argument("--hidden", type=_positive_int, metavar="N", help="hidden nodes")
    t.add_argument("--activation", choices=HIDDEN_ACTIVATIONS, help="hidden activation")
    t.add_argument("--epochs", type=_positive_int, metavar="N")
    t.add_argument("--batch-size", type=_positive_int, metavar="N")
    t.add_argument("--optimizer", choices=OPTIMIZERS)
    t.add_argument("--lr", type=float, metavar="X", help="learning rate")
    t.add_argument("--momentum", type=float, metavar="X")
    t.add_argument("--l2", type=float, metavar="X", help="L2 weight penalty")
    t.add_argument("--schedule", choices=SCHEDULES, help="learning-rate schedule")
    t.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None,
                   help="random distortions of the training images")
    t.add_argument("--distortion", type=float, metavar="X", help="strength of the distortions (1 = full)")
    t.add_argument("--seed", type=int, metavar="N")
    t.add_argument("--limit", type=_positive_int, metavar="N", help="train on the first N training images only")
    t.add_argument("--pen", metavar="FILE", help="also train on pen-drawn digits from a UNIPEN file, "
                   "drawn the way the canvas draws them")
    t.add_argument("--pen-writers", metavar="RANGE", help="with --pen: only these writers, e.g. 1-20")
    t.add_argument("--pen-copies", type=_positive_int, default=4, metavar="N",
                   help="with --pen: draw each digit N times at random sizes and places (default 4)")
    t.add_argument("--out", metavar="FILE", help="where to save the weights (default: ./digits-PRESET.npz, "
                   "never overwriting an existing file)")
    t.add_argument("--json", action="store_true", help="one JSON object per line instead of text")

    e = commands.add_parser("evaluate", help="accuracy and confusion matrix on the MNIST test set")
    _weights_option(e)
    source = e.add_mutually_exclusive_group()
    source.add_argument("--data", metavar="DIR", help="folder with the MNIST IDX files")
    source.add_argument("--csv", metavar="TEST", help="the article's mnist_test.csv")
    e.add_argument("--json", action="store_true")

    p = commands.add_parser("predict", help="recognise the digit in image files")
    _weights_option(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("images", nargs="+", metavar="IMAGE")

    d = commands.add_parser("download", help="download MNIST into the data folder")
    d.add_argument("--data", metavar="DIR", help="where to put it (default: $DIGITS_DATA or the user data folder)")

    x = commands.add_parser("export", help="write the network as a .safetensors file for PyTorch",
                            description="Write the network as a .safetensors file whose tensors load into "
                            "torch.nn.Sequential(Linear(784, H), activation, Linear(H, 10)) with load_state_dict.")
    _weights_option(x)
    x.add_argument("--out", metavar="FILE", required=True, help="the file to write (.safetensors)")
    return parser


def _weights_option(parser):
    parser.add_argument("--weights", metavar="FILE", help="weight file (default: the bundled weights)")


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


# -- entry point -------------------------------------------------------------------
def main(argv=None, open_window=None):
    """Run the command line; returns the exit status.

    open_window(weights_path) -> int opens the GUI (passed in by app/, so this
    package never imports Qt). Without it, ``digits`` alone says how to get the window.
    """
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            if open_window is None:
                raise DigitsError("the window is not available from here; run `digits` or `python -m app`.")
            return open_window(args.weights)
        return {"train": cmd_train, "evaluate": cmd_evaluate, "predict": cmd_predict,
                "download": cmd_download, "export": cmd_export}[args.command](args)
    except DigitsError as e:
        print(f"digits: error: {_sentence(e)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("digits: error: interrupted; nothing was saved.", file=sys.stderr)
        return 130


def _sentence(error):
    """The error's one sentence, with the remedy of a failed download in command-line words."""
    if isinstance(error, DownloadError) and error.remedy == "files":
        return (f"{error.problem}; put the four MNIST files into {error.folder}, "
                f"or pass --data DIR or --csv TRAIN TEST.")
    if isinstance(error, DownloadError) and error.remedy == "folder":
        return f"{error.problem}; choose another folder with --data DIR."
    return str(error)


def _emit(args, obj, text):
    print(json.dumps(obj) if args.json else text, flush=True)


def _load_weights(path):
    from . import weights

    return weights.load(path) if path else weights.load_bundled()


# -- data --------------------------------------------------------------------------
def load_data(data=None, csv=None, auto_download=True, progress=None):
    """(train, test) from --csv, --data, $DIGITS_DATA or the user data folder.

    Only the default user data folder is filled by a download on first use;
    a folder named explicitly must hold the files already.
    """
    from .data import DataSource, Where

    source = DataSource.find(data, csv)
    missing = source.missing()
    if missing and source.where is not Where.CSV:
        folder = source.folder
        named = {Where.CHOSEN: "--data", Where.ENVIRONMENT: "$DIGITS_DATA"}.get(source.where)
        if named or not auto_download:
            if not folder.is_dir():
                raise DataError(f"the data folder {folder} ({named or 'the user data folder'}) does not exist.")
            raise DataError(f"{folder} ({named or 'the user data folder'}) lacks {', '.join(missing)}.")
        from .download import download_mnist

        print(f"MNIST is not in {folder} yet: downloading it (about 11 MB).", file=sys.stderr)
        download_mnist(folder, progress=progress)
    return source.load()


def _bar_progress(desc):
    """A tqdm bar for download(done, total) callbacks (on stderr; silent when not a terminal)."""
    from tqdm import tqdm

    bar = None

    def update(done, total):
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="B", unit_scale=True, desc=desc, leave=False, disable=None)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


# -- train ---------------------------------------------------------------------------
def _config(args):
    from .train import preset

    return preset(args.preset, hidden=args.hidden, activation=args.activation, epochs=args.epochs,
                  batch_size=args.batch_size, optimizer=args.optimizer, lr=args.lr,
                  momentum=args.momentum, l2=args.l2, schedule=args.schedule, augment=args.augment,
                  distortion=args.distortion, seed=args.seed).check()


def _default_out(preset_name):
    path = Path(f"digits-{preset_name}.npz")
    n = 2
    while path.exists():
        path = Path(f"digits-{preset_name}-{n}.npz")
        n += 1
    return path


def cmd_train(args):
    from tqdm import tqdm

    from . import train as tr
    from . import weights

    config = _config(args)
    out = Path(args.out) if args.out else _default_out(args.preset)
    if out.is_dir():
        raise DigitsError(f"--out {out} is a folder; give a file name such as {out / 'weights.npz'}.")
    if not out.parent.exists() and str(out.parent):
        raise DigitsError(f"the folder {out.parent} for --out does not exist.")
    if (args.pen_writers or args.pen_copies != 4) and not args.pen:
        raise DigitsError("--pen-writers and --pen-copies need --pen FILE.")
    train_set, test_set = load_data(args.data, args.csv, progress=_bar_progress("download"))
    train_set = train_set.head(args.limit)
    trained_on = f"MNIST ({len(train_set):,} training images)"
    if args.pen:
        from .pendigits import pen_dataset

        if not args.json:
            print(f"drawing the pen-written digits of {Path(args.pen).name} like the canvas "
                  f"({args.pen_copies} times each)…", file=sys.stderr)
        pen = pen_dataset(args.pen, writers=args.pen_writers, seed=config.seed, copies=args.pen_copies)
        train_set = train_set.concat(pen)
        trained_on += f" + {len(pen):,} drawings of pen-written digits from {Path(args.pen).name}" + \
            (f" (writers {args.pen_writers}, each drawn {args.pen_copies} times)" if args.pen_writers else "")
    if not args.json:
        print(f"training {config.hidden} hidden nodes ({config.activation}), preset {args.preset}, "
              f"on {trained_on}", file=sys.stderr)
    bar = None
    finished = None
    for event in tr.train(config, train_set, test_set):
        if isinstance(event, tr.Progress):
            if bar is None:
                bar = tqdm(total=event.per_epoch, unit="img", unit_scale=True, leave=False, disable=None,
                           desc=f"epoch {event.epoch}/{event.epochs}", file=sys.stderr)
            bar.update(event.seen - bar.n)
            bar.set_postfix(loss=f"{event.loss:.4f}", refresh=False)
        elif isinstance(event, tr.EpochEnd):
            if bar is not None:
                bar.close()
                bar = None
            _emit(args, {"epoch": event.epoch, "loss": event.loss, "train_accuracy": event.train_accuracy,
                         "test_accuracy": event.test_accuracy, "seconds": round(event.seconds, 3)},
                  f"epoch {event.epoch}/{event.epochs}  loss {event.loss:.4f}  "
                  f"train {event.train_accuracy:.2%}  test {event.test_accuracy:.2%}  {event.seconds:.1f} s")
        else:
            finished = event
    weights.save(finished.network, out, **finished.metadata(trained_on, preset=args.preset))
    _emit(args, {"test_accuracy": finished.test_accuracy, "seconds": round(finished.seconds, 3), "out": str(out)},
          f"test accuracy {finished.test_accuracy:.2%} after {finished.seconds:.1f} s; weights saved to {out}")
    return 0


# -- evaluate ------------------------------------------------------------------------
def cmd_evaluate(args):
    from . import data as d
    from .evaluate import evaluate

    net, meta = _load_weights(args.weights)
    if args.csv:
        test = d.load_csv(args.csv)
    else:
        test = load_data(args.data, progress=_bar_progress("download"))[1]
    result = evaluate(net, test)
    if args.json:
        _emit(args, {"accuracy": result.accuracy, "per_digit": [float(v) for v in result.per_digit],
                     "confusion": result.confusion.tolist()}, "")
        return 0
    print(f"accuracy {result.accuracy:.2%} on {len(test):,} test images")
    print("per digit: " + "  ".join(f"{k}: {v:.1%}" for k, v in enumerate(result.per_digit)))
    print("confusion (rows: true digit, columns: predicted)")
    print("      " + "".join(f"{k:>6}" for k in range(10)))
    for k, row in enumerate(result.confusion):
        print(f"{k:>6}" + "".join(f"{v:>6}" for v in row))
    return 0


# -- predict -------------------------------------------------------------------------
def cmd_predict(args):
    from .images import read_picture
    from .preprocess import preprocess

    net, _ = _load_weights(args.weights)
    status = 0
    for name in args.images:
        try:
            x = preprocess(read_picture(name))
        except DigitsError as e:
            print(f"digits: error: {e}", file=sys.stderr)
            status = 1
            continue
        if x is None:
            _emit(args, {"file": name, "digit": None, "confidence": None, "probabilities": None},
                  f"{name}\t-\t-")
            continue
        p = net.probabilities(x)
        digit = int(p.argmax())
        _emit(args, {"file": name, "digit": digit, "confidence": float(p[digit]),
                     "probabilities": [round(float(v), 6) for v in p]},
              f"{name}\t{digit}\t{p[digit]:.4f}")
    return status


# -- download ------------------------------------------------------------------------
def cmd_download(args):
    from .data import DataSource
    from .download import download_mnist

    folder = DataSource.find(args.data).folder
    download_mnist(folder, progress=_bar_progress("MNIST"))
    print(f"MNIST is in {folder}")
    return 0


# -- export --------------------------------------------------------------------------
def cmd_export(args):
    from .export import save_safetensors

    out = Path(args.out)
    if out.is_dir():
        raise DigitsError(f"--out {out} is a folder; give a file name such as {out / 'digits.safetensors'}.")
    if str(out.parent) and not out.parent.is_dir():
        raise DigitsError(f"the folder {out.parent} for --out does not exist.")
    net, meta = _load_weights(args.weights)
    extra = {"source": Path(args.weights).name if args.weights else "bundled weights"}
    if isinstance(meta.get("test_accuracy"), (int, float)):
        extra["mnist_test_accuracy"] = f"{meta['test_accuracy']:.4f}"
    save_safetensors(net, out, extra)
    print(f"wrote {'-'.join(map(str, net.sizes))} {net.activation} network to {out}")
    return 0
