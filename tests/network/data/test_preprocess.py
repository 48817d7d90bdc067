"""Preprocessing: a drawing of any size and polarity -> MNIST-like 28x28 inputs."""
import numpy as np
import pytest
from PIL import Image, ImageDraw

from network.data.preprocess import preprocess, preprocess_ink, stroke_width
from network.pixels import inputs_from_ink, picture_from_ink


def seven(size=280, box=(60, 40, 220, 240), width=20, ink=0, paper=255):
    """A '7' drawn with a round brush inside ``box`` on a canvas of ``size``."""
    image = Image.new("L", (size, size), paper)
    d = ImageDraw.Draw(image)
    x0, y0, x1, y1 = box
    d.line([(x0, y0), (x1, y0), (x0 + (x1 - x0) * 0.35, y1)], fill=ink, width=width, joint="curve")
    return image


def test_output_is_784_values_in_range():
    x = preprocess(seven())
    assert x.shape == (784,) and x.dtype == np.float32
    assert x.min() == pytest.approx(0.01) and x.max() == pytest.approx(0.99)


def test_empty_drawing_is_nothing_drawn():
    assert preprocess(np.full((280, 280), 255, np.uint8)) is None
    assert preprocess(np.zeros((280, 280), np.uint8)) is None
    assert preprocess(Image.new("RGBA", (100, 100), (0, 0, 0, 0))) is None


def test_small_in_a_corner_equals_large_in_the_middle():
    small = preprocess(seven(box=(10, 10, 58, 70), width=6))
    large = preprocess(seven(box=(60, 40, 220, 240), width=20))
    assert np.abs(small - large).mean() < 0.03
    assert np.corrcoef(small, large)[0, 1] > 0.95


def test_size_of_the_image_does_not_matter():
    a = preprocess(seven(size=280))
    b = preprocess(seven(size=560, box=(120, 80, 440, 480), width=40))
    assert np.corrcoef(a, b)[0, 1] > 0.97


def test_polarity_is_detected():
    dark_on_light = preprocess(seven())
    light_on_dark = preprocess(seven(ink=255, paper=0))
    grey_paper = preprocess(seven(ink=40, paper=200))
    assert np.abs(dark_on_light - light_on_dark).max() < 1e-6
    assert np.corrcoef(dark_on_light, grey_paper)[0, 1] > 0.98


def test_arrays_and_images_agree():
    image = seven()
    from_pil = preprocess(image)
    assert np.array_equal(preprocess(np.asarray(image)), from_pil)
    assert np.allclose(preprocess(np.asarray(image) / 255.0), from_pil, atol=1e-5)
    assert np.array_equal(preprocess(image.convert("RGB")), from_pil)
    rgba = Image.new("RGBA", image.size, (0, 0, 0, 0))
    rgba.putalpha(Image.eval(image, lambda v: 255 - v))      # black ink on a transparent sheet
    assert np.corrcoef(preprocess(rgba), from_pil)[0, 1] > 0.99


def test_centre_of_mass_is_centred_and_box_is_20():
    ink = preprocess_ink(seven())
    rows, cols = np.indices(ink.shape)
    assert (ink * rows).sum() / ink.sum() == pytest.approx(14.0, abs=0.15)
    assert (ink * cols).sum() / ink.sum() == pytest.approx(14.0, abs=0.15)
    lit = np.flatnonzero(ink.max(axis=1) > 0.05)
    assert 19 <= lit[-1] - lit[0] + 1 <= 22              # the longer side spans about 20 pixels


def test_a_single_dot_is_not_blown_up():
    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).ellipse((130, 130, 150, 150), fill=0)
    ink = preprocess_ink(image)
    assert ink is not None
    assert (ink > 0.5).sum() < 25            # a small dot, not a 20x20 disc (~314 pixels)


def test_a_hairline_is_thickened_not_lost():
    image = Image.new("L", (400, 400), 255)
    ImageDraw.Draw(image).line([(200, 20), (200, 380)], fill=0, width=1)
    ink = preprocess_ink(image)
    assert ink.max() == pytest.approx(1.0)
    widths = (ink > 0.3).sum(axis=1)
    assert np.median(widths[widths > 0]) >= 2          # about MNIST's stroke width


def test_thick_marker_is_thinned_to_mnist_width():
    ink = preprocess_ink(seven(width=70, box=(40, 40, 240, 240)))
    assert stroke_width(ink > 0.5) <= 5


def test_noise_alone_is_nothing():
    rng = np.random.default_rng(0)
    speckle = (255 - rng.integers(0, 20, (280, 280))).astype(np.uint8)   # faint grain on white
    assert preprocess(speckle) is None


def test_ink_becomes_inputs_and_pictures():
    ink = preprocess_ink(seven())
    x = inputs_from_ink(ink)
    assert np.array_equal(x, preprocess(seven()))
    assert x.dtype == np.float32 and x.min() == np.float32(0.01) and x.max() == np.float32(0.99)
    picture = picture_from_ink(ink)
    assert picture.shape == (28, 28) and picture.dtype == np.uint8
    assert picture.max() == 255 and picture.min() == 0


def test_mnist_digits_survive_preprocessing(mnist):
    """An MNIST digit is already preprocessed: doing it again changes little."""
    from network.pixels import scale

    _, test = mnist
    images = test.images[:200]
    again = np.array([preprocess(im.reshape(28, 28)) for im in images])
    original = scale(images)
    assert np.mean([np.corrcoef(a, b)[0, 1] for a, b in zip(again, original)]) > 0.9


def test_stages_show_each_step_of_the_same_result():
    from network.data.preprocess import preprocess_stages

    image = seven(box=(30, 50, 130, 250), width=20)
    stages = preprocess_stages(image)
    assert np.array_equal(stages.centred, preprocess_ink(image))
    assert stages.ink.shape == (94, 94) and stages.ink.max() == pytest.approx(1.0)   # 280 every 3rd pixel
    top, left, bottom, right = stages.box
    inked = np.argwhere(stages.ink > 0.1)
    assert (top, left) <= tuple(inked.min(axis=0)) and (bottom - 1, right - 1) >= tuple(inked.max(axis=0))
    assert bottom - top <= np.ptp(inked[:, 0]) + 3 and right - left <= np.ptp(inked[:, 1]) + 3
    assert max(stages.fitted.shape) == 20 and stages.fitted.shape[1] < 20      # a tall seven: 20 high
    assert stages.centre == pytest.approx((14.5, 14.5), abs=0.6)
    assert preprocess_stages(np.full((50, 50), 255, np.uint8)) is None
