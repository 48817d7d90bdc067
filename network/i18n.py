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
"""
from __future__ import annotations

import json
import os
import re
from functools import cache
from importlib import resources

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
"""Language code -> its own name (as shown in the language menu)."""

DEFAULT = "en"
_current = None


def set_language(code):
    """Use ``code`` from now on (one of LANGUAGES; 'zh', 'zh-CN', 'zh_CN.UTF-8' mean zh_CN)."""
    global _current
    _current = normalise(code)
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


def tr(key, **values):
    """The text of ``key`` in the current language, with ``values`` put into its placeholders.

    An id missing from a catalogue falls back to English (the tests make sure
    no shipped catalogue lacks one); an unknown id is a programming error.
    """
    text = catalogue(language()).get(key)
    if text is None:
        text = catalogue(DEFAULT)[key]
    return text.format(**values) if values else text


def placeholders(text):
    """The names of the {placeholders} in a catalogue text (a set)."""
    return set(re.findall(r"\{(\w+)[^{}]*\}", text))


def number(value, decimals=0):
    """A number for people: thousands grouped, the language's separators ('60,000', '0.25')."""
    text = f"{value:,.{decimals}f}"
    group, point = tr("format.group"), tr("format.decimal")
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


def percent(share, decimals=2):
    """A share (0..1) as a percentage in the language's way ('99.40%')."""
    return tr("format.percent", value=number(100 * share, decimals))
