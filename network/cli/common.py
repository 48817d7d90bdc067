"""What the commands share: printing results and errors, weights, data, progress bars, output paths."""
from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

from ..errors import DataError, DigitsError, SystemReason
from ..i18n import Number, Text, printable, tr


def error(sentence):
    """``digits: error: <sentence>`` on stderr, on one line (a file name's newline is written \\n)."""
    print(printable(tr("cli.error", message=sentence)), file=sys.stderr)


class Tolerant(io.TextIOBase):
    """stdout or stderr as a command sees it: a reader that went away (``| head -1``), a full disk
    (``> /dev/full``) or a closed descriptor (``2>&-``) silences it, and never stops the work: what
    is still to print goes nowhere (the descriptor is pointed at the null device, so that nothing
    fails at exit either)."""

    def __init__(self, stream):
        super().__init__()
        self._stream = stream
        self.broken = stream is None
        try:
            self._fd = stream.fileno()
        except (AttributeError, OSError, ValueError):   # no descriptor of its own (a test's buffer)
            self._fd = None

    def _guard(self, call, *args):
        if self.broken:
            return None
        try:
            return call(*args)
        except (OSError, ValueError, AttributeError):
            self.broken = True
            if self._fd is not None:
                _to_null(self._fd)
            return None

    def write(self, text):
        self._guard(lambda: self._stream.write(text))
        return len(text)

    def flush(self):
        self._guard(lambda: self._stream.flush())

    def isatty(self):
        return bool(self._guard(lambda: self._stream.isatty()))

    def writable(self):
        return True

    @property
    def encoding(self):
        return getattr(self._stream, "encoding", "utf-8")


def _to_null(fd):
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


def open_standard_descriptors():
    """A closed stdin, stdout or stderr (``2>&-``) is opened on the null device, so that no file
    the command opens takes its number (and gets the messages meant for it)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                opened = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if opened != fd:
                os.close(opened)


def emit(args, obj, text):
    """One result: ``obj`` as a line of JSON with --json, else ``text``. (A reader that went away
    or a full output never stops the work: stdout is a ``Tolerant`` stream for the whole run.)"""
    print(json.dumps(obj) if args.json else text, flush=True)


def load_weights(path):
    """(Network, metadata) from --weights FILE, or the bundled weights."""
    from ..storage import weights

    return weights.load(path) if path else weights.load_bundled()


def output_file(path, example, force=False):
    """--out as a Path, refused in one sentence before any work when it is a folder, its folder is
    missing or cannot be written (read-only), it is a device, a pipe or a link, or it is a file
    already and ``force`` (--force) is not given: no command replaces a file unasked."""
    out = Path(path)
    if out.is_dir():
        raise DigitsError(Text("error.cli.out_is_folder", out=out, example=out / example))
    if str(out.parent) and not out.parent.is_dir():
        raise DigitsError(Text("error.cli.out_folder_missing", folder=out.parent))
    if (out.exists() or out.is_symlink()) and (out.is_symlink() or not out.is_file()):
        # said before the work, not after it: a save never replaces a device, a pipe or a link
        raise DigitsError(Text("error.cli.out_not_a_file", out=out))
    refuse_existing(out, force)
    check_writable(out)
    return out


def refuse_existing(out, force):
    """DigitsError (one sentence) when ``out`` is a file already and --force was not given."""
    if not force and out.is_file():
        raise DigitsError(Text("error.cli.out_exists", out=out))


def check_writable(out):
    """DigitsError (one sentence) unless a file can be made in ``out``'s folder, tried for real (a
    read-only disk, a folder of another user): said before the work, never after it."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.",
                                         suffix=".tmp"):
            pass
    except OSError as e:
        raise DigitsError(Text("error.cli.out_not_writable", folder=(out.parent or Path(".")).resolve(),
                               reason=SystemReason(e))) from None


def save_network(save, out):
    """Run ``save(path)`` for ``out``; when that fails after the work (a full disk, say), save to the
    user data folder instead, so that the work is not lost. Returns (path written, the sentence
    saying why it is not ``out``, or None). A save that fails there too raises the first error."""
    from ..storage.files import user_data_dir

    try:
        save(out)
        return out, None
    except DigitsError as first:
        folder = user_data_dir() / "unsaved"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            kept = _free_name(folder, out.stem, out.suffix or ".npz")
            save(kept)
        except (DigitsError, OSError):
            raise first from None
        said = first.args[0] if first.args else None
        reason = said.values.get("reason", "") if isinstance(said, Text) else str(first)
        return kept, Text("error.cli.saved_elsewhere", out=out, reason=reason, kept=kept)


def _free_name(folder, stem, suffix):
    """A new file ``folder/stem[-N]suffix``, taken with O_EXCL (the save replaces it)."""
    n = 1
    while True:
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return path
        except FileExistsError:
            n += 1


def load_data(data=None, csv=None, auto_download=True, progress=None, parts=("train", "test")):
    """(train, test) from --csv, --data, $DIGITS_DATA or the user data folder (train None when
    ``parts`` is the test only: then only the test files are needed, and downloaded).

    Only the default user data folder is filled by a download on first use;
    a folder named explicitly must hold the files already.
    """
    from ..data.mnist import DataSource, Where

    source = DataSource.find(data, csv)
    missing = source.missing(parts)
    if missing and source.where is not Where.CSV:
        folder = source.folder
        named = {Where.CHOSEN: "--data", Where.ENVIRONMENT: "$DIGITS_DATA"}.get(source.where)
        if named or not auto_download:
            named = named or Text("cli.data.user_folder")
            if not folder.is_dir():
                raise DataError(Text("error.cli.no_data_folder", folder=folder, named=named))
            raise DataError(Text("error.cli.data_lacks", folder=folder, named=named, missing=", ".join(missing)))
        from ..data.download import CHECKSUMS, download_mnist
        from ..data.mnist import MNIST_FILES

        needed = [f for f in MNIST_FILES if f.part in parts]
        size = Number(sum(f.archive_bytes for f in needed) / 1e6, 1, group=False)
        print(tr("cli.downloading", folder=folder, size=size), file=sys.stderr)
        download_mnist(folder, progress=progress, files={f.name: CHECKSUMS[f.name] for f in needed})
    return source.load(parts)


def bar_progress(desc, unit="B"):
    """A tqdm bar for progress(done, total) callbacks (on stderr; silent when not a terminal);
    unit 'B' counts bytes (with k, M), any other unit plain steps."""
    from tqdm import tqdm

    bar = None

    def update(done, total):
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit=unit, unit_scale=unit == "B", desc=desc, leave=False, disable=None,
                       file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


