"""A person's own examples: the drawings they corrected ("It's a 7"), kept to teach the network.

The store is ONE file, ``personal.npz``, in the user data folder beside the
MNIST folder (``network.storage.files.user_data_dir()``, e.g.
~/.local/share/digits/personal.npz). One file, because then every change is
a single atomic rename: there is never a half-written folder of pictures
whose images and labels disagree. It stays small (784 bytes a drawing).

Format (version 1), a NumPy .npz read with ``allow_pickle=False``:

    images    uint8 (n, 784)   28x28 pictures, 0 background .. 255 ink
                               (round(preprocess_ink(drawing) * 255))
    labels    uint8 (n,)       the digit each picture shows, 0..9
    metadata  a JSON string    {"format": "digits-personal", "version": 1}

Every change writes a temporary file in the same folder and renames it over
the store, so a crash mid-write leaves the old store. Every change is a
read-modify-write under a lock (``.personal.npz.lock``, held only while it
changes), so two windows adding at once both keep what they added; and a
window deletes or relabels the examples it SHOWS (by picture and label), not
row numbers that another window may have shifted. A store that cannot be
read is never overwritten nor silently dropped: it is renamed
``personal.npz.damaged-<date>T<time>`` and a PersonalError says so.

Folders of pictures (``export_folder``, ``read_examples_folder``): one PNG a
drawing, named ``NNNNN_L.png`` with L the digit, white ink on black, 28x28,
as MNIST stores them. Reading also takes any picture Pillow opens (other
sizes and colours go through ``preprocess_ink``, like a drawing on the
canvas) and a folder per digit (``7/anything.png``).
"""
from __future__ import annotations

import contextlib
import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path

import filelock
import numpy as np
from PIL import Image

from ..data import pictures
from ..data.mnist import Dataset
from ..data.preprocess import preprocess_ink
from ..errors import Cancelled, PersonalError, PictureError, SystemReason
from ..i18n import Number, Text
from ..pixels import PIXELS, SIDE, picture_from_ink
from ..storage import npz
from ..storage.files import user_data_dir

FORMAT, VERSION = "digits-personal", 1
STORE_NAME = "personal.npz"
MAX_EXAMPLES = 100_000
MAX_STORE_BYTES = 200_000_000
"""A store of MAX_EXAMPLES holds 79 MB; a file far larger is not one."""
LOCK_WAIT = 10.0
"""Seconds a change waits for another window's change of the store (each takes milliseconds)."""
LABEL_IN_NAME = re.compile(r"_([^_./\\]+)\.[A-Za-z0-9]+$")


def default_path():
    """Where the store lives: beside the MNIST folder in the user data folder."""
    return user_data_dir() / STORE_NAME


def empty():
    """A Dataset with no examples: images (0, 784) uint8, labels (0,) uint8."""
    return Dataset(np.zeros((0, PIXELS), np.uint8), np.zeros(0, np.uint8), "personal examples")


# -- pictures ------------------------------------------------------------------------
def _check_label(label):
    """An int 0..9 from a label; PersonalError otherwise."""
    if isinstance(label, (bool, np.bool_)) or not isinstance(label, (int, np.integer)) or not 0 <= label <= 9:
        raise PersonalError(Text("error.personal.label", label=repr(label)))
    return int(label)


def _check_picture(picture):
    """A uint8 (784,) row from a uint8 (28, 28) or (784,) picture; PersonalError otherwise."""
    a = np.asarray(picture)
    if a.dtype != np.uint8 or a.shape not in ((SIDE, SIDE), (PIXELS,)):
        raise PersonalError(Text("error.personal.picture_shape", dtype=str(a.dtype), shape=str(a.shape)))
    return a.reshape(PIXELS).copy()


def picture_from_grey(grey, name):
    """Grey levels (h, w) uint8 of a picture -> the uint8 (28, 28) picture the network reads.

    A 28x28 picture is taken as it is (MNIST's layout; inverted when its
    border is light, i.e. dark ink on light paper). Any other size goes
    through ``preprocess_ink`` like a canvas drawing. PersonalError if blank.
    """
    a = np.asarray(grey, dtype=np.uint8)
    if a.shape == (SIDE, SIDE):
        border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
        a = 255 - a if np.median(border) > 127 else a.copy()
        if a.max() == 0:
            raise PersonalError(Text("error.personal.blank", name=name))
        return a
    ink = preprocess_ink(a)
    if ink is None:
        raise PersonalError(Text("error.personal.blank", name=name))
    return picture_from_ink(ink)


