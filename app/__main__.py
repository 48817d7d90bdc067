"""``digits`` and ``python -m app``: the command line, and the window when no command is given."""
import sys


def open_window(weights_path=None, language=None):
    """Open the main window (Qt is imported only here) in ``language`` (a code; None: the one
    chosen last time, else the environment's); returns the exit status.

    Ctrl+C or SIGTERM while Qt loads and the window is built does not break into that (an
    exception raised inside Qt's start-up gave tracebacks, fatal errors, a crash): it is noted,
    and the start ends, in one line, before the window is shown."""
    import signal

    asked = []
    before = {signum: signal.signal(signum, lambda number, frame: asked.append(number))
              for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        from .application import run

        return run(weights_path, language=language, interrupted=lambda: bool(asked))
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def main(argv=None):
    import signal

    # Ctrl+C while numpy and the rest load (a few tenths of a second) is noted, not raised inside an
    # import: numpy turns it into an ImportError that blames the installation
    asked = []
    before = signal.signal(signal.SIGINT, lambda number, frame: asked.append(number))
    try:
        from network.cli import main as cli_main
    finally:
        signal.signal(signal.SIGINT, before)
    if asked:
        print("digits: interrupted.", file=sys.stderr)
        return 130
    return cli_main(argv, open_window=open_window)


if __name__ == "__main__":
    sys.exit(main())
