"""Small helpers shared by the tests (import as `from helpers import ...`)."""
import numpy as np

from network.data import Dataset


def synthetic(n, seed=0, noise=40):
    """n images of 10 fixed random stroke patterns plus noise: easy, but only if the network learns."""
    rng = np.random.default_rng(seed)
    prototypes = (np.random.default_rng(1234).random((10, 784)) < 0.15) * 230
    labels = rng.integers(0, 10, n).astype(np.uint8)
    images = prototypes[labels] + rng.normal(0, noise, (n, 784))
    return Dataset(np.clip(images, 0, 255).astype(np.uint8), labels, "synthetic")