def read_picture(path):
    """The uint8 (28, 28) picture in an image file; PersonalError (one sentence naming it) otherwise.

    The file is read by network.data.pictures.read_picture (any format Pillow
    knows; damaged files, decompression bombs and the like refused in one
    sentence), then made into the network's 28x28 picture.
    """
    try:
        grey = pictures.read_picture(path)
    except PictureError as e:
        raise PersonalError(e.args[0]) from None
    return picture_from_grey(grey, Path(path).name)


# -- folders of pictures --------------------------------------------------------------
def _label_of(path, folder):
    """The digit a file's name (``xxx_7.png``) or its folder (``7/xxx.png``) gives; PersonalError if none."""
    found = LABEL_IN_NAME.search(path.name)
    if found:
        text = found.group(1)
        if not (len(text) == 1 and text.isdigit()):
            raise PersonalError(Text("error.personal.name_label", name=path.name, label=repr(text)))
        return int(text)
    if path.parent != folder:
        text = path.parent.name
        if len(text) == 1 and text.isdigit():
            return int(text)
        raise PersonalError(Text("error.personal.folder_label", name=f"{path.parent.name}/{path.name}"))
    raise PersonalError(Text("error.personal.no_label", name=path.name))


def _picture_files(folder, passed=None):
    """The files in ``folder`` and its one-digit subfolders, sorted; hidden files are skipped.

    What is not read is named in ``passed`` (a list, when given): a folder inside a subfolder, a
    link to a folder (it would count its pictures twice), and what is not a file (a pipe, a device).
    """
    files = []
    passed = [] if passed is None else passed

    def take(entry, shown):
        if entry.is_symlink() and entry.is_dir():
            passed.append(Text("error.personal.passed.link", name=shown))
        elif entry.is_symlink() and not entry.exists():
            passed.append(Text("error.personal.passed.dangling", name=shown))
        elif entry.is_file():
            files.append(entry)
        elif entry.is_dir():
            passed.append(Text("error.personal.passed.deep", name=shown))
        else:
            passed.append(Text("error.personal.passed.not_file", name=shown))

    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            for inner in sorted(entry.iterdir()):
                if not inner.name.startswith("."):
                    take(inner, f"{entry.name}/{inner.name}")
        else:
            take(entry, entry.name)
    return files


def passed_sentence(passed, most=5):
    """One sentence naming what a folder's reading passed over (see ``_picture_files``), or None."""
    if not passed:
        return None
    names = "; ".join(str(p) for p in passed[:most]) + ("; …" if len(passed) > most else "")
    return Text("error.personal.passed", count=len(passed), names=names)


def read_examples_folder(folder, *, progress=None, should_stop=None, passed=None):
    """A Dataset of every picture in ``folder`` (``NNNNN_L.png`` files, or ``L/anything.png``);
    what it does not read (see ``_picture_files``) is named in the list ``passed``, when given.

    PersonalError (one sentence naming the file) for a missing folder, a folder
    with no pictures, a file that is not a picture, or a label that is not a digit.
    """
    folder = Path(folder).expanduser()
    if not folder.exists():
        raise PersonalError(Text("error.personal.no_folder", folder=folder))
    if not folder.is_dir():
        raise PersonalError(Text("error.personal.not_folder", folder=folder))
    try:
        files = _picture_files(folder, passed)
    except OSError as e:
        raise PersonalError(Text("error.personal.folder_unreadable", folder=folder, reason=SystemReason(e))) from None
    if not files:
        raise PersonalError(Text("error.personal.empty_folder", folder=folder))
    if len(files) > MAX_EXAMPLES:
        raise PersonalError(Text("error.personal.too_many_files", folder=folder, count=Number(len(files)),
                                 most=Number(MAX_EXAMPLES)))
    images, labels = np.empty((len(files), PIXELS), np.uint8), np.empty(len(files), np.uint8)
    for i, path in enumerate(files):
        if should_stop is not None and should_stop():
            raise Cancelled(Text("error.personal.import_stopped"))
        labels[i] = _label_of(path, folder)
        images[i] = read_picture(path).ravel()
        if progress is not None:
            progress(i + 1, len(files))
    return Dataset(images, labels, str(folder))


