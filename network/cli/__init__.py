"""The ``digits`` command line (and, through app/, the window).

    digits [--weights FILE]                         the window (app/ passes ``open_window``)
    digits train | evaluate | download              training.py: MNIST in, a network out
    digits predict | explain | imagine              recognising.py: what it reads, why, what it imagines
    digits teach                                    teaching.py: a person's own examples
    digits export                                   exporting.py: .safetensors for PyTorch

Errors a user can cause end in ``digits: error: <one sentence>`` on stderr
and exit status 1 (2 for a usage mistake); never a traceback.

Every word is in the language of ``--lang CODE`` (anywhere on the command
line), else of the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else
English: the help, argparse's own words (arguments.py), progress and errors.
``--json`` output keeps its English keys in every language.
"""
from __future__ import annotations

import argparse
import sys

from .. import i18n
from ..errors import DigitsError, DownloadError
from ..i18n import Text, tr
from . import exporting, recognising, teaching, training
from .arguments import Parser, file_name, install_argparse_words, lang_option
from .common import Tolerant, error, open_standard_descriptors

COMMANDS = (training, recognising, teaching, exporting)
"""The modules of the subcommands: each has ``add_parsers(commands)`` and ``RUN`` (name -> function)."""


def build_parser():
    """The parser, its help in the language in use (set it first)."""
    install_argparse_words()
    parser = Parser(prog="digits", description=tr("cli.description"))
    parser.add_argument("--weights", type=file_name, metavar=tr("cli.metavar.file"), help=tr("cli.window.weights.help"))
    lang_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar=tr("cli.metavar.command"), parser_class=Parser)
    for module in COMMANDS:
        for command in module.add_parsers(commands):
            lang_option(command, default=argparse.SUPPRESS)     # the main parser's value stays
    return parser


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
    open_standard_descriptors()
    for stream in (sys.stdout, sys.stderr):
        # a terminal or a pipe that cannot show a file's name (ASCII, Latin-1) gets \u escapes, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Tolerant(sys.stdout), Tolerant(sys.stderr)
    before = None
    try:
        before = _interrupt_on_sigterm()
        return _main(argv, open_window)
    except KeyboardInterrupt:           # Ctrl+C while the commands are being read (imports)
        error(Text("error.cli.interrupted"))
        return 130
    finally:
        if before is not None:
            import signal

            signal.signal(signal.SIGTERM, before)
        sys.stdout, sys.stderr = streams


def _main(argv, open_window):
    asked = language_in(argv)
    if asked:
        i18n.set_language(asked)
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            if open_window is None:
                raise DigitsError(Text("error.cli.no_window"))
            return open_window(args.weights, args.lang)
        run = {name: function for module in COMMANDS for name, function in module.RUN.items()}
        return run[args.command](args)
    except DigitsError as e:
        error(_sentence(e, args.command))
        return 1
    except KeyboardInterrupt:
        error(Text("error.cli.interrupted"))
        return 130


def _interrupt_on_sigterm():
    """SIGTERM ends a command as Ctrl+C does: a save or a download in progress removes its temporary
    file, and the command says it was interrupted (the window sets its own handler). Returns the
    handler it replaced (None off the main thread: nothing was replaced)."""
    import signal
    import threading

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        return signal.signal(signal.SIGTERM, interrupt)
    return None


DATA_OPTIONS = {"train": "error.cli.data_options.train", "evaluate": "error.cli.data_options.evaluate"}
"""What each command that reads MNIST accepts instead of a download (download itself: nothing)."""


def _sentence(error, command=None):
    """The error's one sentence, with the remedy of a failed download in command-line words: the
    files it needs, and only the options of ``command``."""
    if isinstance(error, DownloadError) and error.remedy == "files":
        from ..data.mnist import MNIST_FILES

        parts = ("test",) if command == "evaluate" else ("train", "test")      # evaluate reads the test set only
        files = ", ".join(f.name for f in MNIST_FILES if f.part in parts)
        key = "error.cli.download_files" if command in DATA_OPTIONS else "error.cli.download_files.only"
        options = Text(DATA_OPTIONS[command]) if command in DATA_OPTIONS else ""
        return Text(key, problem=error.problem, folder=error.folder, files=files, options=options)
    if isinstance(error, DownloadError) and error.remedy == "folder":
        return Text("error.cli.download_folder", problem=error.problem)
    return error
