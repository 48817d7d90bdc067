"""Starting the window, and the settings that concern the whole process.

``run`` loads the weights (once), creates the QApplication with its names
(for QSettings), shows the main window and, once it has settled, exempts
everything alive from garbage collection. ``favour_the_window`` lowers the
priority of every other thread, so training never starves the window.
"""
from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading


def run(weights_path=None, argv=None, language=None):
    """Show the main window until it closes; returns the exit status.

    The window speaks ``language`` (a code: the command line's --lang), else the
    language chosen in its menu last time, else the environment's; Chinese
    without a font that can show it falls back to English and says so on
    stderr and in the status bar. A ``weights_path`` that cannot be loaded ends in one sentence and status 1
    before any window opens. With $DIGITS_QUIT_WHEN_SHOWN set the window
    closes as soon as it is shown (for the start-up benchmark and smoke tests).
    """
    loaded = None
    if weights_path:
        from network import weights
        from network.errors import DigitsError
        from network.i18n import tr

        try:
            loaded = (*weights.load(weights_path), weights_path)
        except DigitsError as e:
            print(tr("cli.error", message=e), file=sys.stderr)
            return 1

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("Digits")
    app.setApplicationName("Digits")
    app.setApplicationDisplayName("Digits")

    from .language import start as start_language
    from .main_window import MainWindow

    settings = QSettings()
    notice = start_language(settings, language)
    window = MainWindow(settings=settings, loaded=loaded)
    if notice is not None:          # Chinese asked for, but no font can show it
        print(notice, file=sys.stderr)
        window.show_status(notice)
    window.prepared.connect(freeze_garbage)
    window.show()
    if os.environ.get("DIGITS_QUIT_WHEN_SHOWN"):       # start-up benchmark and smoke test
        QTimer.singleShot(0, window.close)
    return app.exec()


def freeze_garbage():
    """Collect once, then exempt every object alive from later collections.

    A full collection scans every object (Qt wrappers, pyqtgraph, numpy) and
    stalled the event loop ~60 ms when training's allocations set one off;
    frozen, the collector scans only what was made since. Called once the
    window has built everything it keeps.
    """
    gc.collect()
    gc.freeze()


def favour_the_window(nice=10):
    """Let the GUI thread win the CPU over training (Linux: every other thread of the process
    gets nice +10, BLAS's pool threads included; elsewhere the calling thread gets a low priority).

    Training saturates every core; without this the window's own painting
    waits for a time slice and the event loop stalls for 50-100 ms on 2 cores.
    The threads keep the lower priority afterwards (raising it back needs
    privileges); the window's work, on its own thread, is not affected.
    """
    if sys.platform.startswith("linux") and os.path.isdir("/proc/self/task"):
        main = threading.main_thread().native_id
        for task in os.listdir("/proc/self/task"):
            tid = int(task)
            if tid != main:
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, tid, max(nice, os.getpriority(os.PRIO_PROCESS, tid)))
    else:
        from PySide6.QtCore import QThread

        QThread.currentThread().setPriority(QThread.Priority.LowPriority)