def export_folder(examples, folder):
    """Write every example as ``NNNNN_L.png`` (white ink on black, 28x28) into ``folder``; returns the count.

    The folder is created if needed; files of the same names are replaced.
    """
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for i, (row, label) in enumerate(zip(examples.images, examples.labels)):
            Image.fromarray(row.reshape(SIDE, SIDE)).save(folder / f"{i:05d}_{int(label)}.png")
    except OSError as e:
        raise PersonalError(Text("error.personal.export_failed", folder=folder, reason=SystemReason(e))) from None
    return len(examples)


# -- the store ---------------------------------------------------------------------------
class PersonalStore:
    """The personal examples file: load, add, delete, relabel, clear, import and export.

    Every change reads the file, changes it and writes it back atomically, and
    returns the new Dataset (so the window can show it). ``path`` defaults to
    ``default_path()``.
    """

    def __init__(self, path=None):
        self.path = Path(path) if path is not None else default_path()

    # reading
    def load(self):
        """The examples as a Dataset (empty when there is no store yet).

        A store that cannot be read is renamed ``<name>.damaged-<time>`` and a
        PersonalError says so; the next load starts with no examples. A store
        that Digits may not read, or that is not a file at all (a folder, a
        pipe), is left where it is and said.
        """
        try:
            with npz.read(self.path, MAX_STORE_BYTES) as archive:
                return self._read(archive)
        except npz.Unreadable as e:
            if e.missing:
                return empty()
            if e.reason.key in ("error.npz.cannot_read", "error.npz.folder", "error.npz.not_regular"):
                raise PersonalError(Text("error.personal.unusable", path=self.path, reason=e.reason)) from None
            self._keep_aside(e.reason)
        except _Damaged as e:
            self._keep_aside(e.args[0])

    def _read(self, archive):
        if set(archive.headers) != {"images", "labels", "metadata"}:
            raise _Damaged(Text("error.personal.reason.arrays"))
        meta = archive.metadata(FORMAT)
        if not isinstance(meta.get("version"), int) or meta["version"] > VERSION:
            raise PersonalError(Text("error.personal.newer", name=self.path.name, version=str(meta.get("version"))))
        (images_shape, images_dtype), (labels_shape, labels_dtype) = archive.headers["images"], archive.headers["labels"]
        if images_dtype != np.uint8 or len(images_shape) != 2 or images_shape[1] != PIXELS \
                or labels_dtype != np.uint8 or labels_shape != images_shape[:1] or images_shape[0] > MAX_EXAMPLES:
            raise _Damaged(Text("error.personal.reason.shape"))
        images, labels = archive.array("images"), archive.array("labels")
        if len(labels) and labels.max() > 9:
            raise _Damaged(Text("error.personal.reason.label"))
        return Dataset(images, labels, "personal examples")

    def _keep_aside(self, reason):
        stamp = datetime.datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
        try:
            os.replace(self.path, aside)
        except OSError as e:
            raise PersonalError(Text("error.personal.damaged_stuck", path=self.path, reason=reason,
                                     why=SystemReason(e))) from None
        raise PersonalError(Text("error.personal.damaged", path=self.path, reason=reason, aside=aside.name))

    # writing
    def save(self, examples):
        """Write ``examples`` (a Dataset) atomically: temporary file, then rename over the store."""
        images_ = np.ascontiguousarray(examples.images, dtype=np.uint8)
        labels = np.ascontiguousarray(examples.labels, dtype=np.uint8)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            npz.write(self.path, {"images": images_, "labels": labels}, {"format": FORMAT, "version": VERSION})
        except OSError as e:
            raise PersonalError(Text("error.personal.save_failed", path=self.path, reason=SystemReason(e))) from None
        return Dataset(images_, labels, "personal examples")

    @contextlib.contextmanager
    def _changing(self):
        """Hold the store's lock while a change reads, changes and writes it back. A folder where no
        lock can be made (read-only) changes nothing anyway: the save says why in one sentence."""
        lock, locked = filelock.FileLock(self.path.with_name(f".{self.path.name}.lock"),
                                        timeout=LOCK_WAIT), False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
            locked = True
        except filelock.Timeout:
            raise PersonalError(Text("error.personal.busy", path=self.path)) from None
        except OSError:
            pass
        try:
            yield
        finally:
            if locked:
                lock.release()

    def add(self, picture, label):
        """Add one uint8 (28, 28) picture with its digit; returns the new Dataset (the example is last)."""
        row, label = _check_picture(picture), _check_label(label)
        with self._changing():
            data = self.load()
            if len(data) >= MAX_EXAMPLES:
                raise PersonalError(Text("error.personal.full", most=Number(MAX_EXAMPLES)))
            return self.save(Dataset(np.vstack([data.images, row[None]]),
                                     np.append(data.labels, np.uint8(label)), data.source))

    def _index(self, data, index):
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)) \
                or not 0 <= index < len(data):
            raise PersonalError(Text("error.personal.no_index", index=repr(index), count=len(data)))
        return int(index)

    def _find(self, data, rows, shown):
        """The store's rows holding the examples a window shows at ``rows`` of ``shown`` (its list,
        perhaps older than the store): the same row when it still holds that picture with that
        digit, else another row that does. Returns (rows found, how many are gone)."""
        if isinstance(rows, (int, np.integer)) and not isinstance(rows, (bool, np.bool_)):
            rows = [rows]
        if shown is None:
            return sorted({self._index(data, r) for r in rows}), 0
        keys = [(row.tobytes(), int(label)) for row, label in zip(data.images, data.labels)]
        found, gone = set(), 0
        for r in rows:
            want = (shown.images[self._index(shown, r)].tobytes(), int(shown.labels[r]))
            at = [i for i, key in enumerate(keys) if key == want and i not in found]
            if not at:
                gone += 1
            else:
                found.add(r if r in at else at[0])
        return sorted(found), gone

    def delete(self, rows, shown=None):
        """Remove the example at ``rows`` (a 0-based row or several); returns an Edited.

        ``shown``: the examples the rows are counted in, as the window shows them. Then the examples
        removed are those pictures with those digits wherever they are in the store now, and one
        that is no longer there (another window deleted it) is counted in ``Edited.gone``."""
        with self._changing():
            data = self.load()
            found, gone = self._find(data, rows, shown)
            keep = np.ones(len(data), bool)
            keep[found] = False
            return Edited(self.save(Dataset(data.images[keep], data.labels[keep], data.source)), gone)

    def relabel(self, rows, label, shown=None):
        """Give the example at ``rows`` (a row or several) another digit; returns an Edited
        (``shown``: as for ``delete``)."""
        label = _check_label(label)
        with self._changing():
            data = self.load()
            found, gone = self._find(data, rows, shown)
            labels = data.labels.copy()
            labels[found] = label
            return Edited(self.save(Dataset(data.images, labels, data.source)), gone)

    def clear(self):
        """Remove every example (the store stays, empty); returns the empty Dataset."""
        with self._changing():
            return self.save(empty())

    def export(self, folder):
        """Write every example into ``folder`` as ``NNNNN_L.png``; returns the count."""
        return export_folder(self.load(), folder)

    def import_folder(self, folder, *, progress=None, should_stop=None):
        """Add every picture of ``folder`` (see ``read_examples_folder``) that the store does not
        hold already (the same picture with the same digit: importing a folder twice adds nothing
        the second time); returns an Imported.

        All or nothing: one bad file stops the import before the store changes.
        """
        passed = []
        new = read_examples_folder(folder, progress=progress, should_stop=should_stop, passed=passed)
        with self._changing():
            return self._add_new(new, passed_sentence(passed))

    def _add_new(self, new, passed=None):
        data = self.load()
        seen = {(row.tobytes(), int(label)) for row, label in zip(data.images, data.labels)}
        fresh = []
        for i, (row, label) in enumerate(zip(new.images, new.labels)):
            key = (row.tobytes(), int(label))
            if key not in seen:
                seen.add(key)
                fresh.append(i)
        if len(data) + len(fresh) > MAX_EXAMPLES:
            raise PersonalError(Text("error.personal.import_too_many", count=Number(len(fresh)),
                                     most=Number(MAX_EXAMPLES)))
        examples = self.save(Dataset(np.vstack([data.images, new.images[fresh]]),
                                     np.concatenate([data.labels, new.labels[fresh]]), data.source))
        return Imported(examples, len(fresh), len(new) - len(fresh), passed)


@dataclass(frozen=True)
class Imported:
    """What an import did: the store's examples after it, how many were added, how many were
    skipped because the store held them already, and what in the folder was passed over."""

    examples: Dataset
    added: int
    skipped: int
    passed: Text | None = None      # what in the folder was not read (a sentence), or None


@dataclass(frozen=True)
class Edited:
    """What a delete or a relabel did: the store's examples after it, and how many of the examples
    named were gone already (deleted or changed in another window)."""

    examples: Dataset
    gone: int


class _Damaged(Exception):
    """Internal: the store is unreadable for this reason (turned into a PersonalError by load)."""
