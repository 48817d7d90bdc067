"""Where the user's files live, and writing a file so that it is either whole or not there: never
half-written, never a lost original."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def user_data_dir():
    """The per-user folder of Digits (e.g. ~/.local/share/digits on Linux): MNIST (``mnist/``), the
    personal examples, the kept network and the hidden-layer moments live in it."""
    import platformdirs

    return Path(platformdirs.user_data_dir("digits", appauthor=False))


def atomic_write(path, write):
    """Call ``write(f)`` on a temporary binary file beside ``path``, then rename it over ``path``.

    The temporary file is flushed to disk before the rename, gets the
    permissions a new file would get (not mkstemp's 0600), and is removed if
    anything fails; an existing file at ``path`` is replaced only by a whole
    new one. Raises OSError (the caller turns it into one sentence).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
