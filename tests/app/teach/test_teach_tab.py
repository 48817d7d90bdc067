"""Correct an answer, see the example kept, teach, use, undo; a damaged store says so and is kept aside."""
import re

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from strokes import SHAPES, draw, on_canvas

from app.main_window import MainWindow
from network.model import Network
from network.storage import weights
from network.teaching.personal import PersonalStore, default_path


@pytest.fixture
def window(qtbot, settings, tmp_path):
    small = tmp_path / "small.npz"       # a small network: teaching it takes a fraction of a second
    weights.save(Network.create(784, 32, 10, activation="relu", output="softmax", biases=True, rng=0), small)
    w = MainWindow(settings=settings, loaded=(*weights.load(small), small))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _draw(window, qtbot, digit):
    canvas = window.draw_tab.canvas
    canvas.clear()
    for stroke in SHAPES[digit]:
        draw(canvas, on_canvas(canvas, stroke))
    window.draw_tab.predictor.predict_now()


def _click(qtbot, window, name):
    button = window.findChild(QPushButton, name)
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _correct(window, qtbot, digits):
    """Draw each digit and press "It's a <digit>" for it."""
    for digit in digits:
        _draw(window, qtbot, digit)
        _click(qtbot, window, f"correctButton{digit}")


def _teach(window, qtbot):
    """Press Teach in the Teach tab and wait for the end; the result's text."""
    window.tabs.setCurrentWidget(window.teach_tab)
    with qtbot.waitSignal(window.teach_tab.teaching.ended, timeout=60_000):
        _click(qtbot, window, "teachButton")
    return window.findChild(QLabel, "teachResult").text()


def test_correct_teach_use_and_undo(window, qtbot):
    examples = window.findChild(object, "personalExamples")
    assert examples.model().rowCount() == 0
    for k in range(6):
        _draw(window, qtbot, (1, 7)[k % 2])
        _click(qtbot, window, f"correctButton{(1, 7)[k % 2]}")
    assert examples.model().rowCount() == 6
    assert "6 examples" in window.findChild(QLabel, "correctionSaved").text()
    assert [examples.model().index(i).data() for i in range(2)] == ["1", "7"]
    assert len(PersonalStore(default_path()).load()) == 6                 # kept on disk at once

    window.tabs.setCurrentWidget(window.teach_tab)
    in_use = window.active.network
    with qtbot.waitSignal(window.teach_tab.teaching.ended, timeout=60_000):
        _click(qtbot, window, "teachButton")
    result = window.findChild(QLabel, "teachResult").text()
    assert "Taught on 6 examples" in result and "fold" in result
    outcome = window.teach_tab.outcome
    said = re.search(r"read right: (\d) of 6 before, (\d) of 6 after", result)   # counts, not "100.00%"
    assert said and [int(k) / 6 for k in said.groups()] == [outcome.personal_before, outcome.personal_after]
    assert ("Still read wrong" in result) == (outcome.personal_after < 1) == bool(outcome.still_wrong)
    assert window.active.network is in_use                              # nothing changes until Use
    _click(qtbot, window, "useTaughtButton")
    taught = window.active.network
    assert taught is not in_use and window.active.metadata["taught"]["personal_examples"] == 6
    assert window.active.metadata["taught"]["started_from"] == "small.npz"
    assert "taught network" in window.weights_line.text()
    _click(qtbot, window, "undoTaughtButton")
    assert window.active.network is in_use
    assert not window.findChild(QPushButton, "undoTaughtButton").isEnabled()


def test_one_example_is_taught_and_said_in_the_singular(window, qtbot):
    _correct(window, qtbot, [7])
    result = _teach(window, qtbot)
    assert "Taught on 1 example: done in" in result and "at least two examples" in result
    right = window.teach_tab.outcome.personal_before == 1
    assert f"read your example {'right' if right else 'wrong'}" in result
    assert "fold" not in result                        # no k-fold was run: none is described


