"""Digits' own file format, in one place: a NumPy ``.npz`` archive of arrays and a JSON ``metadata`` entry.

Weight files (``weights.py``), the personal-examples store
(``teaching/personal.py``) and hidden-layer moments
(``teaching/hidden_moment.py``) are all such archives:

    <name>.npy   the arrays, each a plain NumPy array of numbers (never objects)
    metadata     a 0-d unicode array holding a JSON object: {"format": ..., "version": ..., ...}

``write`` saves one atomically (``files.atomic_write``). ``read`` opens one
without ever unpickling and checks it before anything large is allocated:

- the path is a regular file (not a folder, a FIFO or a device: reading those
  could hang or never end) no larger than ``max_bytes``;
- it is a zip archive (a pickle, a single ``.npy`` or anything else is said so),
  not encrypted, each member stored or deflated, each one an ``.npy`` array;
- every array header is read first: no object arrays, and no array that
  declares more bytes than its member holds (a forged header cannot make it
  allocate gigabytes);
- the metadata is a JSON object of bounded size and depth.

Every problem raises ``Unreadable`` whose ``reason`` is a Text fragment
("it is not an .npz archive"): each kind of file puts it in its own sentence.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import zipfile
from pathlib import Path

import numpy as np

from ..errors import SystemReason
from ..i18n import Text
from .files import atomic_write

METADATA = "metadata"
MAX_METADATA_CHARS = 1_000_000
MAX_METADATA_DEPTH = 20


class Unreadable(Exception):
    """The file is not a readable archive of this format; ``reason`` (a Text fragment, no final
    period) says why, ``missing`` is True when there is no file at all."""

    def __init__(self, reason, missing=False):
        super().__init__(reason)
        self.reason, self.missing = reason, missing


def write(path, arrays, metadata):
    """Write ``arrays`` (name -> array) and ``metadata`` (a JSON-able dict) to ``path`` atomically.

    Raises OSError (the caller says it in one sentence); an existing file is
    replaced only by a whole new one.
    """
    entries = {**arrays, METADATA: np.array(json.dumps(metadata))}
    atomic_write(Path(path), lambda f: np.savez(f, **entries))


class Archive:
    """An opened archive: ``headers`` {name: (shape, dtype)} of every array, read from the headers
    only; ``array(name)`` reads one; ``metadata(format)`` the JSON object."""

    def __init__(self, zf):
        self._zf = zf
        self.headers = {}
        for info in zf.infolist():
            name = info.filename
            if not name.endswith(".npy"):
                raise Unreadable(Text("error.npz.not_array", member=repr(name)))
            if info.flag_bits & 0x1:
                raise Unreadable(Text("error.npz.encrypted"))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Unreadable(Text("error.npz.compression"))
            key = name[:-len(".npy")]
            shape, dtype, header_bytes = self._header(info, key)
            if dtype.hasobject:
                raise Unreadable(Text("error.npz.pickled_objects"))
            declared = int(np.prod(shape, dtype=object)) * dtype.itemsize
            if declared > info.file_size - header_bytes or info.file_size > _most_unpacked(info):
                # the sizes a ZIP states can be forged (ZIP64): what is compressed can hold at most
                # about a thousand times its own size
                raise Unreadable(Text("error.npz.too_short", key=key))
            self.headers[key] = (tuple(shape), dtype)

    def _header(self, info, key):
        try:
            with self._zf.open(info) as f:
                version = np.lib.format.read_magic(f)
                read = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
                    np.lib.format.read_array_header_2_0
                shape, _, dtype = read(f)
                return shape, dtype, f.tell()
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, zipfile.LargeZipFile):
            raise Unreadable(Text("error.npz.damaged_array", key=key)) from None

    def array(self, key):
        """The array ``key`` (it must be in ``headers``), read without pickle."""
        try:
            with self._zf.open(key + ".npy") as f:
                return np.lib.format.read_array(f, allow_pickle=False)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError):
            raise Unreadable(Text("error.npz.damaged_array", key=key)) from None

    def metadata(self, format_name):
        """The metadata JSON object, checked to name ``format_name``; Unreadable otherwise."""
        shape, dtype = self.headers.get(METADATA, (None, None))
        if shape != () or dtype.kind != "U" or dtype.itemsize > 4 * MAX_METADATA_CHARS:
            raise Unreadable(Text("error.npz.metadata_entry"))
        text = str(self.array(METADATA)[()])
        if _depth(text) > MAX_METADATA_DEPTH:
            raise Unreadable(Text("error.npz.metadata_json"))
        try:
            meta = json.loads(text)
        except (ValueError, RecursionError):    # also an integer of thousands of digits
            raise Unreadable(Text("error.npz.metadata_json")) from None
        if not isinstance(meta, dict) or meta.get("format") != format_name:
            raise Unreadable(Text("error.npz.format", format=repr(format_name)))
        return meta


@contextlib.contextmanager
def read(path, max_bytes):
    """Open the archive at ``path`` for reading: ``with read(path, max_bytes) as archive: ...``.

    Raises Unreadable (missing=True when there is no such file) for anything
    that is not a sound archive; see the module docstring.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise Unreadable(Text("error.npz.missing"), missing=True) from None
    except OSError as e:
        raise Unreadable(Text("error.npz.cannot_read", reason=SystemReason(e))) from None
    if stat.S_ISDIR(mode):
        raise Unreadable(Text("error.npz.folder"))
    if not stat.S_ISREG(mode):
        raise Unreadable(Text("error.npz.not_regular"))
    try:
        f = open(path, "rb", opener=_no_blocking)
    except OSError as e:
        raise Unreadable(Text("error.npz.cannot_read", reason=SystemReason(e))) from None
    with f:
        size = os.fstat(f.fileno()).st_size
        if size > max_bytes:
            raise Unreadable(Text("error.npz.too_large", size=round(size / 1e6), most=round(max_bytes / 1e6)))
        try:
            head = f.read(4)
        except OSError as e:            # /proc/self/mem, a device that cannot be read
            raise Unreadable(Text("error.npz.cannot_read", reason=SystemReason(e))) from None
        if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):    # pickle PROTO 2-5
            raise Unreadable(Text("error.npz.pickle"))
        if head == b"\x93NUM":
            raise Unreadable(Text("error.npz.single_array"))
        if head != b"PK\x03\x04":
            raise Unreadable(Text("error.npz.not_npz"))
        f.seek(0)
        try:
            with zipfile.ZipFile(f) as zf:
                yield Archive(zf)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
            raise Unreadable(Text("error.npz.damaged")) from None
        except OSError as e:
            raise Unreadable(Text("error.npz.cannot_read", reason=SystemReason(e))) from None


DEFLATE_MOST = 1032
"""Deflate packs at most 1032 bytes into one (a run of one byte); a member that says it unpacks to
more than that many times what it takes is lying about its size."""


def _most_unpacked(info):
    """The most bytes a ZIP member can hold, from the bytes it takes in the file."""
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    return info.compress_size * DEFLATE_MOST + 1024


def _no_blocking(path, flags):
    """Open without waiting for a writer (a FIFO put in the file's place since it was looked at)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _depth(text):
    """How deeply JSON text nests brackets (strings left out): refused before json.loads recurses."""
    brackets = re.sub(r'"(?:[^"\\]|\\.)*"|[^\[\]{}]', "", text)
    steps = np.frombuffer(brackets.encode("ascii"), np.uint8)
    return int(np.cumsum(np.where((steps == ord("[")) | (steps == ord("{")), 1, -1)).max(initial=0))
