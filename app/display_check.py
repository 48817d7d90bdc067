"""Before the window: can Qt open one here at all?

On Linux Qt aborts the whole process (status 134, three lines naming the
wrong library) when its X11 plugin cannot be loaded or no display is set.
``window_problem()`` looks first, so ``digits`` can end in one sentence that
says what to do instead. It answers only for Qt's default choice on Linux
(no $QT_QPA_PLATFORM, or xcb) and never blocks what it cannot judge: another
system, another platform plugin, a plugin file it cannot find.
"""
from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

from network.i18n import Text

# Every library Qt's xcb plugin links against that a minimal Debian or Ubuntu may lack
# (docs/troubleshooting.md): one line installs them all, so the sentence gives the line.
DEBIAN_PACKAGES = ("libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 "
                   "libxcb-shape0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 "
                   "libfontconfig1 libdbus-1-3")


def window_problem(environ=None, platform=None, plugin=None):
    """A Text saying why Qt cannot open a window here, or None when it can (or we cannot tell).

    ``environ``, ``platform`` and ``plugin`` (the path of Qt's libqxcb.so) default
    to this process's; the tests pass their own."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None                        # offscreen, wayland, vnc...: Qt's own business
    if not chosen and environ.get("WAYLAND_DISPLAY"):
        return None                        # Qt may take its Wayland plugin
    plugin = _xcb_plugin() if plugin is None else Path(plugin)
    if plugin is not None and plugin.is_file():
        missing = _missing_library(plugin)
        if missing:
            return Text("error.window.library", library=missing, packages=DEBIAN_PACKAGES)
    if not environ.get("DISPLAY"):
        return Text("error.window.no_display")
    return None


def _xcb_plugin():
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    return folder / "libqxcb.so"


def _missing_library(path):
    """The first shared library the dynamic loader cannot find for ``path``, or None."""
    try:
        ctypes.CDLL(str(path))             # stays loaded: Qt loads the same file next, at no cost
    except OSError as e:
        # "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"
        name = str(e).split(":", 1)[0].strip()
        return Path(name).name if "cannot open shared object file" in str(e) else None
    return None
