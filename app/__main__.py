"""``digits`` and ``python -m app``: the command line, and the window when no command is given."""
import sys


def open_window(weights_path=None, language=None):
    """Open the main window (Qt is imported only here) in ``language`` (a code; None: the one
    chosen last time, else the environment's); returns the exit status."""
    from .application import run

    return run(weights_path, language=language)


def main(argv=None):
    from network.cli import main as cli_main

    return cli_main(argv, open_window=open_window)


if __name__ == "__main__":
    sys.exit(main())
