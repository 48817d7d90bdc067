"""The ``digits`` command line: train, evaluate, predict, download, export (and, through app/, the window).

Errors a user can cause end in ``digits: error: <one sentence>`` on stderr
and exit status 1 (2 for a usage mistake); never a traceback.

Every word is in the language of ``--lang CODE`` (anywhere on the command
line), else of the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else
English: the help, argparse's own words, progress and errors. ``--json``
output keeps its English keys in every language. argparse builds its words
with the module-level ``_`` and ``ngettext`` it imported from gettext;
``_install_argparse_words`` replaces both with functions that look argparse's
English message up in ``_ARGPARSE_WORDS`` (message -> our id, for Python
3.10-3.14's wording) and return our catalogue's text, with argparse's own
%-placeholders. A message not in the table, and every message in English,
passes through unchanged.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from . import i18n
from .errors import DataError, DigitsError, DownloadError
from .i18n import Number, Percent, Text, tr

_ARGPARSE_WORDS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional_arguments",
    "options": "argparse.options",
    "optional arguments": "argparse.options",
    "%(heading)s:": "argparse.heading",
    "show this help message and exit": "argparse.help",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "argparse.invalid_choice_maybe",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "expected %s argument": "argparse.expected_n.one",
    "expected %s arguments": "argparse.expected_n.other",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "ignored explicit argument %r": "argparse.ignored_explicit",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "unexpected option string: %s": "argparse.unexpected_option",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "argparse.unknown_parser",
}
"""argparse's English messages (the gettext msgids of Python 3.10-3.14) -> our ids."""


def _argparse_gettext(message):
    key = _ARGPARSE_WORDS.get(message)
    return tr(key) if key and i18n.language() != i18n.DEFAULT else message


def _argparse_ngettext(singular, plural, n):
    return _argparse_gettext(singular if n == 1 else plural)


def _install_argparse_words():
    """Make argparse speak the language in use (see the module docstring)."""
    argparse._ = _argparse_gettext
    argparse.ngettext = _argparse_ngettext


def _width(text):
    """How many terminal columns ``text`` takes: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_NO_BREAK_BEFORE = set("，。、；：？！）》」』”’")
_NO_BREAK_AFTER = set("（《「『“‘")


def _wrap(text, width):
    """Lines of at most ``width`` columns; Chinese may break between any two characters
    (not before closing punctuation, nor after opening), other words only at spaces."""
    tokens = re.findall(r"[^\s]+?(?=[\u2e80-\uffef]|\s|$)|[\u2e80-\uffef]|\s+", " ".join(text.split()))
    lines, line = [], ""
    for token in tokens:
        joined = line + token
        if (_width(joined.rstrip()) > width and line.strip() and token[0] not in _NO_BREAK_BEFORE
                and line[-1] not in _NO_BREAK_AFTER):
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = joined
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, measuring Chinese text in terminal columns (two per character)
    so that it wraps and lines up; English help is formatted exactly as argparse does."""

    def _split_lines(self, text, width):
        if _width(text) == len(text):
            return super()._split_lines(text, width)
        return _wrap(text, width)

    def _fill_text(self, text, width, indent):
        if _width(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap(text, width - len(indent)))

    def add_argument(self, action):
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:        # make room for the widest invocation
            widths = [_width(self._format_action_invocation(a)) + self._current_indent
                      for a in [action, *self._iter_indented_subactions(action)]]
            self._action_max_length = max(self._action_max_length, *widths)

    def _format_action(self, action):
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = _width(invocation) - len(invocation)
        start = " " * self._current_indent + invocation
        if extra and text.startswith(start + " " * (extra + 2)):     # padded by characters, not columns
            text = start + text[len(start) + extra:]
        return text

    def _format_usage(self, usage, actions, groups, prefix):
        prefix = argparse._("usage: ") if prefix is None else prefix
        text = super()._format_usage(usage, actions, groups, prefix)
        if _width(text) == len(text):
            return text
        width = self._width
        try:        # argparse wraps by characters: narrow the lines until they fit in columns
            for _ in range(10):
                extra = _width(prefix) - len(prefix)    # continuation lines are indented by characters
                text = re.sub(r"\n(?=\s+\S)", "\n" + " " * extra, text) if extra else text
                over = max(_width(line) for line in text.splitlines()) - width
                if over <= 0 or self._width - over < 20:
                    break
                self._width -= over
                text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width = width
        return text


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line: ``digits: error: ...`` and exit 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        self.exit(2, tr("cli.usage_error", message=message, prog=self.prog) + "\n")