def test_the_examples_still_read_wrong_are_named_with_advice(window, qtbot):
    """Examples that contradict each other (the same 1 kept as a 1 and as a 7) cannot all be read
    right: the result names what is still read wrong, and which digits to draw more of."""
    for digit in (1, 7, 1, 7, 1, 7):
        _draw(window, qtbot, 1)
        _click(qtbot, window, f"correctButton{digit}")
    result = _teach(window, qtbot)
    wrong = window.teach_tab.outcome.still_wrong
    assert wrong and sum(c for _, _, c in wrong) == round((1 - window.teach_tab.outcome.personal_after) * 6)
    assert "Still read wrong after teaching: " in result
    for d, r, c in wrong:
        assert (f"one {d} as {r}" if c == 1 else f"{c} of your {d}s as {r}") in result
    digits = list(dict.fromkeys(d for d, _, _ in wrong))
    assert (f"More drawings of these {len(digits)} digits teach it best: {', '.join(map(str, digits))}."
            if len(digits) > 1 else f"More drawings of this digit teach it best: {digits[0]}.") in result
    # the list marks them: "7 → 1" under the picture, in red
    model = window.findChild(object, "personalExamples").model()
    read = window.teach_tab.outcome.read_after
    shown = [model.index(i).data() for i in range(6)]
    assert shown == [str(d) if d == r else f"{d} → {r}" for d, r in zip((1, 7, 1, 7, 1, 7), read)]
    red = [model.index(i).data(Qt.ItemDataRole.ForegroundRole) for i in range(6)]
    assert [c is not None for c in red] == [d != r for d, r in zip((1, 7, 1, 7, 1, 7), read)]
    tips = [model.index(i).data(Qt.ItemDataRole.ToolTipRole) for i in range(6) if "→" in shown[i]]
    assert tips and all("still read as" in tip for tip in tips)
    window.findChild(object, "personalExamples").setCurrentIndex(model.index(0))
    _click(qtbot, window, "deleteExampleButton")                 # the examples changed: the marks go
    assert all("→" not in model.index(i).data() for i in range(5))


def test_teaching_again_starts_from_the_network_first_taught(window, qtbot):
    """Teach, Use, Teach again: the second teaching starts from the original network, not the taught
    one (the examples are all kept), so the forgetting does not pile up: with the same examples and
    the same seed it makes the same network."""
    for k in range(4):
        _draw(window, qtbot, (1, 7)[k % 2])
        _click(qtbot, window, f"correctButton{(1, 7)[k % 2]}")
    window.tabs.setCurrentWidget(window.teach_tab)
    original = window.active.network
    outcomes = []
    for _ in range(2):
        with qtbot.waitSignal(window.teach_tab.teaching.ended, timeout=60_000):
            _click(qtbot, window, "teachButton")
        outcomes.append(window.teach_tab.outcome)
        _click(qtbot, window, "useTaughtButton")
        assert window.active.network is outcomes[-1].network
    first, second = (o.network for o in outcomes)
    assert not np.array_equal(first.w_ho, original.w_ho)
    np.testing.assert_array_equal(second.w_ho, first.w_ho)
    np.testing.assert_array_equal(second.b_o, first.b_o)
    assert outcomes[1].metadata["taught"]["started_from"] == "small.npz"
    _click(qtbot, window, "undoTaughtButton")                 # Undo goes back one Use: to the first taught
    assert window.active.network is first
    window.active.set(first.copy(), {})                       # a network from elsewhere: taught as it is
    with qtbot.waitSignal(window.teach_tab.teaching.ended, timeout=60_000):
        _click(qtbot, window, "teachButton")
    assert not np.array_equal(window.teach_tab.outcome.network.w_ho, first.w_ho)


def test_a_kept_drawing_leaves_the_canvas_clear_for_the_next(window, qtbot):
    """Kept, the drawing leaves the canvas: the next is drawn on a clear one (not over the kept
    one), and the same drawing cannot be kept twice."""
    canvas = window.draw_tab.canvas
    _correct(window, qtbot, [7])
    assert canvas.is_empty()
    assert "Kept as an example of 7 (your first)" in window.findChild(QLabel, "correctionSaved").text()
    window.draw_tab.predictor.predict_now()
    assert not any(window.findChild(QPushButton, f"correctButton{k}").isEnabled() for k in range(10))
    for stroke in SHAPES[1]:                        # drawn straight away, without pressing Clear
        draw(canvas, on_canvas(canvas, stroke))
    assert window.findChild(QLabel, "correctionSaved").text() == ""     # the next drawing has started
    window.draw_tab.predictor.predict_now()
    _click(qtbot, window, "correctButton1")
    _correct(window, qtbot, [1])                    # the same 1, on a canvas cleared by hand
    kept = PersonalStore(default_path()).load()
    assert kept.labels.tolist() == [7, 1, 1]
    np.testing.assert_array_equal(kept.images[1], kept.images[2])        # nothing of the 7 in it
    assert "(3 examples in all)" in window.findChild(QLabel, "correctionSaved").text()


