"""MNIST IDX and CSV loading, on files the tests write and on broken ones."""
import gzip
import struct

import numpy as np
import pytest

from network.data import mnist as data
from network.errors import DataError


def write_idx(path, array, magic, compress=True):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    raw = header + array.astype(np.uint8).tobytes()
    if compress:
        raw = gzip.compress(raw)
    path.write_bytes(raw)
    return path


def write_mnist(folder, n_train=50, n_test=20, compress=True, seed=0):
    rng = np.random.default_rng(seed)
    suffix = ".gz" if compress else ""
    parts = {}
    for stem, n in (("train", n_train), ("t10k", n_test)):
        images = rng.integers(0, 256, (n, 28, 28))
        labels = rng.integers(0, 10, n)
        write_idx(folder / f"{stem}-images-idx3-ubyte{suffix}", images, 2051, compress)
        write_idx(folder / f"{stem}-labels-idx1-ubyte{suffix}", labels, 2049, compress)
        parts[stem] = (images, labels)
    return parts


@pytest.mark.parametrize("compress", [True, False])
def test_loads_idx_gz_or_raw(tmp_path, compress):
    parts = write_mnist(tmp_path, compress=compress)
    train, test = data.load_mnist(tmp_path)
    assert train.images.shape == (50, 784) and test.images.shape == (20, 784)
    assert np.array_equal(train.images, parts["train"][0].reshape(50, 784))
    assert np.array_equal(test.labels, parts["t10k"][1])


def test_scaling_is_the_articles():
    x = data.scale(np.array([0, 255, 128], np.uint8))
    assert x.dtype == np.float32
    assert np.allclose(x, [0.01, 1.0, 128 / 255 * 0.99 + 0.01])


def _broken(tmp_path, which, content):
    write_mnist(tmp_path)
    (tmp_path / which).write_bytes(content)
    with pytest.raises(DataError) as info:
        data.load_mnist(tmp_path)
    message = str(info.value)
    assert "\n" not in message and message.endswith(".")
    return message


def test_bad_magic_names_the_file(tmp_path):
    raw = struct.pack(">IIII", 2049, 5, 28, 28) + bytes(5 * 784)
    assert "train-images-idx3-ubyte.gz has magic number 2049, expected 2051" in _broken(
        tmp_path, "train-images-idx3-ubyte.gz", gzip.compress(raw))


def test_truncated_file(tmp_path):
    raw = struct.pack(">IIII", 2051, 50, 28, 28) + bytes(49 * 784)
    assert "truncated" in _broken(tmp_path, "train-images-idx3-ubyte.gz", gzip.compress(raw))