def build_parser():
    """The parser, its help in the language in use (set it first)."""
    _install_argparse_words()
    parser = _Parser(prog="digits", description=tr("cli.description"))
    parser.add_argument("--weights", metavar=tr("cli.metavar.file"), help=tr("cli.window.weights.help"))
    _lang_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar=tr("cli.metavar.command"), parser_class=_Parser)

    from .train import PRESETS, DEFAULT_PRESET
    from .activations import HIDDEN_ACTIVATIONS
    from .optim import OPTIMIZERS, SCHEDULES

    FILE, DIR, N, X = tr("cli.metavar.file"), tr("cli.metavar.dir"), tr("cli.metavar.n"), tr("cli.metavar.x")
    t = commands.add_parser("train", help=tr("cli.train.help"), description=tr("cli.train.description"))
    source = t.add_mutually_exclusive_group()
    source.add_argument("--data", metavar=DIR, help=tr("cli.train.data.help"))
    source.add_argument("--csv", nargs=2, metavar=(tr("cli.metavar.train"), tr("cli.metavar.test")),
                        help=tr("cli.train.csv.help"))
    t.add_argument("--preset", choices=list(PRESETS), default=DEFAULT_PRESET,
                   help=tr("cli.train.preset.help", preset=DEFAULT_PRESET))
    t.add_argument("--hidden", type=_positive_int, metavar=N, help=tr("cli.train.hidden.help"))
    t.add_argument("--activation", choices=HIDDEN_ACTIVATIONS, help=tr("cli.train.activation.help"))
    t.add_argument("--epochs", type=_positive_int, metavar=N)
    t.add_argument("--batch-size", type=_positive_int, metavar=N)
    t.add_argument("--optimizer", choices=OPTIMIZERS)
    t.add_argument("--lr", type=_real, metavar=X, help=tr("cli.train.lr.help"))
    t.add_argument("--momentum", type=_real, metavar=X)
    t.add_argument("--l2", type=_real, metavar=X, help=tr("cli.train.l2.help"))
    t.add_argument("--schedule", choices=SCHEDULES, help=tr("cli.train.schedule.help"))
    t.add_argument("--augment", action=argparse.BooleanOptionalAction, default=None,
                   help=tr("cli.train.augment.help"))
    t.add_argument("--distortion", type=_real, metavar=X, help=tr("cli.train.distortion.help"))
    t.add_argument("--seed", type=_int, metavar=N)
    t.add_argument("--limit", type=_positive_int, metavar=N, help=tr("cli.train.limit.help"))
    t.add_argument("--pen", metavar=FILE, help=tr("cli.train.pen.help"))
    t.add_argument("--pen-writers", metavar=tr("cli.metavar.range"), help=tr("cli.train.pen_writers.help"))
    t.add_argument("--pen-copies", type=_positive_int, default=4, metavar=N, help=tr("cli.train.pen_copies.help"))
    t.add_argument("--out", metavar=FILE, help=tr("cli.train.out.help"))
    t.add_argument("--json", action="store_true", help=tr("cli.train.json.help"))

    e = commands.add_parser("evaluate", help=tr("cli.evaluate.help"))
    _weights_option(e)
    source = e.add_mutually_exclusive_group()
    source.add_argument("--data", metavar=DIR, help=tr("cli.evaluate.data.help"))
    source.add_argument("--csv", metavar=tr("cli.metavar.test"), help=tr("cli.evaluate.csv.help"))
    e.add_argument("--json", action="store_true")

    p = commands.add_parser("predict", help=tr("cli.predict.help"))
    _weights_option(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("images", nargs="+", metavar=tr("cli.metavar.image"))

    d = commands.add_parser("download", help=tr("cli.download.help"))
    d.add_argument("--data", metavar=DIR, help=tr("cli.download.data.help"))

    x = commands.add_parser("export", help=tr("cli.export.help"), description=tr("cli.export.description"))
    _weights_option(x)
    x.add_argument("--out", metavar=FILE, required=True, help=tr("cli.export.out.help"))
    for command in (t, e, p, d, x):
        _lang_option(command, default=argparse.SUPPRESS)     # the main parser's value stays
    return parser


def _weights_option(parser):
    parser.add_argument("--weights", metavar=tr("cli.metavar.file"), help=tr("cli.weights.help"))


def _lang_option(parser, default):
    parser.add_argument("--lang", type=_language, default=default, metavar=tr("cli.metavar.lang"),
                        help=tr("cli.lang.help", codes=", ".join(i18n.LANGUAGES)))


def _language(text):
    try:
        return i18n.normalise(text)
    except ValueError:
        raise argparse.ArgumentTypeError(Text("cli.lang.unknown", value=repr(text),
                                              codes=", ".join(i18n.LANGUAGES))) from None


def _positive_int(text):
    value = _converted(int, text, "cli.value.not_whole")
    if value < 1:
        raise argparse.ArgumentTypeError(Text("cli.value.not_positive", value=text))
    return value


def _int(text):
    return _converted(int, text, "cli.value.not_int")


def _real(text):
    return _converted(float, text, "cli.value.not_real")


def _converted(kind, text, key):
    """kind(text), or a usage error in our words (``key``: a Text with the {value} given)."""
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(Text(key, value=repr(text))) from None


def language_in(argv):
    """The language ``--lang CODE`` (or ``--lang=CODE``, or a prefix such as ``--la``) asks for
    anywhere in argv, or None (also for a code that does not exist: the parser will say so)."""
    for i, arg in enumerate(argv):
        name, equals, value = arg.partition("=")
        if len(name) >= 4 and "--lang".startswith(name):
            if not equals:
                value = argv[i + 1] if i + 1 < len(argv) else ""
            try:
                return i18n.normalise(value)
            except ValueError:
                return None
    return None


# -- entry point -------------------------------------------------------------------
def main(argv=None, open_window=None):
    """Run the command line; returns the exit status.

    open_window(weights_path, language) -> int opens the GUI (passed in by app/, so this
    package never imports Qt); ``language`` is the --lang code, or None. Without it,
    ``digits`` alone says how to get the window.
    """
    argv = sys.argv[1:] if argv is None else list(map(str, argv))
    asked = language_in(argv)
    if asked:
        i18n.set_language(asked)
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            if open_window is None:
                raise DigitsError(Text("error.cli.no_window"))
            return open_window(args.weights, args.lang)
        return {"train": cmd_train, "evaluate": cmd_evaluate, "predict": cmd_predict,
                "download": cmd_download, "export": cmd_export}[args.command](args)
    except DigitsError as e:
        _error(_sentence(e))
        return 1
    except KeyboardInterrupt:
        _error(Text("error.cli.interrupted"))
        return 130


def _error(sentence):
    """``digits: error: <sentence>`` on stderr."""
    print(tr("cli.error", message=sentence), file=sys.stderr)


def _sentence(error):
    """The error's one sentence, with the remedy of a failed download in command-line words."""
    if isinstance(error, DownloadError) and error.remedy == "files":
        return Text("error.cli.download_files", problem=error.problem, folder=error.folder)
    if isinstance(error, DownloadError) and error.remedy == "folder":
        return Text("error.cli.download_folder", problem=error.problem)
    return error


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
            named = named or Text("cli.data.user_folder")
            if not folder.is_dir():
                raise DataError(Text("error.cli.no_data_folder", folder=folder, named=named))
            raise DataError(Text("error.cli.data_lacks", folder=folder, named=named, missing=", ".join(missing)))
        from .download import download_mnist

        print(tr("cli.downloading", folder=folder), file=sys.stderr)
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

    from . import train as training
    from . import weights

    config = _config(args)
    out = Path(args.out) if args.out else _default_out(args.preset)
    if out.is_dir():
        raise DigitsError(Text("error.cli.out_is_folder", out=out, example=out / "weights.npz"))
    if not out.parent.exists() and str(out.parent):
        raise DigitsError(Text("error.cli.out_folder_missing", folder=out.parent))
    if (args.pen_writers or args.pen_copies != 4) and not args.pen:
        raise DigitsError(Text("error.cli.pen_options"))
    train_set, test_set = load_data(args.data, args.csv, progress=_bar_progress(tr("cli.progress.download")))
    train_set = train_set.head(args.limit)
    # in the file: English, as all metadata; on the screen: the same in the reader's words
    trained_on = f"MNIST ({len(train_set):,} training images)"
    shown = Text("cli.train.on_mnist", images=Number(len(train_set)))
    if args.pen:
        from .pendigits import pen_dataset

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
            _emit(args, {"epoch": event.epoch, "loss": event.loss, "train_accuracy": event.train_accuracy,
                         "test_accuracy": event.test_accuracy, "seconds": round(event.seconds, 3)},
                  tr("cli.train.epoch", epoch=event.epoch, epochs=event.epochs, loss=i18n.number(event.loss, 4),
                     train=Percent(event.train_accuracy), test=Percent(event.test_accuracy),
                     seconds=Number(event.seconds, 1, group=False)))
        else:
            finished = event
    weights.save(finished.network, out, **finished.metadata(trained_on, preset=args.preset))
    _emit(args, {"test_accuracy": finished.test_accuracy, "seconds": round(finished.seconds, 3), "out": str(out)},
          tr("cli.train.done", accuracy=Percent(finished.test_accuracy),
             seconds=Number(finished.seconds, 1, group=False), out=out))
    return 0


# -- evaluate ------------------------------------------------------------------------
def cmd_evaluate(args):
    from . import data as d
    from .evaluate import evaluate

    net, meta = _load_weights(args.weights)
    if args.csv:
        test = d.load_csv(args.csv)
    else:
        test = load_data(args.data, progress=_bar_progress(tr("cli.progress.download")))[1]
    result = evaluate(net, test)
    if args.json:
        _emit(args, {"accuracy": result.accuracy, "per_digit": [float(v) for v in result.per_digit],
                     "confusion": result.confusion.tolist()}, "")
        return 0
    print(tr("cli.evaluate.accuracy", accuracy=Percent(result.accuracy), images=Number(len(test))))
    print(tr("cli.evaluate.per_digit", values="  ".join(f"{k}: {i18n.percent(v, 1)}"
                                                        for k, v in enumerate(result.per_digit))))
    print(tr("cli.evaluate.confusion"))
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
            _error(e)
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
    print(tr("cli.download.done", folder=folder))
    return 0


# -- export --------------------------------------------------------------------------
def cmd_export(args):
    from .export import save_safetensors

    out = Path(args.out)
    if out.is_dir():
        raise DigitsError(Text("error.cli.out_is_folder", out=out, example=out / "digits.safetensors"))
    if str(out.parent) and not out.parent.is_dir():
        raise DigitsError(Text("error.cli.out_folder_missing", folder=out.parent))
    net, meta = _load_weights(args.weights)
    extra = {"source": Path(args.weights).name if args.weights else "bundled weights"}
    if isinstance(meta.get("test_accuracy"), (int, float)):
        extra["mnist_test_accuracy"] = f"{meta['test_accuracy']:.4f}"
    save_safetensors(net, out, extra)
    print(tr("cli.export.done", layers="-".join(map(str, net.sizes)), activation=net.activation, out=out))
    return 0
