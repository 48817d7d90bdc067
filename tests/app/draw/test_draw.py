"""The Draw tab: draw with real mouse events and see the answer."""
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar
from strokes import SHAPES, draw, on_canvas

from app.main_window import MainWindow
from network.model import Network
from network.storage import weights


@pytest.fixture
def window(shown_window):
    return shown_window


def _draw_digit(window, digit):
    canvas = window.findChild(object, "canvas")
    for stroke in SHAPES[digit]:
        draw(canvas, on_canvas(canvas, stroke))
    return window.draw_tab.predictor.predict_now()


def _label(window):
    return window.findChild(object, "predictionLabel").text()


@pytest.mark.parametrize("digit", [1, 0, 7])
def test_drawing_a_clear_digit_is_recognised(window, qtbot, digit):
    canvas = window.findChild(object, "canvas")
    for stroke in SHAPES[digit]:
        draw(canvas, on_canvas(canvas, stroke))
    qtbot.waitUntil(lambda: _label(window) == str(digit), timeout=2000)      # the live prediction, throttled
    bars = [window.findChild(QProgressBar, f"probabilityBar{k}") for k in range(10)]
    assert max(bars, key=lambda b: b.value()) is bars[digit]
    assert 90 <= sum(b.value() for b in bars) <= 110


