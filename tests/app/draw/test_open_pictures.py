"""Pictures in the window: one path with `digits predict`, "no digit" and "not a digit" shown, and the
Inside tab's steps are the ones the answer used."""
import json

import numpy as np
import pytest
from helpers import digits, paper_photo
from PIL import Image, ImageDraw

from network.reading import DIGIT, NO_DIGIT, NOT_A_DIGIT


def _drawing(path, lines, size=(280, 280), width=18, box=None):
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    w, h = size
    left, top, right, bottom = box or (0, 0, 1, 1)
    for line in lines:
        draw.line([((left + x * (right - left)) * w, (top + y * (bottom - top)) * h) for x, y in line],
                  fill=0, width=width, joint="curve")
    image.save(path)


SEVEN = [[(0.3, 0.25), (0.7, 0.25), (0.42, 0.8)]]
SCRIBBLE = [[(0.1 + 0.8 * k / 11, 0.2 if k % 2 else 0.8) for k in range(12)],
            [(0.15, 0.5), (0.85, 0.45)], [(0.2, 0.3), (0.8, 0.7)]]


def varied_pictures(folder):
    """A folder of the pictures people give: photos with and without shadow, in blue, red and
    chalk, blank and grey sheets, a drawing, a small drawing, a scribble, a picture that is not
    square, and a photo turned by its EXIF orientation."""
    folder.mkdir()
    paper_photo(folder / "shadow.jpg", shadow=True)
    paper_photo(folder / "red.jpg", ink=(150, 20, 20), paper=(240, 240, 235), shadow=False)
    paper_photo(folder / "chalk.png", ink=(235, 235, 235), paper=(40, 45, 40), shadow=False)
    paper_photo(folder / "blank.jpg", digit_lines=(), shadow=True)
    Image.fromarray(np.full((200, 300), 128, np.uint8)).save(folder / "grey.png")
    _drawing(folder / "drawing.png", SEVEN)
    _drawing(folder / "small.png", SEVEN, box=(0.65, 0.05, 0.9, 0.3), width=21)
    _drawing(folder / "wide.png", SEVEN, size=(500, 200), width=10, box=(0.35, 0.05, 0.65, 0.95))
    _drawing(folder / "scribble.png", SCRIBBLE, width=12)
    turned = Image.fromarray(paper_photo(shadow=False)).rotate(90, expand=True)      # stored on its side
    exif = Image.Exif()
    exif[0x0112] = 6                                                                 # "rotate 90 clockwise to view"
    turned.save(folder / "exif.jpg", exif=exif)
    return sorted(folder.iterdir())


def test_the_window_and_predict_give_the_same_answer_for_every_picture(shown_window, qtbot, tmp_path):
    files = varied_pictures(tmp_path / "pictures")
    ran = digits("predict", "--json", *files)
    assert ran.returncode == 0, ran.stderr
    printed = {row["file"]: row for row in map(json.loads, ran.stdout.splitlines())}
    verdicts = set()
    for path in files:
        assert shown_window.open_image(str(path))
        seen = shown_window.draw_tab.predictor.predict_now()
        row = printed[str(path)]
        assert (seen.verdict, seen.guess) == (row["verdict"], row["guess"]), path.name
        if seen.guess is not None:
            assert seen.confidence == pytest.approx(row["confidence"], abs=1e-6), path.name
        verdicts.add(seen.verdict)
        shown = shown_window.findChild(object, "predictionLabel").text()
        assert shown == {DIGIT: str(seen.guess), NOT_A_DIGIT: "?", NO_DIGIT: ""}[seen.verdict], path.name
    assert verdicts == {DIGIT, NO_DIGIT, NOT_A_DIGIT}         # the folder holds every kind of answer
    for name in ("shadow.jpg", "red.jpg", "chalk.png", "drawing.png", "small.png", "wide.png", "exif.jpg"):
        assert (printed[str(tmp_path / "pictures" / name)]["verdict"],
                printed[str(tmp_path / "pictures" / name)]["digit"]) == (DIGIT, 7), name
    for name in ("blank.jpg", "grey.png"):
        assert printed[str(tmp_path / "pictures" / name)]["verdict"] == NO_DIGIT, name
    scribble = printed[str(tmp_path / "pictures" / "scribble.png")]
    assert scribble["verdict"] == NOT_A_DIGIT and scribble["digit"] is None and scribble["guess"] in range(10)


def test_a_picture_that_is_not_square_is_padded_with_its_own_paper(shown_window, tmp_path):
    path = tmp_path / "grey-paper.jpg"
    paper_photo(path, size=(480, 240), shadow=False, paper=(150, 150, 150))
    assert shown_window.open_image(str(path))
    from app.widgets.image_adapter import qimage_to_array

    shown = qimage_to_array(shown_window.draw_tab.canvas.image())
    corners = [shown[0, 0], shown[-1, 0], shown[0, -1], shown[-1, -1]]           # the bars above and below
    assert all(abs(int(c) - 150) < 25 for c in corners), corners
    assert shown_window.draw_tab.predictor.predict_now().digit == 7


