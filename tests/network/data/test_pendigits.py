"""Pen-drawn digits: UNIPEN parsing, drawing like the canvas, and training sets from them."""
import numpy as np
import pytest

from network.data import pendigits
from network.data.drawing import CANVAS_SIDE
from network.errors import DataError

SAMPLE = """.INCLUDE dene.doc
.SEGMENT DIGIT    0 ? "1"
.COMMENT 1 7  12
.PEN_DOWN
 250  450
 250  50
.PEN_UP
.SEGMENT DIGIT    1 ? "7"
.COMMENT 7 8  13
.PEN_DOWN
 100  450
 400  450
 200  50
.PEN_UP
.PEN_DOWN
 150  250
 350  250
.PEN_UP
"""


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "sample.tra"
    path.write_text(SAMPLE)
    return path


def test_reads_labels_writers_and_strokes(sample):
    digits = pendigits.read_unipen(sample)
    assert [d.label for d in digits] == [1, 7]
    assert [d.writer for d in digits] == [7, 8]
    assert [len(d.strokes) for d in digits] == [1, 2]
    assert digits[1].strokes[0].tolist() == [[100, 450], [400, 450], [200, 50]]


def test_writer_ranges():
    assert pendigits.parse_writers("1-3,7") == {1, 2, 3, 7}
    assert pendigits.parse_writers("2-99999999999", most=4) == {2, 3, 4}       # bounded at once: no 10^11 set
    with pytest.raises(DataError):
        pendigits.parse_writers("a-b")


def test_broken_files_are_one_sentence(tmp_path):
    bad = tmp_path / "bad.tra"
    bad.write_text('.SEGMENT DIGIT 0 ? "3"\n.PEN_DOWN\n 12 x\n.PEN_UP\n')
    with pytest.raises(DataError, match="line 3"):
        pendigits.read_unipen(bad)
    empty = tmp_path / "empty.tra"
    empty.write_text("nothing here\n")
    with pytest.raises(DataError, match="no digits"):
        pendigits.read_unipen(empty)
    with pytest.raises(DataError, match="does not exist"):
        pendigits.read_unipen(tmp_path / "missing.tra")


def test_placing_flips_y_and_fits_the_canvas(sample):
    seven = pendigits.read_unipen(sample)[1]
    placed = pendigits.place(seven, np.random.default_rng(0))
    points = np.concatenate(placed)
    assert points.min() > 0 and points.max() < CANVAS_SIDE
    top_bar = placed[0][:2]
    assert top_bar[0, 1] < placed[0][2, 1]     # the bar of the 7 (y=450, up) ends on top (small y)


def test_rendering_draws_round_anti_aliased_strokes(sample):
    one = pendigits.read_unipen(sample)[0]
    image = pendigits.render(pendigits.place(one, np.random.default_rng(0)))
    assert image.shape == (280, 280) and image.dtype == np.uint8
    assert image.min() == 0 and image.max() == 255
    assert ((image > 0) & (image < 255)).any()            # grey edges: anti-aliased


def test_pen_dataset_is_mnist_like(sample):
    ds = pendigits.pen_dataset(sample, copies=3, seed=0)
    assert len(ds) == 6 and ds.images.shape == (6, 784)
    assert ds.labels.tolist() == [1, 7] * 3
    assert ds.images.max() == 255
    only = pendigits.pen_dataset(sample, writers="8", copies=1)
    assert only.labels.tolist() == [7]


def test_reads_the_real_pen_file(pen_file):
    digits = pendigits.read_unipen(pen_file)
    assert len(digits) == 7494
    assert {d.writer for d in digits} == set(range(1, 31))
    assert sorted({d.label for d in digits}) == list(range(10))