def test_delete_relabel_and_a_digit_key(window, qtbot):
    _draw(window, qtbot, 7)
    window.draw_tab.canvas.setFocus()
    qtbot.keyClick(window.draw_tab.canvas, Qt.Key.Key_7)               # the digit keys work like the buttons
    _draw(window, qtbot, 1)
    _click(qtbot, window, "correctButton1")
    view = window.findChild(object, "personalExamples")
    assert [view.model().index(i).data() for i in range(2)] == ["7", "1"]
    window.tabs.setCurrentWidget(window.teach_tab)
    view.setCurrentIndex(view.model().index(0))
    window.findChild(object, "relabelCombo").setCurrentIndex(4)
    _click(qtbot, window, "relabelButton")
    assert PersonalStore(default_path()).load().labels.tolist() == [4, 1]
    view.setCurrentIndex(view.model().index(1))
    _click(qtbot, window, "deleteExampleButton")
    assert PersonalStore(default_path()).load().labels.tolist() == [4]


def test_a_damaged_store_is_kept_aside_and_said(qtbot, settings, tmp_path):
    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x03\x04 this is not a whole file")
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    message = w.findChild(QLabel, "teachMessage").text()
    assert "damaged" in message and "\n" not in message
    assert not path.exists() and [p.name for p in path.parent.glob("personal.npz.damaged-*")]
    assert w.findChild(object, "personalExamples").model().rowCount() == 0


def test_the_inside_tab_shows_what_teaching_changed(window, qtbot):
    view = window.findChild(object, "weightChangesView")
    canvas = window.findChild(object, "canvas")
    window.tabs.setCurrentWidget(window.inside_tab)            # the page is open, still empty
    window.inside_tab.details.setCurrentWidget(view)
    qtbot.wait(100)
    side, size, least = (canvas.width(), canvas.height()), window.size(), window.minimumSizeHint().width()
    for k in range(4):
        _draw(window, qtbot, (1, 7)[k % 2])
        _click(qtbot, window, f"correctButton{(1, 7)[k % 2]}")
    window.tabs.setCurrentWidget(window.teach_tab)
    with qtbot.waitSignal(window.teach_tab.teaching.ended, timeout=60_000):
        _click(qtbot, window, "teachButton")
    _click(qtbot, window, "useTaughtButton")
    window.tabs.setCurrentWidget(window.inside_tab)
    qtbot.wait(100)
    assert not view.votes.is_blank() and "Teaching changed" in view.text.text()
    assert (canvas.width(), canvas.height()) == side and window.size() == size     # its content squeezes nothing,
    assert window.minimumSizeHint().width() <= least         # in any font: it asks for no more room
    window.teach_tab.undo_button.click()              # the Teach tab is hidden now: click it directly
    assert view.votes.is_blank()


def test_with_mnist_the_result_says_how_it_does_there(window, qtbot, synthetic_mnist):
    from app.teach.jobs import Remembering
    from network.teaching import hidden_moment
    from network.teaching.teach import METHOD_MOMENT

    window.train_tab.data_panel.choose_folder(synthetic_mnist)
    _correct(window, qtbot, [7, 7, 7])
    said = []
    window.teach_tab.teaching.progress.connect(
        lambda event: said.append((window.teach_tab.message.text(), window.teach_tab.message.styleSheet()))
        if isinstance(event, Remembering) else None)
    assert hidden_moment.for_network(window.active.network) is None       # a network from elsewhere
    result = _teach(window, qtbot)
    assert "MNIST test set:" in result and "leave-one-out" in result
    # it was measured on MNIST first, said so while it was, and is held by that measure
    assert len(said) == 1 and "measuring its hidden layer on MNIST" in said[0][0]
    assert "color" not in said[0][1]                                       # a note, not in a problem's red
    assert "measuring" not in window.teach_tab.message.text()
    assert window.teach_tab.outcome.metadata["taught"]["method"] == METHOD_MOMENT
    assert len(window.teach_tab.outcome.network.votes) == 3             # its examples vote when it reads
    assert hidden_moment.for_network(window.active.network) is not None
    said.clear()
    _teach(window, qtbot)
    assert not said                                                        # once: it is kept


def test_importing_the_same_folder_again_adds_nothing_and_says_so(window, qtbot, tmp_path, monkeypatch):
    from PIL import Image

    folder = tmp_path / "mine"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for k in range(4):
        Image.fromarray((rng.random((28, 28)) * 255).astype(np.uint8)).save(folder / f"{k:05d}_{k}.png")
    tab = window.teach_tab
    monkeypatch.setattr(window.dialogs, "folder", lambda *args: str(folder))
    for added, skipped in ((4, 0), (0, 4)):
        with qtbot.waitSignal(tab.importing.ended, timeout=20_000):
            tab.import_folder()
        assert tab.result.text() == f"Imported {added} examples; {skipped} were already among yours and were skipped."
        assert tab.progress.value() == 1000 and tab.message.text() == ""
    assert len(PersonalStore(default_path()).load()) == 4


