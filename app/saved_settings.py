"""Reading what Digits saved in QSettings, so that no saved value can stop the window from opening.

The settings file is the user's (``~/.config/Digits/Digits.conf`` on Linux): an editor, a later
version or a damaged disk can leave anything in it. Every value read goes through ``value``:
one of the expected kind that passes its check is used; anything else (``brushWidth=nan``,
``geometry=123``) is replaced by the default, with one line on stderr saying so.
"""
from __future__ import annotations

import math
import sys

from network.i18n import tr


def value(settings, key, default, kind=None, valid=None):
    """The setting ``key`` as ``kind`` (str, float, list...; None: as stored), or ``default`` when it
    is missing, cannot be read as ``kind`` or fails ``valid(value)``."""
    if not settings.contains(key):
        return default
    try:
        raw = settings.value(key)
        # Qt turns a value of another type into an empty one without a word (a rectangle into "")
        stored_as = {str: (str,), list: (list, str), float: (str, float, int)}.get(kind, (object,))
        found = raw if kind is None else settings.value(key, default, kind)
        usable = raw is not None and isinstance(raw, stored_as) and found is not None \
            and (kind is None or isinstance(found, kind)) and (valid is None or valid(found))
    except (TypeError, ValueError, OverflowError, RuntimeError):
        usable = False
    if usable:
        return found
    say_unusable(settings, key, default)
    return default


def say_unusable(settings, key, default):
    """One line on stderr: the setting is not usable and its default is used instead."""
    shown = default if default not in (None, "", []) else tr("settings.default")
    print(tr("settings.unusable", key=key, file=settings.fileName(), default=shown), file=sys.stderr)


def finite_within(low, high):
    """A check for a float setting: a finite number from ``low`` to ``high``."""
    return lambda v: math.isfinite(v) and low <= v <= high


def strings(v):
    """A check for a list setting: every item a string."""
    return all(isinstance(item, str) for item in v)
