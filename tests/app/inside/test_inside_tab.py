"""The Inside tab, driven as a user would: draw, click a neuron, step through, apply, revert."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTabWidget
from strokes import SHAPES, draw, on_canvas

from network.explain import inside


@pytest.fixture
def window(shown_window):
    shown_window.tabs.setCurrentWidget(shown_window.findChild(object, "insideView"))
    return shown_window


def _draw(window, qtbot, digit):
    canvas = window.findChild(object, "canvas")
    assert canvas.isVisible()                          # the canvas came along to the Inside tab
    for stroke in SHAPES[digit]:
        draw(canvas, on_canvas(canvas, stroke))
    outputs = window.findChild(object, "outputBars")
    qtbot.waitUntil(lambda: window.findChild(object, "hiddenGrid").neuron_at(0, 0) is not None, timeout=3000)
    return outputs


def _details(window):
    return window.findChild(QTabWidget, "insideDetails")


def test_drawing_shows_every_step_of_the_way(window, qtbot):
    steps = window.findChild(object, "preprocessSteps")
    assert all(view.is_blank() for view in steps.views)
    _draw(window, qtbot, 7)
    assert not any(view.is_blank() for view in steps.views)
    grid = window.findChild(object, "hiddenGrid")
    net = window.active.network
    first = grid.neuron_at(0, 0)
    x = window.draw_tab.predictor.predict_now().inputs
    trace = inside.trace(net, x)
    pushes = inside.push(net, trace, 7)
    assert first == int(np.argmax(pushes))               # the neuron that helped most comes first
    assert "7" in grid.caption.text()


def _click_neuron(window, qtbot, row, col):
    """Draw a 7 and click the hidden grid's cell (row, col): (its neuron, the card)."""
    _draw(window, qtbot, 7)
    grid = window.findChild(object, "hiddenGrid")
    neuron = grid.neuron_at(row, col)
    qtbot.mouseClick(grid.view, Qt.MouseButton.LeftButton, pos=grid.view.cell_centre(row, col))
    return neuron, window.findChild(object, "neuronCard")


def test_clicking_a_neuron_opens_its_card_with_the_real_numbers(window, qtbot):
    neuron, card = _click_neuron(window, qtbot, 0, 3)
    assert _details(window).currentWidget() is card
    assert card.title.text().endswith(str(neuron))
    x = window.draw_tab.predictor.predict_now().inputs
    z = float(window.active.network.w_ih[neuron] @ x + window.active.network.b_h[neuron])
    assert f"{z:.2f}" in card.formula.text()
    w_out = window.active.network.w_ho[:, neuron]
    push = w_out * max(z, 0.0)                           # relu: the neuron's output times each weight
    assert [card.outgoing.text(0, k) for k in range(10)] == [f"{w:.2f}" for w in w_out]
    assert [card.outgoing.text(1, k) for k in range(10)] == [f"{p:.2f}" for p in push]
    assert not card.weights_view.is_blank() and not card.contribution_view.is_blank()


def test_evidence_says_what_it_compares(window, qtbot):
    _draw(window, qtbot, 7)
    _details(window).setCurrentWidget(window.findChild(object, "evidenceView"))
    view = window.findChild(object, "evidenceView")
    qtbot.waitUntil(lambda: not view.view.is_blank(), timeout=2000)
    other = window.findChild(QComboBox, "evidenceOtherCombo").currentIndex()
    assert other != 7 and f"Why 7 and not {other}?" in view.explanation.text()


def test_step_through_apply_and_revert(window, qtbot):
    _draw(window, qtbot, 7)
    _details(window).setCurrentWidget(window.findChild(object, "trainingStepView"))
    combo = window.findChild(QComboBox, "stepLabelCombo")
    assert combo.currentText() == "7"                    # at first: the network's own answer
    combo.activated.emit(1)                              # "it is a 1", as if chosen by the user
    next_button = window.findChild(QPushButton, "stepNextButton")
    back_button = window.findChild(QPushButton, "stepBackButton")
    view = window.findChild(object, "trainingStepView")
    for page in range(1, 4):
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        assert view.page() == page
    assert not next_button.isEnabled()
    qtbot.mouseClick(back_button, Qt.MouseButton.LeftButton)
    assert view.page() == 2 and "Hidden errors" in view.texts[2].text()

    predictor = window.draw_tab.predictor
    before = predictor.predict_now().probabilities.copy()
    weights = [p.copy() for p in window.active.network.parameters()]
    qtbot.mouseClick(window.findChild(QPushButton, "stepApplyButton"), Qt.MouseButton.LeftButton)
    after = predictor.predict_now().probabilities
    assert after[1] > before[1]                          # trained towards 1: more of a 1 now
    assert "changed by 1 training step" in window.weights_line.text()
    result = window.findChild(QLabel, "stepResult")
    qtbot.waitUntil(lambda: "After the step" in result.text(), timeout=2000)
    revert = window.findChild(QPushButton, "stepRevertButton")
    assert revert.isEnabled()
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)
    assert np.array_equal(predictor.predict_now().probabilities, before)
    for p, q in zip(window.active.network.parameters(), weights):
        assert np.array_equal(p, q)
    assert not revert.isEnabled()


