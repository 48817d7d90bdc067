"""Every word a person reads, in their language: one catalogue per language, keyed by id.

    tr("run.train")                                   -> "Train" | "训练"
    tr("run.epoch", epoch=3, epochs=14)               -> "Epoch 3 of 14" | "第 3 轮（共 14 轮）"

The catalogues are JSON files in the ``resources`` package,
``translations/<code>.json``: {id: text}, texts with str.format placeholders
(``{epoch}``). Ids rather than English sentences as keys, because the same
English word may need different words in Chinese (a "Train" button, a
"Train" tab), and because the tests can then check that every catalogue has
exactly the same ids and placeholders. One mechanism serves the window, the
command line (argparse's help included) and the engine's error sentences,
which is why it is plain Python and not Qt Linguist: ``network/`` never
imports Qt.

The language is process-wide: ``set_language(code)`` (the window's setting,
the command line's --lang), else the environment (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG: a value starting with ``zh`` means Simplified Chinese),
else English. Numbers and percentages are formatted by ``number`` and
``percent`` with the language's separators, which the catalogue holds too.

A text that must be shown again after the language changes (an error kept on
screen, a status line) is kept as a ``Text``: the id and the values, rendered
by ``str()`` in the language of that moment. Its values may be Texts too, and
``Number``/``Percent`` for numbers, so every part follows the language:

    message = Text("error.weights.not_found", path=path)
    str(message)                                      -> "... does not exist." | "……不存在。"
    Text("run.start", images=Number(60000))           -> "Training on 60,000 images…"

Conventions (the tests hold them): ids are ``<area>.<what>``, e.g.
``draw.clear``, ``draw.clear.tip`` (a tooltip), ``error.weights.not_found``,
``cli.train.help``; every id a module uses appears in it as a string literal
(``tr("draw.clear")``, or in a table), never built from pieces; both
catalogues hold the same ids with the same placeholders, sorted. The
``argparse.*`` texts are argparse's own, with its %-placeholders (see
network/cli/arguments.py).
"""
from __future__ import annotations

import json
import numbers
import os
import re
from functools import cache
from importlib import resources

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
"""Language code -> its own name (as shown in the language menu)."""

DEFAULT = "en"
_current = None


def set_language(code):
    """Use ``code`` from now on (one of LANGUAGES; 'zh', 'zh-CN', 'zh_CN.UTF-8' mean zh_CN); None:
    the environment's again."""
    global _current
    _current = None if code is None else normalise(code)
    return _current


def language():
    """The code of the language in use (the environment's, until ``set_language`` is called)."""
    global _current
    if _current is None:
        _current = language_from_environment()
    return _current


def normalise(code):
    """A language code as LANGUAGES spells it, or ValueError (one sentence) if none fits."""
    text = str(code or "").strip()
    if text.lower().startswith("zh"):
        return "zh_CN"
    if text.lower().startswith("en") or text in ("C", "POSIX"):
        return "en"
    raise ValueError(f"there is no {text!r} translation; use one of {', '.join(LANGUAGES)}.")


def language_from_environment(environ=None):
    """The language the environment asks for: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG
    that is set decides (LANGUAGE may list several, separated by ':'), else English."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            first = value.split(":")[0]
            return "zh_CN" if first.lower().startswith("zh") else DEFAULT
    return DEFAULT


@cache
def catalogue(code):
    """{id: text} of one language, read once from the resources package."""
    path = resources.files("resources").joinpath("translations", f"{code}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def tr(key, /, **values):
    """The text of ``key`` in the current language, with ``values`` put into its placeholders.

    A catalogue may hold the form a text takes for one whole-number value as
    ``key[name=value]``: the singular ("Taught on 1 example", not "1 examples":
    ``[examples=1]``), or English's "an 8" (``[digit=8]``). Each language has
    only the forms it needs (Chinese has no singular). An id missing from a
    catalogue falls back to English (the tests make sure no shipped catalogue
    lacks one); an unknown id is a programming error.
    """
    text = _text(catalogue(language()), key, values)
    if text is None:
        text = _text(catalogue(DEFAULT), key, values)
    if text is None:
        raise KeyError(key)
    return text.format(**{name: _shown(value) for name, value in values.items()}) if values else text


def printable(text):
    """Text as one line, or one field of a line: control characters (a tab, a newline) written as \\t,
    \\n, \\x1b, so that no file name can forge a line of results or of an error."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text))


