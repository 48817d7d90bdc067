"""Starting the window: the QApplication, its names (for QSettings), and the main window."""
from __future__ import annotations

import sys


def run(weights_path=None, argv=None):
    """Show the main window until it closes; returns the exit status.

    A ``weights_path`` that cannot be loaded ends in one sentence and status 1
    before any window opens.
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
    return app.exec()
