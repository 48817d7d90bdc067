"""Shared fixtures: where the development data lives, and small synthetic datasets.

The full MNIST and the pen-drawn digits are in ``../shared/data`` next to the
repository on developer machines and in CI (or wherever $DIGITS_SHARED_DATA
points). Tests that need them skip with a reason when they are absent, as in
a user's clone.
"""
import os

import pytest
from helpers import SHARED, synthetic

if os.environ.get("PYTEST_XDIST_WORKER"):
    # two test processes on two cores: one BLAS thread each, or four threads fight for two cores
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    # and the programs the tests start (a `digits` command, a second window) the same: a child's
    # second BLAS thread would spin against the other test process for the same two cores
    for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, "1")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Every test starts in English, whatever the locale it runs in (and the programs it starts
    too): the tests that want Chinese ask for it."""
    from network import i18n

    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch):
    """Every test gets its own empty user data folder: nothing a test does (a download, a kept
    network, a hidden-layer moment) reaches the real one, or another test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DIGITS_DATA", raising=False)


@pytest.fixture(autouse=True)
def few_negatives(monkeypatch):
    """Runs of the fast preset in tests make one picture that is not a digit for every 50 digits,
    not 5: making them costs about a millisecond each, and the tests that are about them ask
    for their own number."""
    from network import train

    monkeypatch.setattr(train, "NEGATIVE_SHARE", 50)


@pytest.fixture(scope="session")
def mnist_dir():
    folder = SHARED / "mnist"
    if not (folder / "train-images-idx3-ubyte.gz").exists():
        pytest.skip(f"full MNIST not found in {folder} (set DIGITS_SHARED_DATA); a user's clone has none")
    return folder


@pytest.fixture(scope="session")
def mnist(mnist_dir):
    from network.data.mnist import load_mnist

    return load_mnist(mnist_dir)


@pytest.fixture(scope="session")
def pen_file():
    path = SHARED / "pendigits" / "pendigits-orig.tra"
    if not path.exists():
        pytest.skip(f"pen-drawn digits not found at {path}")
    return path


@pytest.fixture
def tiny():
    """(train, test) synthetic datasets of 600 and 200 images."""
    return synthetic(600, seed=0), synthetic(200, seed=1)
