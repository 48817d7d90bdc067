"""Starting the window, and the settings that concern the whole process.

``run`` loads the weights (once), creates the QApplication with its names
(for QSettings), shows the main window and, once it has settled, exempts
everything alive from garbage collection.
"""
from __future__ import annotations

import gc
import os
import sys


def run(weights_path=None, argv=None, language=None, interrupted=lambda: False):
    """Show the main window until it closes; returns the exit status.

    The window speaks ``language`` (a code: the command line's --lang), else the
    language chosen in its menu last time, else the environment's; Chinese
    without a font that can show it falls back to English and says so on
    stderr and in the status bar. A ``weights_path`` that cannot be loaded ends in one sentence and status 1
    before any window opens. With $DIGITS_QUIT_WHEN_SHOWN set the window
    closes as soon as it is shown (for the start-up benchmark and smoke tests).

    One window per user (app.one_window): when one is open already, this start
    asks it to come to the front and open ``weights_path``, and returns 0.
    """
    loaded = None
    if weights_path:
        from network.errors import DigitsError
        from network.i18n import tr
        from network.storage import weights

        try:
            loaded = (*weights.load(weights_path), weights_path)
        except DigitsError as e:
            print(tr("cli.error", message=e.args[0] if e.args else e), file=sys.stderr)
            return 1

    from .one_window import Claim, hand_over

    claim = Claim()
    if not claim.take():                # a window is open on this user's examples and network already
        return _hand_over(hand_over, weights_path)
    try:
        return _run(loaded, argv, language, claim, interrupted)
    finally:
        claim.release()


def _hand_over(hand_over, weights_path):
    """Ask the window already open to come to the front (and open ``weights_path``); say so."""
    from pathlib import Path

    from network.i18n import Text, tr

    if hand_over({"weights": str(Path(weights_path).resolve()) if weights_path else None}):
        print(tr("window.already_open"), file=sys.stderr)
        return 0
    print(tr("cli.error", message=Text("error.window.not_answering")), file=sys.stderr)
    return 1


def _run(loaded, argv, language, claim, interrupted):
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        from .display_check import window_problem

        problem = window_problem()
        if problem is not None:         # Qt would abort with three lines naming the wrong library
            from network.i18n import tr

            print(tr("cli.error", message=problem), file=sys.stderr)
            return 1
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
    before = close_on_signals(window)   # from now on Ctrl+C and SIGTERM close the window as Quit does
    if interrupted():                   # and one that came while Qt loaded and the window was built: no window
        from network.i18n import tr

        _restore(before)
        print(tr("cli.error", message=tr("error.cli.interrupted")), file=sys.stderr)
        return 130
    claim.listen(window.started_again)
    window.show()
    if os.environ.get("DIGITS_QUIT_WHEN_SHOWN"):       # start-up benchmark and smoke test
        QTimer.singleShot(0, window.close)
    try:
        return app.exec()
    finally:
        _restore(before)


def _restore(handlers):
    import signal

    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def close_on_signals(window):
    """Ctrl+C in the terminal (SIGINT) and SIGTERM close the window as File → Quit does, keeping what
    Quit keeps. Python runs a signal handler only between its own steps, and Qt's event loop is not
    Python: a timer wakes it five times a second so that the handler runs at once. Returns the
    handlers it replaced."""
    import signal

    from PySide6.QtCore import QTimer

    def close(signum, frame):
        QTimer.singleShot(0, window.close)

    before = {signum: signal.signal(signum, close) for signum in (signal.SIGINT, signal.SIGTERM)}
    wake = QTimer(window, interval=200)
    wake.timeout.connect(lambda: None)
    wake.start()
    return before


def freeze_garbage():
    """Collect once, then exempt every object alive from later collections.

    A full collection scans every object (Qt wrappers, pyqtgraph, numpy) and
    stalled the event loop ~60 ms when training's allocations set one off;
    frozen, the collector scans only what was made since. Called once the
    window has built everything it keeps.
    """
    gc.collect()
    gc.freeze()