def _shown(value):
    """A value as a text shows it: a name or a path (str, Path) with its control characters escaped
    (a file named "a<newline>7: 99%" forges no line, in a terminal or in the window)."""
    return printable(value) if isinstance(value, (str, os.PathLike)) else value


def form_id(key, name, value):
    """The id of the form ``key`` takes when its value ``name`` is the whole number ``value``."""
    return f"{key}[{name}={value}]"


def _whole(value):
    """``value`` as an int when it is a whole number (an int, or a Number without decimals), else None."""
    if isinstance(value, Number) and not isinstance(value, Percent) and value.decimals == 0:
        value = value.value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return None


def _text(texts, key, values):
    """The text of ``key`` in one catalogue (the form a value calls for, when it has one), or None."""
    for name, value in values.items():
        whole = _whole(value)
        if whole is not None and form_id(key, name, whole) in texts:
            return texts[form_id(key, name, whole)]
    return texts.get(key)


def placeholders(text):
    """The placeholders of a catalogue text (a set): the names of its {placeholders}, and its
    printf-style ones as argparse writes them ('%(prog)s', and '%s #1', '%s #2'... in order)."""
    named = set(re.findall(r"\{(\w+)[^{}]*\}", text))
    printf = re.findall(r"%(\(\w+\))?[#0+-]*\d*(?:\.\d+)?[sdrif]", text)
    return named | {f"%{name}" if name else f"%s #{i}" for i, name in enumerate(printf, 1)}


def number(value, decimals=0, group=True):
    """A number for people: thousands grouped (unless ``group`` is False), the language's
    separators ('60,000', '0.25')."""
    text = f"{value:,.{decimals}f}" if group else f"{value:.{decimals}f}"
    separator, point = tr("format.group"), tr("format.decimal")
    return text.replace(",", "\0").replace(".", point).replace("\0", separator)


def percent(share, decimals=2):
    """A share (0..1) as a percentage in the language's way ('99.40%')."""
    return tr("format.percent", value=number(100 * share, decimals))


class Later:
    """Something rendered by ``str()`` when it is shown, so in the language current then;
    ``format()`` (a placeholder of another text) renders it too."""

    __slots__ = ()

    def __format__(self, spec):
        return format(str(self), spec)


class Text(Later):
    """A text to render later: ``str(Text(id, **values))`` is ``tr(id, **values)`` in the
    language current when it is rendered (Texts, Numbers and Percents among the values too).

    Compares equal to another Text with the same id and values, and to the
    str it renders to now.
    """

    __slots__ = ("key", "values")

    def __init__(self, key, /, **values):
        self.key, self.values = key, values

    def __str__(self):
        return tr(self.key, **self.values)

    def __eq__(self, other):
        if isinstance(other, Text):
            return (self.key, self.values) == (other.key, other.values)
        if isinstance(other, str):
            return str(self) == other
        return NotImplemented

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return f"Text({self.key!r}, {self.values!r})" if self.values else f"Text({self.key!r})"


class Number(Later):
    """A number rendered later, with the separators of the language current then (see ``number``)."""

    __slots__ = ("value", "decimals", "group")

    def __init__(self, value, decimals=0, group=True):
        self.value, self.decimals, self.group = value, decimals, group

    def __str__(self):
        return number(self.value, self.decimals, self.group)

    def __eq__(self, other):
        return isinstance(other, Number) and type(other) is type(self) and \
            (self.value, self.decimals, self.group) == (other.value, other.decimals, other.group)

    def __hash__(self):
        return hash(self.value)

    def __repr__(self):
        return f"{type(self).__name__}({self.value!r}, {self.decimals!r})"


class Percent(Number):
    """A share (0..1) rendered later as a percentage (see ``percent``); two decimals by default."""

    def __init__(self, share, decimals=2):
        super().__init__(share, decimals)

    def __str__(self):
        return percent(self.value, self.decimals)
