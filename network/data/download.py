"""Download the four MNIST files into a folder, verified, never half-written.

Format: each file is a gzip-compressed IDX file (read by ``data.py``), fetched
from ``mirror + name``. A file is good when the SHA-256 of its bytes equals the
published archive hash, or when the SHA-256 of its gunzipped content equals
the content hash: a copy that someone re-compressed holds the same data and is
just as good.

Guarantees:

* a file already in the folder that verifies is kept and not fetched again;
* a download streams into a hidden temporary file in the same folder
  (``.NAME.part-XXXX``), is verified, and only then takes its final name with
  ``os.replace``; so a final name only ever holds a whole, verified file, and
  an existing bad file is replaced only by a good one;
* the temporary file is deleted whatever happens: a failing mirror (HTTP
  error, no network, timeout, dropped connection, body shorter than its
  Content-Length, wrong checksum, broken gzip), cancellation, or any other
  exception;
* when a mirror fails the next one is tried; when all of them fail,
  ``DownloadError`` says in one sentence which file, why, and how to provide
  the files by hand. Cancelling raises ``Cancelled``.

Standard library only, no Qt: the window runs this in a worker thread and
passes ``progress`` and ``should_stop`` callbacks.
"""
from __future__ import annotations

import contextlib
import errno
import gzip
import hashlib
import http.client
import os
import socket
import ssl
import tempfile
import urllib.error
import urllib.request
import zlib
from pathlib import Path

from ..errors import Cancelled, DownloadError, SystemReason
from ..i18n import Text
from ..storage.files import sweep_leftovers
from .mnist import MNIST_FILES

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
"""Where MNIST is fetched from, tried in this order."""

CHECKSUMS = {f.name: (f.archive_sha256, f.content_sha256) for f in MNIST_FILES}
"""File name -> (SHA-256 of the published .gz, SHA-256 of its uncompressed content)."""

CHUNK = 64 * 1024
_USER_AGENT = "digits-mnist-download/0.1"
_CANCELLED = Text("error.download.cancelled")


