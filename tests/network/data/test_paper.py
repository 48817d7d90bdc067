"""Pictures of paper: the light is removed, the ink found in any colour, only the digit's strokes
kept; a picture with no ink is "no digit"."""
import numpy as np
import pytest
from helpers import paper_photo
from PIL import Image, ImageDraw, ImageFilter

from network.data import paper
from network.data.pictures import read_picture
from network.reading import DIGIT, NO_DIGIT
from network.reading import read_picture as read
from network.storage import weights

SEVEN = (((0.3, 0.25), (0.7, 0.25), (0.42, 0.8)),)


@pytest.fixture(scope="module")
def net():
    return weights.load_bundled()[0]


def test_a_photo_with_a_shadow_across_it_is_read(net):
    photo = paper_photo(shadow=True)
    found = paper.find_ink(photo)
    assert found.ink is not None and found.dark_ink
    # the shadow is gone: the paper is even where the light was removed
    paper_only = found.flat[found.contrast < 0.05]
    assert paper_only.std() < 0.05
    reading = read(net, photo)
    assert (reading.verdict, reading.guess) == (DIGIT, 7)


@pytest.mark.parametrize("ink, sheet", [((20, 30, 120), (205, 200, 185)),      # blue pen on grey paper
                                        ((150, 20, 20), (240, 240, 235)),      # red pen on white
                                        ((200, 190, 40), (250, 250, 250)),     # yellow highlighter on white
                                        ((235, 235, 235), (40, 45, 40))])      # chalk on a blackboard
def test_ink_of_any_colour_dark_or_light_is_found(net, ink, sheet):
    reading = read(net, paper_photo(ink=ink, paper=sheet, shadow=False))
    assert (reading.verdict, reading.guess) == (DIGIT, 7), ink


def test_thin_chalk_under_a_shadow_over_most_of_the_board_is_light_ink(net):
    # the lit strip on the right is a smaller, lighter part of the picture than the thin chalk:
    # told apart by what stands out of the board's median (a thin stroke), not by what is smaller
    size = 400
    chalk = Image.new("L", (size, size), 0)
    ImageDraw.Draw(chalk).line([(200, 140), (272, 140), (222, 240)], fill=255, width=2)
    alpha = np.asarray(chalk.filter(ImageFilter.GaussianBlur(0.7)), np.float32)[..., None] / 255
    light = 1 - 0.6 / (1 + np.exp((np.arange(size) - 0.8 * size) / 4))          # shadow left of x = 320
    board = (40 * (1 - alpha) + 235 * alpha) * light[None, :, None]
    board += np.random.default_rng(0).normal(0, 3, (size, size, 1))
    photo = np.clip(board.repeat(3, axis=2), 0, 255).astype(np.uint8)
    assert not paper.find_ink(photo).dark_ink
    reading = read(net, photo)
    assert (reading.verdict, reading.guess) == (DIGIT, 7)


@pytest.mark.parametrize("picture", [
    paper_photo(digit_lines=(), shadow=True),                     # a blank sheet with a shadow
    paper_photo(digit_lines=(), shadow=False, paper=(240, 240, 240)),
    np.full((200, 300), 128, np.uint8),                           # uniformly grey
    np.full((50, 50), 255, np.uint8),                             # an empty white picture
    np.zeros((80, 60, 3), np.uint8),                              # all black
])
def test_a_picture_with_no_ink_is_no_digit(net, picture):
    reading = read(net, picture)
    assert reading.verdict == NO_DIGIT and reading.digit is None and reading.guess is None


def test_specks_and_the_sheets_edge_are_not_the_digit(net):
    photo = paper_photo(shadow=False).copy()
    photo[:, :25] = (60, 50, 40)                                   # a dark table beside the sheet
    rng = np.random.default_rng(1)
    for y, x in rng.integers(40, 300, (12, 2)):                    # specks of dirt
        photo[y:y + 2, x + 40:x + 42] = 30
    found = paper.find_ink(photo)
    assert found.ink is not None
    assert found.ink[:, :8].max() == 0                             # nothing of the table is ink
    assert read(net, photo).guess == 7


def test_a_box_drawn_round_the_digit_is_not_part_of_it(net):
    box = ((0.1, 0.1), (0.9, 0.1), (0.9, 0.9), (0.1, 0.9), (0.1, 0.1))
    with_box = read(net, paper_photo(digit_lines=SEVEN + (box,), shadow=False))
    assert (with_box.verdict, with_box.guess) == (DIGIT, 7)


def test_a_zero_with_a_slash_through_it_is_a_zero_not_a_box_round_its_slash(net):
    angles = np.linspace(0, 2 * np.pi, 40)
    ring = tuple(zip(0.5 + 0.15 * np.cos(angles), 0.5 + 0.28 * np.sin(angles)))
    slash = ((0.56, 0.32), (0.44, 0.68))                       # inside the ring, touching it nowhere
    photo = paper_photo(digit_lines=(ring, slash), shadow=False)
    found = paper.find_ink(photo)
    h, w = found.ink.shape
    assert found.ink[int(0.5 * h), int(0.35 * w) - 3:int(0.35 * w) + 4].max() > 0.5   # the ring's left side
    reading = read(net, photo)
    assert (reading.verdict, reading.guess) == (DIGIT, 0)


@pytest.mark.parametrize("ink, sheet", [(0, 255), (255, 0)])
@pytest.mark.parametrize("strokes, width, digit", [(([(254, 50), (254, 160)],), 22, 1),     # at the edge
                                                    (([(30, 8), (30, 120)],), 40, 1),        # in a corner, wide
                                                    (([(212, 210), (268, 210), (236, 272)],), 24, 7)])
def test_a_small_digit_drawn_with_a_wide_brush_at_the_edge_of_a_drawing_is_read(net, ink, sheet, strokes, width,
                                                                                digit):
    """A drawing made on a computer (its paper one exact colour) has no shadow and no sheet's edge: a
    stroke wider than the light's estimate is ink, not shade, and a digit at its border is the digit."""
    image = Image.new("L", (280, 280), sheet)
    for line in strokes:
        ImageDraw.Draw(image).line(line, fill=ink, width=width, joint="curve")
    found = paper.find_ink(np.asarray(image))
    assert found.ink is not None and found.dark_ink == (ink < sheet)
    assert found.ink[np.asarray(image) == ink].min() == 1.0          # every pixel of the stroke, whole
    reading = read(net, np.asarray(image))
    assert (reading.verdict, reading.guess) == (DIGIT, digit)


def test_the_exif_orientation_is_honoured(tmp_path):
    upright = paper_photo(size=(240, 320), shadow=False)
    sideways = Image.fromarray(upright).transpose(Image.Transpose.ROTATE_90)     # as the camera stored it
    exif = Image.Exif()
    exif[0x0112] = 6                                               # "rotate 90 clockwise to view"
    sideways.save(tmp_path / "photo.jpg", exif=exif, quality=95)
    read_back = read_picture(tmp_path / "photo.jpg", colour=True)
    assert read_back.shape == upright.shape
    assert np.abs(read_back.astype(int) - upright.astype(int)).mean() < 8


def test_the_colour_around_a_picture_is_its_own_paper():
    assert paper.paper_colour(np.full((10, 20, 3), (200, 190, 180), np.uint8)) == (200, 190, 180)
    assert paper.paper_colour(np.full((10, 20), 90, np.uint8)) == (90, 90, 90)