def test_teaching_names_its_stages_never_goes_back_and_says_the_time_waited(window, qtbot, synthetic_mnist):
    import time

    window.train_tab.data_panel.choose_folder(synthetic_mnist)
    _correct(window, qtbot, [1, 7, 1, 7, 1, 7])
    tab = window.teach_tab
    seen = []
    tab.teaching.progress.connect(lambda event: seen.append((tab.progress.value(), tab.progress.format())))
    start = time.perf_counter()
    result = _teach(window, qtbot)
    waited = time.perf_counter() - start
    values = [value for value, _ in seen] + [tab.progress.value()]
    assert values == sorted(values) and values[-1] == 1000                    # never backwards
    stages = [form for _, form in seen]
    assert {"Teaching %p%", "Checking your examples %p%", "MNIST test %p%"} <= set(stages), set(stages)
    assert stages.index("Teaching %p%") < stages.index("Checking your examples %p%") < stages.index("MNIST test %p%")
    assert tab.progress.format() == "Done %p%"
    shown = float(re.search(r"done in ([\d.]+) s", result).group(1))
    assert shown == pytest.approx(tab.outcome.waited, abs=0.06) and shown <= waited + 0.06
    assert tab.outcome.waited >= tab.outcome.seconds


def test_the_latest_news_stays_after_a_language_switch(window, qtbot, tmp_path, monkeypatch):
    """Teach, then export: after switching to Chinese the pane shows the export, in Chinese, not
    the older teaching result."""
    from app import language

    monkeypatch.setattr(language, "can_show", lambda code: True)  # as if a CJK font were installed
    _correct(window, qtbot, [1, 7])
    _teach(window, qtbot)
    monkeypatch.setattr(window.dialogs, "folder", lambda *args: str(tmp_path / "out"))
    window.teach_tab.export()
    assert window.teach_tab.result.text().startswith("Wrote 2 examples into ")
    window.choose_language("zh_CN")
    try:
        from network import i18n

        assert window.teach_tab.result.text() == i18n.tr("teach.exported", count=2, folder=str(tmp_path / "out"))
        assert "2" in window.teach_tab.result.text() and "Wrote" not in window.teach_tab.result.text()
    finally:
        window.choose_language("en")


def test_change_to_starts_from_the_selected_examples_digit(window, qtbot):
    _correct(window, qtbot, [7, 1])
    view = window.teach_tab.examples_view
    combo = view.relabel
    for row, digit in ((0, 7), (1, 1)):
        view.list.setCurrentIndex(view.model.index(row))
        assert combo.currentText() == str(digit)


def test_digits_asks_for_drawings_reads_each_before_teaching_it_and_stops_when_told(window, qtbot, monkeypatch):
    from PySide6.QtTest import QTest

    from network.teaching import asking

    monkeypatch.setattr(asking, "mnist_mean", lambda network: np.zeros(network.sizes[1], np.float32))
    window.tabs.setCurrentWidget(window.teach_tab)
    window.findChild(object, "askCount").setValue(12)                     # the count a person can set
    _click(qtbot, window, "askButton")
    assert window.tabs.currentWidget() is window.draw_tab                  # drawn where drawings are made
    request = window.findChild(QLabel, "askLabel")
    assert request.isVisible() and request.text().startswith("Draw a 0 (1 of 12), then press Enter: one drawing of each")
    for digit in (0, 1):
        _draw(window, qtbot, digit)
        QTest.keyClick(window.draw_tab.canvas, Qt.Key.Key_Return)           # "here is the digit you asked for"
        assert "before teaching" in request.text()                          # read first, then taught
        qtbot.waitUntil(lambda: request.text().startswith(f"Draw a {digit + 1} "), timeout=30_000)
        assert f"(Your last {digit} was read as " in request.text()
    assert window.findChild(object, "personalExamples").model().rowCount() == 2
    session = window.teach_tab._session
    assert len(session.network.votes) == 2                                  # the next drawing meets both
    window.tabs.setCurrentWidget(window.teach_tab)
    with qtbot.waitSignal(window.teach_tab.teaching.ended, timeout=60_000):
        _click(qtbot, window, "askButton")                                   # Stop asking: keep what was taught
    assert not request.isVisible() and window.teach_tab.outcome.examples == 2
    assert window.findChild(QPushButton, "useTaughtButton").isEnabled()