class _MirrorFailed(Exception):
    """One mirror could not deliver one file; ``reason`` is a short phrase for the user (a Text)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def configured_mirrors():
    """The mirrors to use: $DIGITS_MNIST_MIRRORS (comma-separated base URLs) if set, else MIRRORS.

    Lets a user behind a proxy or with a local copy point Digits elsewhere,
    and lets the tests use a server on 127.0.0.1.
    """
    env = os.environ.get("DIGITS_MNIST_MIRRORS", "")
    chosen = tuple(m.strip() if m.strip().endswith("/") else m.strip() + "/" for m in env.split(",") if m.strip())
    return chosen or MIRRORS


def download_mnist(folder, *, mirrors=None, files=CHECKSUMS, progress=None,
                   should_stop=None, timeout=30.0) -> Path:
    """Make sure every file of ``files`` is in ``folder``, whole and verified; the folder.

    folder: created with its parents when missing.
    mirrors: base URLs tried in order (default: ``configured_mirrors()``); a
        file is fetched from ``mirror + name``.
    files: name -> (archive sha256, uncompressed sha256); a file matching
        either hash is accepted.
    progress: ``progress(done_bytes, total_bytes)`` called per chunk with
        totals over all files still to download, and a last time with
        done == total.
    should_stop: polled between chunks; when it returns True the download
        stops and ``Cancelled`` is raised (files already finished stay).
    timeout: seconds to wait for a server before trying the next mirror.

    Raises DownloadError (one sentence) when a file cannot be obtained from any
    mirror or the folder cannot be written, Cancelled when stopped.
    """
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DownloadError(Text("error.download.create_folder", folder=folder, reason=SystemReason(e)), folder,
                            "folder") from None
    stop = should_stop or (lambda: False)
    mirrors = configured_mirrors() if mirrors is None else mirrors

    todo = [name for name, hashes in files.items() if not _already_there(folder / name, hashes)]
    published = {f.name: f.archive_bytes for f in MNIST_FILES}
    meter = _Progress(progress, {name: published.get(name, 0) for name in todo})
    meter.report()
    for name in todo:
        if stop():
            raise Cancelled(_CANCELLED)
        _download_one(folder, name, files, mirrors, meter, stop, timeout)
    meter.report()
    return folder


def _download_one(folder, name, files, mirrors, meter, stop, timeout):
    """Fetch one file from the first mirror that delivers it whole and verified."""
    reason = Text("error.download.reason.no_mirror")
    for mirror in mirrors:
        url = (mirror if mirror.endswith("/") else mirror + "/") + name
        try:
            size = _fetch_verified(url, folder, name, files[name], meter, stop, timeout)
        except _MirrorFailed as failure:
            reason = failure.reason
            meter.restart()
        else:
            meter.finished(name, size)
            return
    raise DownloadError(Text("error.download.failed", name=name, reason=reason), folder, "files")


def _fetch_verified(url, folder, name, hashes, meter, stop, timeout):
    """Download url into a temporary file, verify it, give it its final name; its size.

    The temporary file is gone when this returns or raises.
    """
    sweep_leftovers(folder, f".{name}.part-*")
    try:
        fd, part = tempfile.mkstemp(prefix=f".{name}.part-", dir=folder)
    except OSError as e:
        raise DownloadError(Text("error.download.write_folder", folder=folder, reason=SystemReason(e)), folder,
                            "folder") from None
    try:
        with os.fdopen(fd, "wb") as out:
            digest, size = _stream(url, out, folder, name, meter, stop, timeout)
        _verify(part, digest, hashes, stop)
        try:
            os.chmod(part, 0o644)  # mkstemp makes it private; the data is not
            os.replace(part, folder / name)
        except OSError as e:
            raise DownloadError(Text("error.download.save", name=name, folder=folder, reason=SystemReason(e)),
                                folder, "folder") from None
        return size
    finally:
        with contextlib.suppress(OSError):
            os.unlink(part)


def _stream(url, out, folder, name, meter, stop, timeout):
    """Copy the body at url into out chunk by chunk; (sha256 hex digest, byte count)."""
    digest = hashlib.sha256()
    received = 0
    try:
        request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            expected = _content_length(response)
            meter.start(name, expected)
            while True:
                if stop():
                    raise Cancelled(_CANCELLED)
                chunk = response.read1(CHUNK)      # what has arrived: progress and Cancel never wait for 64 kB
                if not chunk:
                    break
                _write(out, chunk, folder, name)
                digest.update(chunk)
                received += len(chunk)
                meter.advance(len(chunk))
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
        raise _MirrorFailed(_network_reason(e)) from None
    # http.client returns b"" when the connection closes early: compare with the promise.
    if expected is not None and received < expected:
        raise _MirrorFailed(Text("error.download.reason.dropped"))
    return digest.hexdigest(), received


def _write(out, chunk, folder, name):
    """out.write(chunk), a full disk becoming a DownloadError rather than a mirror failure."""
    try:
        out.write(chunk)
    except OSError as e:
        raise DownloadError(Text("error.download.write", name=name, reason=SystemReason(e)), folder,
                            "folder") from None


def _verify(path, archive_digest, hashes, stop):
    """Raise _MirrorFailed unless the archive or its gunzipped content has the expected hash."""
    archive_expected, content_expected = (h.lower() for h in hashes)
    if archive_digest == archive_expected:
        return
    try:
        content_digest = _gunzip_sha256(path, stop)
    except (OSError, EOFError, zlib.error):
        raise _MirrorFailed(Text("error.download.reason.not_gzip")) from None
    if content_digest != content_expected:
        raise _MirrorFailed(Text("error.download.reason.checksum"))


def _already_there(path, hashes):
    """Whether path exists and holds a good copy (by archive or content hash)."""
    if not path.is_file():
        return False
    archive_expected, content_expected = (h.lower() for h in hashes)
    try:
        return (_sha256_file(path) == archive_expected
                or _gunzip_sha256(path) == content_expected)
    except (OSError, EOFError, zlib.error):  # unreadable or not gzip: fetch it again
        return False


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _gunzip_sha256(path, stop=None):
    """SHA-256 of the decompressed content of a gzip file (polls stop between blocks)."""
    digest = hashlib.sha256()
    with gzip.open(path, "rb") as f:
        while block := f.read(1 << 20):
            if stop is not None and stop():
                raise Cancelled(_CANCELLED)
            digest.update(block)
    return digest.hexdigest()


def _content_length(response):
    """The announced body size, or None when absent or nonsense."""
    try:
        length = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None


def _network_reason(error):
    """A short phrase (a Text) for why a mirror failed, e.g. 'HTTP 404' or 'no network'."""
    if isinstance(error, urllib.error.HTTPError):
        return Text("error.download.reason.http", code=error.code)
    if isinstance(error, urllib.error.URLError):
        if not isinstance(error.reason, BaseException):     # urllib's own words
            return str(error.reason).strip().rstrip(".") or Text("error.download.reason.network")
        error = error.reason
    if isinstance(error, (http.client.IncompleteRead, ConnectionResetError,
                          ConnectionAbortedError, BrokenPipeError)):
        return Text("error.download.reason.dropped")  # RemoteDisconnected is a ConnectionResetError
    if isinstance(error, TimeoutError):
        return Text("error.download.reason.timeout")
    if isinstance(error, socket.gaierror):
        return Text("error.download.reason.no_network")
    if isinstance(error, ConnectionRefusedError):
        return Text("error.download.reason.refused")
    if isinstance(error, ssl.SSLError):
        return Text("error.download.reason.secure")
    if isinstance(error, OSError) and error.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH,
                                                      errno.ENETDOWN):
        return Text("error.download.reason.no_network")
    if isinstance(error, http.client.HTTPException):
        return Text("error.download.reason.invalid_response")
    if isinstance(error, ValueError):
        return Text("error.download.reason.bad_address")
    return SystemReason(error)


class _Progress:
    """Adds up bytes over the files still to download and reports them to a callback."""

    def __init__(self, callback, estimates):
        self._callback = callback
        self._estimates = dict(estimates)
        self._sizes = dict(estimates)  # expected size of every file to download
        self._finished = 0  # bytes in files already complete
        self._current = 0  # bytes of the file being downloaded

    def start(self, name, length):
        """A response arrived: its Content-Length (or the estimate) becomes the file's size."""
        self._current = 0
        self._sizes[name] = self._estimates[name] if length is None else length
        self.report()

    def advance(self, count):
        self._current += count
        self.report()

    def restart(self):
        """A mirror failed: the bytes of its partial file no longer count."""
        self._current = 0
        self.report()

    def finished(self, name, size):
        self._sizes[name] = size
        self._finished += size
        self._current = 0
        self.report()

    def report(self):
        if self._callback is not None:
            done = self._finished + self._current
            self._callback(done, max(done, sum(self._sizes.values())))
