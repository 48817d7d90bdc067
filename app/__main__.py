"""``digits`` and ``python -m app``: the command line, and the window when no command is given."""
import sys


def open_window(weights_path=None):
    """Open the main window (Qt is imported only here); returns the exit status."""
    from .application import run

    return run(weights_path)


def main(argv=None):
    from network.cli import main as cli_main

    return cli_main(argv, open_window=open_window)


if __name__ == "__main__":
    sys.exit(main())