def test_the_canvas_goes_back_to_the_draw_tab(window, qtbot):
    _draw(window, qtbot, 1)
    window.tabs.setCurrentWidget(window.draw_tab)
    canvas = window.findChild(object, "canvas")
    assert canvas.isVisible() and window.draw_tab.isAncestorOf(canvas)
    qtbot.waitUntil(lambda: window.findChild(QLabel, "predictionLabel").text() == "1", timeout=2000)


def test_the_network_imagines_each_digit_in_a_worker(window, qtbot):
    _draw(window, qtbot, 0)
    strip = window.findChild(object, "imaginedStrip")
    _details(window).setCurrentWidget(strip)
    qtbot.waitUntil(lambda: not any(view.is_blank() for view in strip.views), timeout=60_000)
    read = [caption.text() for caption in strip.captions]
    assert sum(f"read as {k}<br>" in text for k, text in enumerate(read)) == 10, read
    qtbot.waitUntil(lambda: not window.inside_tab.imagining.is_running(), timeout=5000)  # the worker ends (its
    # result arrives a moment before its thread has finished)
    method = window.findChild(QComboBox, "imagineMethodCombo")
    method.activated.emit(1)                 # the back query: the bundled network is not sigmoid
    qtbot.waitUntil(lambda: "sigmoid" in strip.note.text(), timeout=5000)
    assert all(view.is_blank() for view in strip.views)


def test_the_card_shows_the_outgoing_weights_after_a_step_changed_them(window, qtbot):
    neuron, card = _click_neuron(window, qtbot, 0, 0)
    before = [card.outgoing.text(0, k) for k in range(10)]
    _details(window).setCurrentWidget(window.findChild(object, "trainingStepView"))
    window.findChild(QComboBox, "stepLabelCombo").activated.emit(1)
    rate = window.findChild(object, "trainingStepView").rate
    rate.setValue(rate.maximum())                        # a big step, so that two decimals show it
    rate.editingFinished.emit()
    qtbot.mouseClick(window.findChild(QPushButton, "stepApplyButton"), Qt.MouseButton.LeftButton)
    _details(window).setCurrentWidget(card)
    w_out = window.active.network.w_ho[:, neuron]
    qtbot.waitUntil(lambda: [card.outgoing.text(0, k) for k in range(10)] == [f"{w:.2f}" for w in w_out],
                    timeout=2000)
    assert card.title.text().endswith(str(neuron))
    assert [card.outgoing.text(0, k) for k in range(10)] != before


def _all_step_texts(window, qtbot, view):
    next_button = window.findChild(QPushButton, "stepNextButton")
    back_button = window.findChild(QPushButton, "stepBackButton")
    while back_button.isEnabled():
        qtbot.mouseClick(back_button, Qt.MouseButton.LeftButton)
    texts = [view.texts[0].text()]
    while next_button.isEnabled():
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        texts.append(view.texts[view.page()].text())
    return texts + [window.findChild(QLabel, "stepResult").text()]


def test_a_step_towards_the_answer_it_gives_reads_well(window, qtbot):
    """The chosen digit is the network's own answer: the changes are tiny. No "-0.000", no doubled
    brackets, no "0.000000%"; the tiny change is said in words."""
    import re

    _draw(window, qtbot, 7)
    _details(window).setCurrentWidget(window.findChild(object, "trainingStepView"))
    view = window.findChild(object, "trainingStepView")
    assert window.findChild(QComboBox, "stepLabelCombo").currentText() == "7"
    qtbot.mouseClick(window.findChild(QPushButton, "stepApplyButton"), Qt.MouseButton.LeftButton)
    texts = _all_step_texts(window, qtbot, view)
    print("\n---\n".join(texts))
    for text in texts:
        assert not re.search(r"-0([.,]0*)?(?![.,\d])", text), text          # "-0", "-0.000"
        assert "((" not in text and "))" not in text and "0.000000%" not in text, text
    assert "barely" in texts[-1]