def test_empty_canvas_shows_no_guess_and_clear_empties(window, qtbot):
    assert _label(window) == ""
    _draw_digit(window, 7)
    assert _label(window) == "7"
    qtbot.mouseClick(window.findChild(object, "clearButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _label(window) == "", timeout=2000)
    assert all(window.findChild(QProgressBar, f"probabilityBar{k}").value() == 0 for k in range(10))
    assert window.draw_tab.canvas.is_empty()


def test_escape_clears_and_ctrl_z_undoes_the_last_stroke(window, qtbot):
    canvas = window.draw_tab.canvas
    draw(canvas, on_canvas(canvas, SHAPES[1][0]))
    one = canvas.image()
    draw(canvas, on_canvas(canvas, [(0.2, 0.5), (0.8, 0.5)]))
    assert canvas.image() != one
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.image() == one
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.is_empty()


def test_prediction_is_throttled_and_never_runs_on_paint(window, qtbot):
    predictor = window.draw_tab.predictor
    canvas = window.draw_tab.canvas
    changes = []
    canvas.changed.connect(lambda: changes.append(1))
    before = predictor.updates
    draw(canvas, on_canvas(canvas, [(0.3 + 0.4 * t / 80, 0.2 + 0.6 * t / 80) for t in range(81)]))
    qtbot.waitUntil(lambda: not predictor.is_pending(), timeout=2000)
    made = predictor.updates - before
    assert len(changes) >= 80 and 1 <= made <= 5
    for _ in range(20):
        canvas.repaint()
    QApplication.processEvents()
    assert predictor.updates - before == made


def test_preview_shows_what_the_network_sees(window):
    from network.pixels import inputs_from_ink

    result = _draw_digit(window, 0)
    assert result.inputs.shape == (784,) and result.picture.shape == (28, 28)
    assert result.inputs.min() == np.float32(0.01) and result.inputs.max() == np.float32(0.99)
    assert np.array_equal(inputs_from_ink(result.picture), result.inputs)
    preview = window.findChild(object, "inputPreview")
    assert not preview.is_blank()
    window.draw_tab.canvas.clear()
    window.draw_tab.predictor.predict_now()
    assert preview.is_blank()


def test_open_good_weights_and_refuse_bad_ones(window, tmp_path, qtbot):
    good = tmp_path / "tiny.npz"
    weights.save(Network.create(784, 8, 10, rng=0), good, test_accuracy=0.5)
    assert window.open_weights(str(good))
    assert window.active.network.sizes == (784, 8, 10)
    assert "tiny.npz" in window.weights_line.text() and "50.00%" in window.weights_line.text()
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not weights at all")
    in_use = window.active.network
    assert not window.open_weights(str(bad))
    box = window.findChild(QMessageBox, "errorDialog")
    assert box is not None and "bad.npz" in box.text() and "\n" not in box.text()
    assert window.active.network is in_use
    box.close()


def test_restore_bundled_and_save(window, tmp_path):
    window.open_weights(str(_tiny(tmp_path)))
    window.restore_bundled()
    assert window.active.origin == "bundled weights"
    out = tmp_path / "copy.npz"
    assert window.save_weights(str(out))
    net, meta = weights.load(out)
    assert net.sizes == window.active.network.sizes and meta["test_accuracy"] == window.active.accuracy()


def _tiny(tmp_path):
    path = tmp_path / "tiny.npz"
    weights.save(Network.create(784, 8, 10, rng=0), path)
    return path


def test_weights_path_argument_and_remembered_weights(qtbot, tmp_path, settings):
    path = _tiny(tmp_path)
    w = MainWindow(settings=settings, loaded=(*weights.load(path), path))
    qtbot.addWidget(w)
    assert w.active.network.sizes == (784, 8, 10)
    w.close()
    again = MainWindow(settings=settings)          # the last weights file is remembered
    qtbot.addWidget(again)
    assert again.active.path == path


def test_a_network_made_here_is_kept_on_closing_and_in_use_at_the_next_start(qtbot, settings):
    from app.active_network import kept_path
    from network.i18n import Text

    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.close()
    assert not kept_path().exists()                    # the bundled weights as they are: nothing to keep
    made = Network.create(784, 8, 10, rng=1)           # as if trained or taught in the window
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.active.set(made, {"preset": "quick"}, origin=Text("status.origin.trained"))
    w.close()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    np.testing.assert_array_equal(again.active.network.w_ih, made.w_ih)
    assert again.active.metadata["preset"] == "quick"
    assert "kept from last time" in again.weights_line.text()


def test_a_network_made_here_is_on_disk_a_moment_later_so_a_crash_loses_nothing(qtbot, settings):
    from app.active_network import kept_path
    from network.i18n import Text

    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    made = Network.create(784, 8, 10, rng=2)
    w.active.set(made, {"preset": "quick"}, origin=Text("status.origin.taught"))
    qtbot.waitUntil(kept_path().exists, timeout=5000)   # without closing: as if it crashed now
    assert settings.value("lastWeights") == str(kept_path())
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    np.testing.assert_array_equal(again.active.network.w_ho, made.w_ho)
    assert "kept from last time" in again.weights_line.text()


def test_steps_reverted_on_a_kept_network_are_reverted_in_its_file_too(qtbot, settings):
    from app.active_network import kept_path
    from network.explain import inside
    from network.i18n import Text

    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    kept = Network.create(784, 8, 10, rng=3)
    first.active.set(kept.copy(), {}, origin=Text("status.origin.trained"))
    first.close()
    w = MainWindow(settings=settings)                  # started from the kept file
    qtbot.addWidget(w)
    assert w.active.path == kept_path()

    def on_file():
        return weights.load(kept_path())[0].w_ih

    w.active.apply_step(inside.training_step(w.active.network, np.full(784, 0.5, np.float32), 3, 0.3))
    qtbot.waitUntil(lambda: not np.array_equal(on_file(), kept.w_ih), timeout=5000)
    w.active.revert()
    qtbot.waitUntil(lambda: np.array_equal(on_file(), kept.w_ih), timeout=5000)
    np.testing.assert_array_equal(weights.load(kept_path())[0].w_ho, kept.w_ho)


def test_an_unreadable_kept_network_is_said_and_the_bundled_one_used(qtbot, settings):
    from app.active_network import kept_path

    kept_path().parent.mkdir(parents=True, exist_ok=True)
    kept_path().write_bytes(b"PK\x03\x04 cut short")
    settings.setValue("lastWeights", str(kept_path()))
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    message = w.statusBar().currentMessage()
    assert w.active.path is None and "kept from last time could not be read" in message
    assert "network-in-use.npz" in message and "\n" not in message


def test_when_keeping_fails_closing_asks_first(qtbot, settings, monkeypatch):
    from app.active_network import kept_path
    from network.i18n import Text

    kept_path().parent.mkdir(parents=True, exist_ok=True)
    kept_path().mkdir()                                # a folder where the file should go: saving fails
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    w.active.set(Network.create(784, 8, 10, rng=1), {}, origin=Text("status.origin.taught"))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.No)
    w.close()
    assert w.isVisible() and len(asked) == 1 and "will be lost" in asked[0] and "\n" not in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    w.close()
    assert not w.isVisible()


def _png(tmp_path, digit, qtbot, window):
    _draw_digit(window, digit)
    path = tmp_path / f"{digit}.png"
    assert window.export_drawing(str(path))
    window.draw_tab.canvas.clear()
    return path


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # QDragEnterEvent's QPoint constructor
def test_export_then_drop_an_image_file(window, tmp_path, qtbot):
    png = _png(tmp_path, 7, qtbot, window)
    assert png.exists() and not list(tmp_path.glob("*.tmp"))
    assert _label(window) in ("", "7")
    qtbot.waitUntil(lambda: _label(window) == "", timeout=2000)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png))])
    canvas = window.draw_tab.canvas
    none, copy = Qt.MouseButton.NoButton, Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(50, 50), copy, mime, none, Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(canvas, enter) and enter.isAccepted()
    QApplication.sendEvent(canvas, QDropEvent(QPointF(50, 50), copy, mime, none, Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: _label(window) == "7", timeout=2000)


@pytest.mark.parametrize("name,expected", [("notes.png", "notes.png is not a picture"),
                                           ("bomb.png", "bomb.png is larger than the 50 megapixels")])
def test_opening_a_bad_picture_says_so_and_keeps_the_drawing(window, tmp_path, name, expected):
    from helpers import bomb_png

    bad = tmp_path / name
    bomb_png(bad) if name == "bomb.png" else bad.write_text("hello")
    _draw_digit(window, 7)
    assert not window.open_image(str(bad))
    box = window.findChild(QMessageBox, "errorDialog")
    assert expected in box.text() and "\n" not in box.text()
    box.close()
    assert _draw_digit(window, 7).digit == 7          # the drawing is still there


def test_opening_a_sixteen_bit_picture_recognises_it(window, tmp_path, qtbot):
    from PIL import Image, ImageDraw

    seven = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(seven).line([(50, 40), (150, 40), (85, 170)], fill=0, width=14)
    path = tmp_path / "deep.png"
    Image.fromarray(np.asarray(seven).astype(np.uint16) * 257).save(path)
    assert window.open_image(str(path))
    qtbot.waitUntil(lambda: _label(window) == "7", timeout=2000)


def test_brush_width_is_remembered(qtbot, settings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.draw_tab.set_brush_width(1.5)
    w.close()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert again.draw_tab.canvas.brush_width == pytest.approx(1.5)


def test_window_opens_and_closes_cleanly(qtbot, settings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.findChild(object, "tabs").count() == 4
    assert w.close()


def test_the_command_opens_the_window(tmp_path):
    """`python -m app` (what `digits` runs) with no command shows the window; here it closes at once."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DIGITS_QUIT_WHEN_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "app"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_the_brush_slider_says_its_width(window):
    tab = window.draw_tab
    tab.set_brush_width(1.5)
    assert tab.brush_label.text() == "Brush 1.50×"
    tab.set_brush_width(1.0)
    assert tab.brush_label.text() == "Brush 1.00×" and "thinner" in tab.brush.toolTip()


def test_about_names_the_version_the_licence_and_the_data_folder(window, monkeypatch):
    from importlib.metadata import version

    from app.main_window import about_text
    from network.storage.files import user_data_dir

    shown = {}
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.update(title=title, text=text))
    window.about()
    assert shown["text"] == about_text()
    assert f"Digits {version('digits')}" in shown["text"] and "Licence: MIT" in shown["text"]
    assert str(user_data_dir()) in shown["text"]


def test_save_weights_proposes_a_telling_name_in_the_weights_folder(window, monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    asked = []

    def answer(parent, title, proposed, filters):
        asked.append(proposed)
        return (str(tmp_path / "mine" / "kept.npz"), "")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    (tmp_path / "mine").mkdir()
    window.settings.setValue("lastFolder", str(tmp_path / "mnist"))           # where MNIST was chosen
    assert window.save_weights()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked[0] == str(Path(documents) / "digits-784-1200-10.npz")        # not the MNIST folder
    window.active.use_taught(window.active.network.copy(), {})
    assert window.save_weights()
    assert asked[1] == str(tmp_path / "mine" / "digits-784-1200-10-taught.npz")   # where weights went last
    assert window.settings.value("lastFolder") == str(tmp_path / "mnist")      # other files keep theirs


def test_a_stroke_starts_as_wide_as_it_goes_on(qtbot):
    """No blob at the start of a stroke: the widest row of a vertical 1 near its start is no wider
    than its body, and sits on the same columns."""
    from app.draw.canvas import Canvas
    from app.widgets.image_adapter import qimage_to_array

    canvas = Canvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 400)
    canvas.draw_stroke([(200, 100 + 2 * k) for k in range(60)])
    for image in (canvas.image(), canvas.image_for_reading()):
        a = qimage_to_array(image) < 200
        rows = [np.flatnonzero(row) for row in a if row.any()]
        body = rows[len(rows) // 2]
        assert all(r.min() >= body.min() and r.max() <= body.max() for r in rows), \
            [(r.min(), r.max()) for r in rows[:12]]


def test_export_drawing_never_replaces_a_pipe_or_a_link(window, tmp_path, monkeypatch):
    import os

    canvas = window.draw_tab.canvas
    canvas.draw_stroke([(150, 100), (150, 250)])
    said = []
    monkeypatch.setattr(window, "error", lambda title, sentence: said.append(str(sentence)))
    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "real.png").write_bytes(b"mine")
    (tmp_path / "link.png").symlink_to(tmp_path / "real.png")
    for name in ("pipe.png", "link.png"):
        assert not window.export_drawing(str(tmp_path / name))
    assert len(said) == 2 and all("not a regular file" in s for s in said), said
    assert (tmp_path / "link.png").is_symlink() and (tmp_path / "real.png").read_bytes() == b"mine"
    assert not (tmp_path / "pipe.png").is_file()
    assert window.export_drawing(str(tmp_path / "ok.png")) and (tmp_path / "ok.png").read_bytes()[:4] == b"\x89PNG"
