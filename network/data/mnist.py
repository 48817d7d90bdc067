"""MNIST from IDX files (.gz or raw) or the article's CSV files, validated.

Images stay uint8 (0 = background, 255 = ink), one row of 784 per image;
``network.pixels.scale`` turns them into network inputs the article's way, x/255*0.99+0.01.
Every problem with a file ends in a ``DataError`` naming the file and what is
wrong, in one sentence.
"""
from __future__ import annotations

import enum
import gzip
import os
import re
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import DataError, SystemReason
from ..i18n import Number, Text
from ..pixels import PIXELS, SIDE, scale
from ..storage.files import user_data_dir

IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049


@dataclass(frozen=True)
class MnistFile:
    """One file of the MNIST distribution: what loading, downloading and checking need to know."""

    name: str               # as published, gzip-compressed
    part: str               # "train" or "test"
    kind: str               # "images" or "labels"
    archive_sha256: str     # of the published .gz
    content_sha256: str     # of its uncompressed content: a re-compressed copy is just as good
    archive_bytes: int      # size of the published .gz (the progress total until a server says)

    @property
    def stem(self):
        """The name without .gz, as some archives unpack it."""
        return self.name[:-len(".gz")]


MNIST_FILES = (
    MnistFile("train-images-idx3-ubyte.gz", "train", "images",
              "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
              "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 9_912_422),
    MnistFile("train-labels-idx1-ubyte.gz", "train", "labels",
              "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
              "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 28_881),
    MnistFile("t10k-images-idx3-ubyte.gz", "test", "images",
              "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
              "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 1_648_877),
    MnistFile("t10k-labels-idx1-ubyte.gz", "test", "labels",
              "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
              "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 4_542),
)
"""The four files, with the checksums and sizes of the published archives."""

CSV_FILES = ("mnist_train.csv", "mnist_test.csv")
"""The article's CSV files: one image per line, ``label,p1,...,p784``."""

@dataclass
class Dataset:
    """Images (n, 784) uint8 with labels (n,) uint8 in 0..9, and where they came from."""

    images: np.ndarray
    labels: np.ndarray
    source: str = ""

    def __post_init__(self):
        if self.images.ndim != 2 or self.images.shape[1] != PIXELS:
            raise DataError(Text("error.data.shape", source=self.source or Text("error.data.the_data"),
                                 shape=self.images.shape[1:]))
        if len(self.images) != len(self.labels):
            raise DataError(Text("error.data.count", source=self.source or Text("error.data.the_data"),
                                 images=len(self.images), labels=len(self.labels)))

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
                raise DataError(Text("error.data.not_idx", name=name))
            found = int.from_bytes(header, "big")
            if found != magic:
                kind = {IMAGE_MAGIC: "error.data.kind.images", LABEL_MAGIC: "error.data.kind.labels"}
                raise DataError(Text("error.data.magic", name=name, found=found, magic=magic,
                                     kind=Text(kind.get(magic, "error.data.kind.data"))))
            ndim = header[3]
            dims_raw = f.read(4 * ndim)
            if len(dims_raw) < 4 * ndim:
                raise DataError(Text("error.data.header_cut", name=name))
            dims = tuple(int.from_bytes(dims_raw[4 * i:4 * i + 4], "big") for i in range(ndim))
            size = int(np.prod(dims, dtype=np.int64))
            if size > limit:
                raise DataError(Text("error.data.too_large", name=name, size=Number(size)))
            body = f.read(size + 1)
    except OSError as e:  # also gzip.BadGzipFile and EOFError's cousins
        raise DataError(Text("error.file.could_not_read", name=name, reason=SystemReason(e))) from None
    except (EOFError, zlib.error):
        raise DataError(Text("error.data.gzip_cut", name=name)) from None
    if len(body) < size:
        raise DataError(Text("error.data.truncated", name=name, got=Number(len(body)), size=Number(size)))
    if len(body) > size:
        raise DataError(Text("error.data.extra_bytes", name=name, size=Number(size)))
    return np.frombuffer(body, dtype=np.uint8).reshape(dims)


def _find(folder: Path, stem: str):
    """The file of ``stem`` in folder: .gz or raw, also the dotted variant some archives unpack to."""
    for name in (stem + ".gz", stem, stem.replace("-idx", ".idx") + ".gz", stem.replace("-idx", ".idx")):
        if (folder / name).is_file():
            return folder / name
    return None


def missing_files(folder, parts=("train", "test")):
    """The standard MNIST file names (.gz) of ``parts`` not present in folder."""
    folder = Path(folder)
    return [f.name for f in MNIST_FILES if f.part in parts and _find(folder, f.stem) is None]


def load_idx_pair(images_path, labels_path):
    """One Dataset from an images file and its labels file."""
    images = read_idx(images_path, IMAGE_MAGIC)
    labels = read_idx(labels_path, LABEL_MAGIC)
    name = Path(images_path).name
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE):
        raise DataError(Text("error.data.image_size", name=name, size="x".join(map(str, images.shape[1:]))))
    labels_name = Path(labels_path).name
    if labels.ndim != 1:
        raise DataError(Text("error.data.not_labels", name=labels_name))
    if len(images) != len(labels):
        raise DataError(Text("error.data.pair_count", name=name, images=Number(len(images)),
                             labels_name=labels_name, labels=Number(len(labels))))
    if len(labels) == 0:
        raise DataError(Text("error.data.no_images", name=name))
    if labels.max() > 9:
        raise DataError(Text("error.data.bad_label", name=labels_name, label=int(labels.max())))
    return Dataset(images.reshape(len(images), PIXELS), labels, str(images_path))


def load_mnist(folder, parts=("train", "test")):
    """(train, test) Datasets from the four standard files in folder; with ``parts=("test",)`` only
    the test files are needed and read, and train is None."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(Text("error.data.no_folder", folder=folder))
    missing = missing_files(folder, parts)
    if missing:
        raise DataError(Text("error.data.lacks", folder=folder, missing=", ".join(missing)))
    paths = {(f.part, f.kind): _find(folder, f.stem) for f in MNIST_FILES if f.part in parts}
    train = load_idx_pair(paths["train", "images"], paths["train", "labels"]) if "train" in parts else None
    test = load_idx_pair(paths["test", "images"], paths["test", "labels"])
    return train, test


# -- CSV -----------------------------------------------------------------------
def load_csv(path):
    """A Dataset from the article's CSV: one image per line, ``label,p1,...,p784``."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise DataError(Text("error.file.not_found", path=path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "input contained no data": handled below
            # Before numpy 2.3 a value that is not a whole number 0-255 (256, -1, 1.5) is read
            # through a float and wrapped (256 -> 0) with only this warning; as an error it makes
            # numpy refuse the value as 2.3 does, with the same message naming it and its line.
            warnings.filterwarnings("error", r"loadtxt\(\): Parsing an integer via a float", DeprecationWarning)
            rows = np.loadtxt(path, delimiter=",", dtype=np.uint8, ndmin=2, encoding="latin-1")
    except (ValueError, OverflowError) as e:
        raise DataError(Text("error.data.not_csv", name=name, reason=_loadtxt_reason(e))) from None
    except OSError as e:
        raise DataError(Text("error.file.could_not_read", name=name, reason=SystemReason(e))) from None
    if rows.shape[0] == 0:
        raise DataError(Text("error.data.no_images", name=name))
    if rows.shape[1] != PIXELS + 1:
        raise DataError(Text("error.data.csv_width", name=name, values=rows.shape[1]))
    labels = rows[:, 0].copy()
    if labels.max() > 9:
        bad = int(np.argmax(labels > 9))
        raise DataError(Text("error.data.csv_label", name=name, line=bad + 1, label=int(labels[bad])))
    return Dataset(np.ascontiguousarray(rows[:, 1:]), labels, str(path))


def _loadtxt_reason(error):
    """numpy's loadtxt message in our words (a Text) with line numbers counted from 1; a message
    we do not know stays numpy's (in English), without its advice about usecols."""
    text = str(error).split(";")[0].strip().rstrip(".")
    if not text:
        return Text("error.data.csv_not_numbers")
    found = re.fullmatch(r"could not convert string (.*) to uint8 at row (\d+), column (\d+)", text)
    if found:               # numpy counts rows from 0 only here
        return Text("error.data.csv_value", value=found.group(1), line=int(found.group(2)) + 1,
                    column=int(found.group(3)))
    found = re.fullmatch(r"the number of columns changed from (\d+) to (\d+) at row (\d+)", text)
    if found:
        return Text("error.data.csv_columns", before=int(found.group(1)), after=int(found.group(2)),
                    line=int(found.group(3)))
    return re.sub(r"at row (\d+)", r"on line \1", text).replace("uint8", "a number from 0 to 255")


# -- where the data lives ------------------------------------------------------
def mnist_folder():
    """The per-user folder the download writes to (e.g. ~/.local/share/digits/mnist)."""
    return user_data_dir() / "mnist"


class Where(enum.Enum):
    """How the data source was chosen."""

    CHOSEN = "chosen"           # named by the user: --data DIR, or a folder chosen in the window
    ENVIRONMENT = "environment" # the folder in $DIGITS_DATA
    USER_FOLDER = "user folder" # the per-user data folder, where downloads go by default
    CSV = "csv"                 # the article's two CSV files


@dataclass(frozen=True)
class DataSource:
    """Where MNIST comes from: a folder with the four IDX files, or the article's two CSV files.

    ``DataSource.find(folder, csv)`` applies the rule the command line and the
    window share: the CSV files if given, else the folder if given, else
    $DIGITS_DATA, else the user data folder.
    """

    where: Where
    folder: Path | None = None
    csv: tuple | None = None            # (train, test) paths

    @classmethod
    def find(cls, folder=None, csv=None):
        if csv:
            train, test = csv
            return cls(Where.CSV, csv=(Path(train).expanduser(), Path(test).expanduser()))
        if folder:
            return cls(Where.CHOSEN, folder=Path(folder).expanduser())
        env = os.environ.get("DIGITS_DATA")
        if env:
            return cls(Where.ENVIRONMENT, folder=Path(env).expanduser())
        return cls(Where.USER_FOLDER, folder=mnist_folder())

    def missing(self, parts=("train", "test")):
        """Names of the files (of ``parts``) that are not there (empty when all are)."""
        if self.where is Where.CSV:
            return [str(p) for p in self.csv if not p.is_file()]
        return missing_files(self.folder, parts)

    def available(self):
        return not self.missing()

    def load(self, parts=("train", "test")):
        """(train, test) Datasets (train None when ``parts`` is only the test); DataError (one
        sentence) when files are missing or broken."""
        if self.where is Where.CSV:
            return load_csv(self.csv[0]) if "train" in parts else None, load_csv(self.csv[1])
        return load_mnist(self.folder, parts)
