"""The command line's parser: argparse in the reader's language, with our option types.

argparse builds its words with the module-level ``_`` and ``ngettext`` it
imported from gettext; ``install_argparse_words`` replaces both with functions
that look argparse's English message up in ``ARGPARSE_WORDS`` (message -> our
id, for Python 3.10-3.14's wording) and return our catalogue's text, with
argparse's own %-placeholders. A message not in the table, and every message
in English, passes through unchanged. ``Formatter`` measures Chinese in
terminal columns (two per character), so help wraps and lines up.
"""
from __future__ import annotations

import argparse
import re
import unicodedata

from .. import i18n
from ..i18n import Text, tr

ARGPARSE_WORDS = {
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
    key = ARGPARSE_WORDS.get(message)
    return tr(key) if key and i18n.language() != i18n.DEFAULT else message


def _argparse_ngettext(singular, plural, n):
    return _argparse_gettext(singular if n == 1 else plural)


def install_argparse_words():
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


class Formatter(argparse.HelpFormatter):
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


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line: ``digits: error: ...`` and exit 2."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        self.exit(2, tr("cli.usage_error", message=_untranslated_prefix(message), prog=self.prog) + "\n")


def _untranslated_prefix(message):
    """Python 3.10's argparse writes 'argument --x: ...' without gettext (3.11 and later use it):
    put that prefix in the reader's words too."""
    found = re.fullmatch(r"argument (\S+): (.*)", message, re.S)
    if found and i18n.language() != i18n.DEFAULT:
        return _argparse_gettext("argument %(argument_name)s: %(message)s") % {
            "argument_name": found.group(1), "message": found.group(2)}
    return message


def weights_option(parser):
    parser.add_argument("--weights", type=file_name, metavar=tr("cli.metavar.file"), help=tr("cli.weights.help"))


def force_option(parser):
    """--force: the one overwrite policy of every command that writes (never replace an existing
    file without it)."""
    parser.add_argument("--force", action="store_true", help=tr("cli.force.help"))


def file_name(text):
    """A file's name: an empty one (``--weights ''``, a variable that was not set) is a mistake, not
    the bundled weights."""
    if not text.strip():
        raise argparse.ArgumentTypeError(Text("cli.value.empty_file"))
    return text


def lang_option(parser, default):
    parser.add_argument("--lang", type=language, default=default, metavar=tr("cli.metavar.lang"),
                        help=tr("cli.lang.help", codes=", ".join(i18n.LANGUAGES)))


def language(text):
    try:
        return i18n.normalise(text)
    except ValueError:
        raise argparse.ArgumentTypeError(Text("cli.lang.unknown", value=repr(text),
                                              codes=", ".join(i18n.LANGUAGES))) from None


def positive_int(text):
    value = _converted(int, text, "cli.value.not_whole")
    if value < 1:
        raise argparse.ArgumentTypeError(Text("cli.value.not_positive", value=text))
    return value


def integer(text):
    return _converted(int, text, "cli.value.not_int")


def real(text):
    return _converted(float, text, "cli.value.not_real")


def _converted(kind, text, key):
    """kind(text), or a usage error in our words (``key``: a Text with the {value} given)."""
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(Text(key, value=repr(text))) from None




def metavars():
    """FILE, DIR, N, X in the reader's words."""
    return tr("cli.metavar.file"), tr("cli.metavar.dir"), tr("cli.metavar.n"), tr("cli.metavar.x")
