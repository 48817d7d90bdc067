"""Augmentation: whole batches, deterministic per seed, digits stay digits."""
import numpy as np

from network.data.augment import Augmenter, Distortion


def _batch(n=64, seed=0):
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 28, 28), np.uint8)
    for i in range(n):
        r, c = rng.integers(6, 14, 2)
        images[i, r:r + 10, c:c + 3] = 255       # a short bar, somewhere near the middle
    return images.reshape(n, 784)


def test_shapes_range_and_determinism():
    images = _batch()
    a = Augmenter(rng=1)(images)
    assert a.shape == (64, 784) and a.dtype == np.float32
    assert a.min() >= 0 and a.max() <= 1
    assert np.array_equal(a, Augmenter(rng=1)(images))
    assert not np.array_equal(a, Augmenter(rng=2)(images))


def test_no_distortion_is_the_identity():
    images = _batch()
    none = Distortion(rotation=0, scale=0, shear=0, shift=0, alpha=0, thickness=0)
    assert np.allclose(Augmenter(none, rng=0)(images), images / 255.0, atol=1e-5)


def test_distortions_move_ink_but_keep_most_of_it():
    images = _batch(256)
    out = Augmenter(rng=0)(images)
    before = images.reshape(256, -1).astype(np.float32).sum(axis=1) / 255
    after = out.sum(axis=1)
    assert np.median(after / before) > 0.7 and np.median(after / before) < 1.5
    changed = np.abs(out - images / 255.0).sum(axis=1)
    assert (changed > 1).mean() > 0.9


def test_each_kind_of_distortion_acts():
    images = _batch()
    off = dict(rotation=0, scale=0, shear=0, shift=0, alpha=0, thickness=0)
    for kind, value in [("rotation", 15), ("scale", 0.2), ("shear", 0.3), ("shift", 3), ("alpha", 8),
                        ("thickness", 1.0)]:
        out = Augmenter(Distortion(**{**off, kind: value}), rng=0)(images)
        assert np.abs(out - images / 255.0).sum() > 10, kind


def test_strength_scales_every_range():
    d = Distortion()
    half = d.scaled(0.5)
    assert (half.rotation, half.scale, half.shift, half.alpha) == (d.rotation / 2, d.scale / 2, d.shift / 2, d.alpha / 2)
    assert half.sigma == d.sigma
    images = _batch()
    assert np.allclose(Augmenter(d.scaled(0.0), rng=0)(images), images / 255.0, atol=1e-5)