def test_damaged_gzip(tmp_path):
    raw = gzip.compress(struct.pack(">IIII", 2051, 50, 28, 28) + bytes(50 * 784))
    message = _broken(tmp_path, "train-images-idx3-ubyte.gz", raw[: len(raw) // 2])
    assert "train-images-idx3-ubyte.gz" in message


def test_not_idx_at_all(tmp_path):
    assert "not an IDX file" in _broken(tmp_path, "t10k-labels-idx1-ubyte.gz", gzip.compress(b"hello world"))


def test_extra_bytes(tmp_path):
    raw = struct.pack(">II", 2049, 50) + bytes(51)
    assert "extra bytes" in _broken(tmp_path, "train-labels-idx1-ubyte.gz", gzip.compress(raw))


def test_count_mismatch(tmp_path):
    raw = struct.pack(">II", 2049, 49) + bytes(49)
    assert "50 images but" in _broken(tmp_path, "train-labels-idx1-ubyte.gz", gzip.compress(raw))


def test_label_out_of_range(tmp_path):
    raw = struct.pack(">II", 2049, 50) + bytes([3] * 49 + [12])
    assert "label 12" in _broken(tmp_path, "train-labels-idx1-ubyte.gz", gzip.compress(raw))


def test_wrong_image_size(tmp_path):
    raw = struct.pack(">IIII", 2051, 50, 32, 32) + bytes(50 * 32 * 32)
    assert "32x32" in _broken(tmp_path, "train-images-idx3-ubyte.gz", gzip.compress(raw))


def test_absurd_header_is_refused_before_reading(tmp_path):
    raw = struct.pack(">IIII", 2051, 4_000_000_000, 28, 28)
    assert "more than MNIST" in _broken(tmp_path, "train-images-idx3-ubyte.gz", gzip.compress(raw))


def test_missing_files_are_listed(tmp_path):
    write_mnist(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DataError, match="lacks t10k-labels-idx1-ubyte.gz"):
        data.load_mnist(tmp_path)
    with pytest.raises(DataError, match="does not exist"):
        data.load_mnist(tmp_path / "nowhere")


def write_csv(path, images, labels):
    with open(path, "w") as f:
        for label, image in zip(labels, images):
            f.write(",".join(map(str, [label, *image])) + "\n")
    return path


def test_loads_the_articles_csv(tmp_path):
    rng = np.random.default_rng(0)
    images, labels = rng.integers(0, 256, (30, 784)), rng.integers(0, 10, 30)
    ds = data.load_csv(write_csv(tmp_path / "mnist_train.csv", images, labels))
    assert np.array_equal(ds.images, images) and np.array_equal(ds.labels, labels)


@pytest.mark.parametrize("content,expected", [
    ("3," + ",".join(["0"] * 783) + "\n", "785"),
    ("3," + ",".join(["0"] * 783) + ",x\n", "'x'"),
    ("3," + ",".join(["0"] * 783) + ",256\n", "'256'"),
    ("3," + ",".join(["0"] * 783) + ",-1\n", "'-1'"),      # numpy < 2.3 wraps these to 255 and 1
    ("3," + ",".join(["0"] * 783) + ",1.5\n", "'1.5'"),
    ("12," + ",".join(["0"] * 784) + "\n", "label 12"),
    ("", "no images"),
])
def test_broken_csv(tmp_path, content, expected):
    path = tmp_path / "mnist_test.csv"
    path.write_text(content)
    with pytest.raises(DataError) as info:
        data.load_csv(path)
    assert expected in str(info.value) and "mnist_test.csv" in str(info.value)


def test_ragged_csv_names_the_line(tmp_path):
    path = tmp_path / "mnist_test.csv"
    path.write_text("1," + ",".join(["0"] * 784) + "\n" + "2,0,0\n")
    with pytest.raises(DataError, match="line 2"):
        data.load_csv(path)


def test_data_source_order(monkeypatch, tmp_path):
    monkeypatch.setenv("DIGITS_DATA", str(tmp_path / "env"))
    csv = data.DataSource.find(tmp_path / "opt", csv=(tmp_path / "a.csv", tmp_path / "b.csv"))
    assert csv.where is data.Where.CSV and csv.csv == (tmp_path / "a.csv", tmp_path / "b.csv")
    assert data.DataSource.find(tmp_path / "opt") == data.DataSource(data.Where.CHOSEN, tmp_path / "opt")
    assert data.DataSource.find() == data.DataSource(data.Where.ENVIRONMENT, tmp_path / "env")
    monkeypatch.delenv("DIGITS_DATA")
    user = data.DataSource.find()
    assert user.where is data.Where.USER_FOLDER and user.folder.name == "mnist"


def test_data_source_says_what_is_missing_and_loads(tmp_path):
    folder = data.DataSource.find(tmp_path / "mnist")
    assert folder.missing() == [f.name for f in data.MNIST_FILES] and not folder.available()
    (tmp_path / "mnist").mkdir()
    write_mnist(tmp_path / "mnist")
    assert folder.available() and len(folder.load()[0]) == 50
    csv = data.DataSource.find(csv=(tmp_path / "train.csv", tmp_path / "test.csv"))
    (tmp_path / "train.csv").write_text("1," + ",".join(["0"] * 784) + "\n")
    assert csv.missing() == [str(tmp_path / "test.csv")]


def test_real_mnist_loads_whole(mnist_dir):
    train, test = data.load_mnist(mnist_dir)        # how fast: tests/benchmarks/loading.py
    assert len(train) == 60000 and len(test) == 10000
    assert np.bincount(test.labels).tolist()[:3] == [980, 1135, 1032]
