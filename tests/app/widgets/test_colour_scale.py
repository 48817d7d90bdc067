"""The colour scale: a table lookup that gives the colours of the formula, and the robust limit."""
import numpy as np

from app.widgets import colour_scale as cs


def _formula(values, limit):
    t = np.clip(np.asarray(values, np.float64) / limit, -1, 1)[..., None]
    zero, negative, positive = (np.array(c, np.float64) for c in (cs.ZERO, cs.NEGATIVE, cs.POSITIVE))
    return np.round(zero + np.where(t < 0, -t * (negative - zero), t * (positive - zero)))


def test_ends_and_zero_are_exact_and_the_rest_within_one_level():
    values = np.linspace(-3, 3, 20_001, dtype=np.float32)
    colours = cs.diverging(values, 2.0)
    assert colours.dtype == np.uint8 and colours.shape == (20_001, 3)
    assert np.abs(colours.astype(int) - _formula(values, 2.0)).max() <= 1
    assert cs.diverging(np.float32(0), 2.0).tolist() == list(cs.ZERO)
    assert cs.diverging(2.0, 2.0).tolist() == list(cs.POSITIVE)
    assert cs.diverging(-5.0, 2.0).tolist() == list(cs.NEGATIVE)        # beyond the limit: clipped


def test_shapes_default_limit_and_numbers_that_are_not():
    weights = np.arange(-392, 392, dtype=np.float32).reshape(28, 28)
    assert cs.diverging(weights).shape == (28, 28, 3)
    assert cs.diverging(weights)[0, 0].tolist() == list(cs.NEGATIVE)    # the largest magnitude is the limit
    odd = cs.diverging(np.array([np.nan, np.inf, -np.inf]), 1.0)
    assert odd.tolist() == [list(cs.ZERO), list(cs.POSITIVE), list(cs.NEGATIVE)]


def test_robust_limit_is_numpys_quantile_of_the_nonzero_magnitudes():
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 50, 1200):
        values = rng.standard_normal(n).astype(np.float32)
        values[rng.random(n) < 0.3] = 0
        magnitudes = np.abs(values[values != 0])
        limit, clipped = cs.robust_limit(values)
        if magnitudes.size == 0:
            assert (limit, clipped) == (1.0, False)
            continue
        assert np.isclose(limit, np.quantile(magnitudes, 0.98), rtol=1e-6)
        assert clipped == bool(magnitudes.max() > limit)
    assert cs.robust_limit(np.zeros(10)) == (1.0, False)
