"""Where the user's files live, and writing a file so that it is either whole or not there: never
half-written, never a lost original."""
from __future__ import annotations

import os
import re
import secrets
import stat
from pathlib import Path


def user_data_dir():
    """The per-user folder of Digits (e.g. ~/.local/share/digits on Linux): MNIST (``mnist/``), the
    personal examples, the kept network and the hidden-layer moments live in it."""
    import platformdirs

    return Path(platformdirs.user_data_dir("digits", appauthor=False))


class NotOwnFile(OSError):
    """The target of a save is not a regular file (a device, a pipe, a link, a folder): a save
    replaces only a file of its own kind, never what is there for something else."""

    catalogue_key = "error.system.not_own_file"

    def __init__(self, path):
        super().__init__("it is not a regular file (a device, a pipe, a link or a folder): Digits replaces only files")


def atomic_write(path, write):
    """Call ``write(f)`` on a temporary binary file beside ``path``, then rename it over ``path``.

    The temporary file is flushed to disk before the rename and is removed if anything fails; an
    existing file at ``path`` is replaced only by a whole new one, which keeps its permissions (a
    new file gets those the umask gives, never mkstemp's 0600; the process's umask is not touched,
    as another thread may be creating files). A ``path`` that is there but is not a regular file
    (a device such as /dev/null, a FIFO, a symbolic link, a folder) is refused: NotOwnFile. Raises
    OSError (the caller turns it into one sentence).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise NotOwnFile(path)
    sweep_leftovers(folder, ".*.tmp", LEFTOVER_TMP)      # any save's, in this folder
    tmp = None
    try:
        # the name is known before the file exists: Ctrl+C or SIGTERM at any moment after this
        # (even between the file's creation and the next line) leaves nothing behind
        tmp = os.path.join(folder, f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = _new_file(tmp)
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        if existing is not None:
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None and os.path.lexists(tmp):
            os.unlink(tmp)
        raise


LEFTOVER_AGE = 3600
"""A temporary file of a save or a download this many seconds old is a leftover of a process that
was killed (SIGKILL, a power cut): the next save or download beside it removes it."""


LEFTOVER_TMP = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")
"""The name of a save's temporary file (``atomic_write``): .NAME.8 hex digits.tmp."""


def sweep_leftovers(folder, pattern, name=None):
    """Remove the files in ``folder`` matching ``pattern`` (and the regular expression ``name``,
    when given) that are older than LEFTOVER_AGE."""
    import time

    limit = time.time() - LEFTOVER_AGE
    for leftover in Path(folder).glob(pattern):
        if name is not None and not name.match(leftover.name):
            continue
        try:
            if leftover.is_file() and not leftover.is_symlink() and leftover.stat().st_mtime < limit:
                leftover.unlink()
        except OSError:
            pass                    # another process's, or not ours to remove: left as it is


def _new_file(tmp):
    """A file descriptor of the new file ``tmp`` (it must not exist), created with mode 0666 so that
    the kernel applies the umask, as for any new file."""
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
