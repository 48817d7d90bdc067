"""Small helpers shared by the tests (import as `from helpers import ...`)."""
import struct
import zlib

import numpy as np

from network.data import Dataset


def synthetic(n, seed=0, noise=40):
    """n images of 10 fixed random stroke patterns plus noise: easy, but only if the network learns."""
    rng = np.random.default_rng(seed)
    prototypes = (np.random.default_rng(1234).random((10, 784)) < 0.15) * 230
    labels = rng.integers(0, 10, n).astype(np.uint8)
    images = prototypes[labels] + rng.normal(0, noise, (n, 784))
    return Dataset(np.clip(images, 0, 255).astype(np.uint8), labels, "synthetic")


def bomb_png(path, side=30_000):
    """A PNG whose header promises side x side pixels; its data is a few bytes (never decoded)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))
    return path
