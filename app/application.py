"""Starting the window: the QApplication, its names (for QSettings), and the main window."""
from __future__ import annotations

import os
import sys


def run(weights_path=None, argv=None):
    """Show the main window until it closes; returns the exit status.

    A ``weights_path`` that cannot be loaded ends in one sentence and status 1
    before any window opens. With $DIGITS_QUIT_WHEN_SHOWN set the window
    closes as soon as it is shown (for the start-up benchmark and smoke tests).
    """
    if weights_path:
        from network import weights
        from network.errors import DigitsError

        try:
            weights.load(weights_path)
        except DigitsError as e:
            print(f"digits: error: {e}", file=sys.stderr)
            return 1

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("Digits")
    app.setApplicationName("Digits")
    app.setApplicationDisplayName("Digits")

    from .main_window import MainWindow

    window = MainWindow(weights_path)
    window.show()
    if os.environ.get("DIGITS_QUIT_WHEN_SHOWN"):       # start-up benchmark and smoke test
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, window.close)
    return app.exec()
