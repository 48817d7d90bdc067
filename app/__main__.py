"""``digits`` and ``python -m app``: the command line, and the window when no command is given."""
import sys


def open_window(weights_path=None, language=None):
    """Open the main window (Qt is imported only here) in ``language`` (a code; None: the one
    chosen last time, else the environment's); returns the exit status."""
    from .application import run

    return run(weights_path, language=language)


def main(argv=None):
    try:
        from network.cli import main as cli_main  # numpy and the rest: a few tenths of a second
    except KeyboardInterrupt:                           # Ctrl+C before anything started
        print("digits: interrupted.", file=sys.stderr)
        return 130
    return cli_main(argv, open_window=open_window)


if __name__ == "__main__":
    sys.exit(main())
