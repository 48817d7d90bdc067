"""No value in the settings file stops the window from opening: a bad one falls back to its default,
with one line on stderr."""
import pytest

from app.main_window import MainWindow
from network import i18n

BAD = [("brushWidth", "nan"), ("brushWidth", "inf"), ("brushWidth", "1e308"), ("brushWidth", "1e9"),
       ("brushWidth", "abc"), ("geometry", "123"), ("geometry", "abc"), ("geometry", "@Size(3 4)"),
       ("dataCsv", "@Variant(garbage)"), ("lastFolder", "@Rect(1 2 3 4)"), ("language", "@Point(1 2)"), ("language", "xx"),
       ("lastWeights", "@Size(1 2)")]


@pytest.mark.parametrize("key, text", BAD)
def test_a_bad_setting_falls_back_to_its_default_and_says_so(qtbot, settings, capfd, key, text):
    path = settings.fileName()
    settings.sync()
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"[General]\n{key}={text}\n")
    settings.sync()
    from app import language

    language.start(settings)                                  # as the command does before the window
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.draw_tab.canvas.brush_width == (1.0 if key == "brushWidth" else w.draw_tab.canvas.brush_width)
    assert w.width() > 200 and w.height() > 200
    w.train_tab.data_panel.source()                          # reading the data settings does not fail
    w.dialogs._folder()
    err = capfd.readouterr().err
    lines = [line for line in err.splitlines() if path in line]        # (windows of other tests may speak too)
    assert len(lines) >= 1 and all(f"the setting {key}" in line for line in lines), err
    assert "Traceback" not in err
    i18n.set_language("en")


def test_good_settings_say_nothing(qtbot, settings, capfd):
    settings.setValue("brushWidth", 1.5)
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.draw_tab.canvas.brush_width == pytest.approx(1.5)
    assert "setting" not in capfd.readouterr().err


def test_a_pipe_named_as_the_last_weights_does_not_hang_the_start(qtbot, settings, tmp_path):
    """Nothing writes to the FIFO: reading it would wait for ever. The window opens with the bundled
    weights at once."""
    import os

    fifo = tmp_path / "weights.npz"
    os.mkfifo(fifo)
    settings.setValue("lastWeights", str(fifo))
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.active.path is None and w.active.network is not None       # the bundled weights


@pytest.mark.parametrize("recorded", [float("nan"), float("inf"), 7, True])
def test_a_recorded_accuracy_that_is_no_share_is_not_shown(qtbot, settings, tmp_path, recorded):
    """The status bar never says nan% or inf%: a file's test_accuracy that is not a share of 0..1
    reads as not recorded."""
    from network.model import Network
    from network.storage import weights

    path = tmp_path / "odd.npz"
    weights.save(Network.create(784, 8, 10, rng=0), path, test_accuracy=recorded)
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    assert w.open_weights(str(path))
    line = w.weights_line.text()
    assert "test accuracy not recorded" in line and "nan" not in line and "inf" not in line
