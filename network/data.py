"""MNIST from IDX files (.gz or raw) or the article's CSV files, validated.

Images stay uint8 (0 = background, 255 = ink), one row of 784 per image;
``scale`` turns them into network inputs the article's way, x/255*0.99+0.01.
Every problem with a file ends in a ``DataError`` naming the file and what is
wrong, in one sentence.
"""
from __future__ import annotations

import gzip
import os
import re
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import DataError

IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049
SIDE = 28
PIXELS = SIDE * SIDE

# The standard names, and the dotted variant some archives unpack to.
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
CSV_FILES = ("mnist_train.csv", "mnist_test.csv")

def scale(images, out=None):
    """uint8 pixels (any shape) -> float32 inputs x/255*0.99 + 0.01, same shape.

    Two float32 operations (x * (0.99/255) + 0.01): six times faster per batch
    than a 256-entry lookup table, which it matches to within one float32 ulp.
    """
    out = np.multiply(images, np.float32(0.99 / 255), out=out, dtype=np.float32)
    out += np.float32(0.01)
    return out


@dataclass
class Dataset:
    """Images (n, 784) uint8 with labels (n,) uint8 in 0..9, and where they came from."""

    images: np.ndarray
    labels: np.ndarray
    source: str = ""

    def __post_init__(self):
        if self.images.ndim != 2 or self.images.shape[1] != PIXELS:
            raise DataError(f"{self.source or 'the data'} holds images of shape "
                            f"{self.images.shape[1:]}, not 28x28 pixels.")
        if len(self.images) != len(self.labels):
            raise DataError(f"{self.source or 'the data'} has {len(self.images)} images "
                            f"but {len(self.labels)} labels.")

    def __len__(self):
        return len(self.labels)

    def head(self, n):
        """The first n examples (all when n is None)."""
        if n is None or n >= len(self):
            return self
        return Dataset(self.images[:n], self.labels[:n], f"{self.source} (first {n})")

    def concat(self, other):
        """This dataset followed by another."""
        return Dataset(np.concatenate([self.images, other.images]),
                       np.concatenate([self.labels, other.labels]), f"{self.source} + {other.source}")

    @property
    def inputs(self):
        """All images as scaled float32 inputs (n, 784)."""
        return scale(self.images)


# -- IDX -----------------------------------------------------------------------
def _open(path: Path):
    """A binary stream of the file, decompressed when it is gzip."""
    with open(path, "rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gz else open(path, "rb")


def read_idx(path, magic, limit=100_000_000):
    """The array in an IDX file of unsigned bytes (.gz or raw), validated.

    magic: 2051 for images (n, rows, cols), 2049 for labels (n,).
    Refuses a header that promises more than ``limit`` bytes before reading it.
    """
    path = Path(path)
    name = path.name
    try:
        with _open(path) as f:
            header = f.read(4)
            if len(header) < 4 or header[:2] != b"\0\0":
                raise DataError(f"{name} is not an IDX file (bad magic number).")
            found = int.from_bytes(header, "big")
            if found != magic:
                kind = {IMAGE_MAGIC: "images", LABEL_MAGIC: "labels"}
                raise DataError(f"{name} has magic number {found}, expected {magic} "
                                f"({kind.get(magic, 'data')}).")
            ndim = header[3]
            dims_raw = f.read(4 * ndim)
            if len(dims_raw) < 4 * ndim:
                raise DataError(f"{name} ends inside its header.")
            dims = tuple(int.from_bytes(dims_raw[4 * i:4 * i + 4], "big") for i in range(ndim))
            size = int(np.prod(dims, dtype=np.int64))
            if size > limit:
                raise DataError(f"{name} claims {size:,} bytes of data, more than MNIST could hold.")
            body = f.read(size + 1)
    except OSError as e:  # also gzip.BadGzipFile and EOFError's cousins
        reason = e.strerror or str(e) or "it could not be read"
        raise DataError(f"{name} could not be read: {reason}.") from None
    except (EOFError, zlib.error):
        raise DataError(f"{name} is a damaged gzip file (it ends too early).") from None
    if len(body) < size:
        raise DataError(f"{name} is truncated: {len(body):,} of {size:,} data bytes.")
    if len(body) > size:
        raise DataError(f"{name} has extra bytes after the {size:,} its header announces.")
    return np.frombuffer(body, dtype=np.uint8).reshape(dims)


def _find(folder: Path, stem: str):
    for name in (stem + ".gz", stem, stem.replace("-idx", ".idx") + ".gz", stem.replace("-idx", ".idx")):
        if (folder / name).is_file():
            return folder / name
    return None


def missing_files(folder):
    """The standard MNIST file names (.gz) not present in folder."""
    folder = Path(folder)
    return [stem + ".gz" for stem in FILES.values() if _find(folder, stem) is None]


def load_idx_pair(images_path, labels_path):
    """One Dataset from an images file and its labels file."""
    images = read_idx(images_path, IMAGE_MAGIC)
    labels = read_idx(labels_path, LABEL_MAGIC)
    name = Path(images_path).name
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE):
        raise DataError(f"{name} holds images of {'x'.join(map(str, images.shape[1:]))} pixels, not 28x28.")
    if labels.ndim != 1:
        raise DataError(f"{Path(labels_path).name} is not a list of labels.")
    if len(images) != len(labels):
        raise DataError(f"{name} has {len(images):,} images but {Path(labels_path).name} "
                        f"has {len(labels):,} labels.")
    if len(labels) == 0:
        raise DataError(f"{name} holds no images.")
    if labels.max() > 9:
        raise DataError(f"{Path(labels_path).name} has a label {int(labels.max())}; labels must be 0-9.")
    return Dataset(images.reshape(len(images), PIXELS), labels, str(images_path))