def test_not_a_digit_is_said_in_words_with_the_best_guess_beside_it(shown_window, tmp_path):
    path = tmp_path / "scribble.png"
    _drawing(path, SCRIBBLE, width=12)
    assert shown_window.open_image(str(path))
    seen = shown_window.draw_tab.predictor.predict_now()
    assert seen.verdict == NOT_A_DIGIT
    text = shown_window.findChild(object, "confidenceLabel").text()
    assert "does not look like a digit" in text and f"best guess: {seen.guess}" in text


def test_the_inside_tab_shows_the_steps_and_the_doubt_the_answer_used(shown_window, qtbot, tmp_path):
    path = tmp_path / "photo.jpg"
    paper_photo(path, shadow=True)
    assert shown_window.open_image(str(path))
    seen = shown_window.draw_tab.predictor.predict_now()
    shown_window.tabs.setCurrentWidget(shown_window.inside_tab)
    inside = shown_window.inside_tab
    qtbot.waitUntil(lambda: inside.steps.shown_stages() is seen.stages, timeout=2000)
    assert seen.stages.paper is not None                     # a photo: the picture and the light removed
    assert np.array_equal(inside.steps.shown_inputs(), seen.inputs)
    threshold = round(100 * shown_window.active.network.doubt.threshold)
    assert f"{seen.guess}" in inside.doubt.text() and f"threshold of {threshold}%" in inside.doubt.text()


def test_a_small_digit_drawn_with_a_wide_brush_is_read_from_its_strokes_drawn_thinner(shown_window):
    from strokes import draw, on_canvas

    canvas = shown_window.findChild(object, "canvas")
    canvas_side = canvas.width()
    zero = [(0.80 + 0.06 * np.cos(t), 0.15 + 0.09 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]
    draw(canvas, on_canvas(canvas, zero))
    full, thin = canvas.image(), canvas.image_for_reading()
    assert thin.width() == thin.height() == 280 and canvas_side > 280     # read at one size, shown larger
    from app.widgets.image_adapter import qimage_to_array

    ink_full = (255 - qimage_to_array(full).astype(int)).mean()                # ink per pixel: sizes differ
    ink_thin = (255 - qimage_to_array(thin).astype(int)).mean()
    assert ink_thin < 0.7 * ink_full                           # the loop is open again, not a disc
    assert shown_window.draw_tab.predictor.predict_now().digit == 0


def test_a_taught_networks_examples_vote_alike_in_the_window_predict_and_evaluate(shown_window, tmp_path):
    """Issue 27: a 7 with a short bar reads as 1; one taught file whose one example is that 7: the window
    reads the picture as `digits predict` does, `digits evaluate` counts the same, and without the
    example all read a 1."""
    from network.data.mnist import Dataset
    from network.data.pictures import read_picture
    from network.reading import read_picture as read
    from network.storage import weights
    from network.teaching.votes import with_examples

    path = tmp_path / "short-barred-seven.png"
    _drawing(path, [[(0.5, 0.25), (0.6, 0.25), (0.5, 0.8)]], width=10)
    bundled, _ = weights.load_bundled()
    example = np.round(read(bundled, read_picture(path, colour=True)).picture * 255).astype(np.uint8).reshape(1, 784)
    voting = with_examples(bundled, Dataset(example, np.array([7], np.uint8), "one example"))
    assert voting.votes is not None and voting.votes.style is not None
    weights.save(voting, tmp_path / "taught.npz")
    printed = json.loads(digits("predict", "--weights", tmp_path / "taught.npz", "--json", path).stdout)
    plain = json.loads(digits("predict", "--json", path).stdout)
    assert (plain["digit"], printed["digit"]) == (1, 7)                    # the example's vote decides
    assert shown_window.open_weights(str(tmp_path / "taught.npz")) and shown_window.open_image(str(path))
    in_window = shown_window.draw_tab.predictor.predict_now()
    assert (in_window.verdict, in_window.guess) == (printed["verdict"], 7)
    assert in_window.confidence == pytest.approx(printed["confidence"], abs=1e-6)
    table = tmp_path / "the_seven.csv"
    table.write_text("7," + ",".join(map(str, example[0])) + "\n")
    evaluated = [json.loads(digits("evaluate", *weights_option, "--csv", table, "--json").stdout)["accuracy"]
                 for weights_option in (("--weights", tmp_path / "taught.npz"), ())]
    assert evaluated == [1.0, 0.0]