def test_apply_then_revert_shows_the_very_numbers_shown_before_and_apply_stays_in_place(window, qtbot):
    """The step, the numbers shown and the prediction all use one picture: after Revert the scores
    shown are those shown before Apply, to the last bit; and Apply does not move when texts change,
    so a second click in place hits it."""
    _draw(window, qtbot, 7)
    _details(window).setCurrentWidget(window.findChild(object, "trainingStepView"))
    bars = window.findChild(object, "outputBars")
    qtbot.wait(50)
    shown_before = bars._scores.copy()
    window.findChild(QComboBox, "stepLabelCombo").activated.emit(1)
    apply_button = window.findChild(QPushButton, "stepApplyButton")
    place = apply_button.mapTo(window, apply_button.rect().center())
    qtbot.mouseClick(apply_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert not np.array_equal(bars._scores, shown_before)
    assert apply_button.mapTo(window, apply_button.rect().center()) == place
    qtbot.mouseClick(window.findChild(QPushButton, "stepRevertButton"), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert np.array_equal(bars._scores, shown_before)
    x = window.draw_tab.predictor.predict_now().inputs          # the scores shown are the reading's
    assert np.allclose(bars._scores, inside.trace(window.active.network, x).z_o)


def test_a_drawing_made_on_the_draw_tab_reads_the_same_after_apply_and_revert(shown_window, qtbot):
    """Drawn on the Draw tab, then looked at inside: the canvas changes tab (and size), but the
    picture read is the one drawn, before and after a step and its Revert."""
    window = shown_window
    canvas = window.findChild(object, "canvas")
    for stroke in SHAPES[7]:
        draw(canvas, on_canvas(canvas, stroke))
    qtbot.wait(50)
    on_draw_tab = window.draw_tab.predictor.predict_now().inputs.copy()
    window.tabs.setCurrentWidget(window.findChild(object, "insideView"))
    qtbot.waitUntil(lambda: window.findChild(object, "hiddenGrid").neuron_at(0, 0) is not None, timeout=3000)
    _details(window).setCurrentWidget(window.findChild(object, "trainingStepView"))
    qtbot.wait(50)
    bars = window.findChild(object, "outputBars")
    shown_before = bars._scores.copy()
    assert np.array_equal(window.draw_tab.predictor.predict_now().inputs, on_draw_tab)
    window.findChild(QComboBox, "stepLabelCombo").activated.emit(1)
    qtbot.mouseClick(window.findChild(QPushButton, "stepApplyButton"), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    qtbot.mouseClick(window.findChild(QPushButton, "stepRevertButton"), Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert np.array_equal(bars._scores, shown_before)


def test_what_the_network_sees_is_white_ink_on_black_everywhere(window, qtbot):
    """One convention for the network's picture: on the Draw tab's preview and in the Inside tab's
    steps, the strongest input is white and the corner (paper) black; the views say so."""
    from app.widgets.image_adapter import qimage_to_array

    _draw(window, qtbot, 7)
    inputs = window.draw_tab.predictor.predict_now().inputs.reshape(28, 28)
    row, col = np.unravel_index(np.argmax(inputs), inputs.shape)
    steps = window.findChild(object, "preprocessSteps")
    shown = qimage_to_array(steps.views[4]._image.convertToFormat(steps.views[4]._image.Format.Format_Grayscale8))
    preview = qimage_to_array(window.findChild(object, "inputPreview")._image)
    for picture in (shown, preview):
        assert picture[row, col] > 200 and picture[0, 0] < 50
    assert "white = ink" in window.inside_tab.steps_title.text()
    assert "white = ink" in window.findChild(QLabel, "previewCaption").text()


def test_the_votes_line_names_the_examples_that_vote():
    from app.inside.tab import votes_text

    said = (inside.Vote(2, 7, 0.93, 8.6), inside.Vote(5, 1, 0.61, 2.2))
    assert votes_text(said) == ("Your examples vote (the taught network carries them): your example #2, a 7, looks "
                                "like this drawing (cosine 0.93): +8.60 to 7; your example #5, a 1, looks like this "
                                "drawing (cosine 0.61): +2.20 to 1.")
    assert votes_text(None) == "" and "none looks like it" in votes_text(())
    theirs = votes_text(said, inside.VoteFloor(3.14, 2.5, 0.25)).splitlines()
    assert theirs[0] == votes_text(said) and theirs[1] == (
        "This drawing looks like your own: it lies 3.1 of MNIST's spreads along the way your examples differ from "
        "MNIST (over 2.5), so an example votes from cosine 0.25.")
    assert "votes only from cosine 0.50" in votes_text((), inside.VoteFloor(0.4, 2.5, 0.5))