def load_mnist(folder):
    """(train, test) Datasets from the four standard files in folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"the data folder {folder} does not exist.")
    missing = missing_files(folder)
    if missing:
        raise DataError(f"{folder} lacks {', '.join(missing)} (download them with "
                        f"`digits download` or put the four MNIST files there).")
    paths = {key: _find(folder, stem) for key, stem in FILES.items()}
    train = load_idx_pair(paths["train_images"], paths["train_labels"])
    test = load_idx_pair(paths["test_images"], paths["test_labels"])
    return train, test


# -- CSV -----------------------------------------------------------------------
def load_csv(path):
    """A Dataset from the article's CSV: one image per line, ``label,p1,...,p784``."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise DataError(f"{path} does not exist.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "input contained no data": handled below
            # Before numpy 2.3 a value that is not a whole number 0-255 (256, -1, 1.5) is read
            # through a float and wrapped (256 -> 0) with only this warning; as an error it makes
            # numpy refuse the value as 2.3 does, with the same message naming it and its line.
            warnings.filterwarnings("error", r"loadtxt\(\): Parsing an integer via a float", DeprecationWarning)
            rows = np.loadtxt(path, delimiter=",", dtype=np.uint8, ndmin=2, encoding="latin-1")
    except (ValueError, OverflowError) as e:
        raise DataError(f"{name} is not an MNIST CSV file: {_loadtxt_reason(e)}.") from None
    except OSError as e:
        raise DataError(f"{name} could not be read: {e.strerror or e}.") from None
    if rows.shape[0] == 0:
        raise DataError(f"{name} holds no images.")
    if rows.shape[1] != PIXELS + 1:
        raise DataError(f"{name} has {rows.shape[1]} values per line, expected 785 (a label and 784 pixels).")
    labels = rows[:, 0].copy()
    if labels.max() > 9:
        bad = int(np.argmax(labels > 9))
        raise DataError(f"{name} line {bad + 1} has label {int(labels[bad])}; labels must be 0-9.")
    return Dataset(np.ascontiguousarray(rows[:, 1:]), labels, str(path))


def _loadtxt_reason(error):
    """numpy's loadtxt message with line numbers counted from 1, without its advice about usecols."""
    text = str(error).split(";")[0].strip().rstrip(".") or "it is not numbers separated by commas"

    zero_based = text.startswith("could not convert")  # numpy counts rows from 0 only there

    def line(match):
        return f"on line {int(match.group(1)) + zero_based}"

    text = re.sub(r"at row (\d+)", line, text)
    return text.replace("uint8", "a number from 0 to 255")


# -- where the data lives ------------------------------------------------------
def user_data_dir():
    """The per-user folder the download writes to (e.g. ~/.local/share/digits/mnist)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("digits", appauthor=False)) / "mnist"


def data_dir(explicit=None):
    """The MNIST folder: ``--data DIR``, else $DIGITS_DATA, else the user data folder.

    Returns (path, where) with where one of 'option', 'DIGITS_DATA', 'user data folder'.
    """
    if explicit:
        return Path(explicit).expanduser(), "option"
    env = os.environ.get("DIGITS_DATA")
    if env:
        return Path(env).expanduser(), "DIGITS_DATA"
    return user_data_dir(), "user data folder"
