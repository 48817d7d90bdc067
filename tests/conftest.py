"""Shared fixtures: where the development data lives, and small synthetic datasets.

The full MNIST and the pen-drawn digits are in ``../shared/data`` next to the
repository on developer machines and in CI (or wherever $DIGITS_SHARED_DATA
points). Tests that need them skip with a reason when they are absent, as in
a user's clone.
"""
import os
from pathlib import Path

import numpy as np
import pytest

from network.data import Dataset

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DIGITS_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def mnist_dir():
    folder = SHARED / "mnist"
    if not (folder / "train-images-idx3-ubyte.gz").exists():
        pytest.skip(f"full MNIST not found in {folder} (set DIGITS_SHARED_DATA); a user's clone has none")
    return folder


@pytest.fixture(scope="session")
def mnist(mnist_dir):
    from network.data import load_mnist

    return load_mnist(mnist_dir)


@pytest.fixture(scope="session")
def pen_file():
    path = SHARED / "pendigits" / "pendigits-orig.tra"
    if not path.exists():
        pytest.skip(f"pen-drawn digits not found at {path}")
    return path


def synthetic(n, seed=0, noise=40):
    """n images of 10 fixed random stroke patterns plus noise: easy, but only if the network learns."""
    rng = np.random.default_rng(seed)
    prototypes = (np.random.default_rng(1234).random((10, 784)) < 0.15) * 230
    labels = rng.integers(0, 10, n).astype(np.uint8)
    images = prototypes[labels] + rng.normal(0, noise, (n, 784))
    return Dataset(np.clip(images, 0, 255).astype(np.uint8), labels, "synthetic")


@pytest.fixture
def tiny():
    """(train, test) synthetic datasets of 600 and 200 images."""
    return synthetic(600, seed=0), synthetic(200, seed=1)
