"""The window in Chinese and English: every text a person reads, at start and after a change at run time.

A word is a run of two or more Latin letters. A Chinese window may still
show: the product's name "Digits", names of formats, libraries, keys and
functions (MNIST, CSV, PNG, numpy, Esc, relu, sigmoid, ...), file names,
paths, URLs, option names and environment variables, values a person types
(presets, optimizers, language codes), each language's name in its own
language in View → Language ("English"), and the names of people and of the
book in the About box (tests/helpers.py: english_words). An English window
shows no Chinese character except "简体中文" in that menu. The plots'
right-click menu is ours (pyqtgraph's is switched off), so it is checked too.
"""
import pytest
from helpers import cjk, english_words
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from strokes import SHAPES, draw, on_canvas
from texts import window_texts

from app import language
from app.main_window import MainWindow
from network import i18n

NAMES = {"English", "简体中文"}
ABOUT = {"Tariq", "Rashid", "Make", "Your", "Own", "Neural", "Network", "Yann", "LeCun", "Corinna", "Cortes",
         "Christopher", "Burges", "CC", "BY", "SA"}     # the book and its authors


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    if i18n.language() != "en":
        # only then: this runs after the test's windows were closed, and walking the top-level
        # widgets while they are torn down crashed Python 3.10 once in CI (a segmentation fault)
        language.apply("en")


def assert_chinese(texts, allowed=()):
    english = [(where, text, english_words(text, NAMES | set(allowed))) for where, text in texts]
    assert not [e for e in english if e[2]], "English left in the Chinese window:\n" + "\n".join(
        f"{where}: {text!r} {words}" for where, text, words in english if words)


def assert_english(texts):
    chinese = [(where, text) for where, text in texts if cjk(text) and text not in NAMES]
    assert not chinese, "Chinese left in the English window:\n" + "\n".join(map(repr, chinese))


def _window(qtbot, settings):
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.prepared, timeout=5000):     # the plots are built
        w.show()
    return w


def _draw_seven(window):
    canvas = window.draw_tab.canvas
    for stroke in SHAPES[7]:
        draw(canvas, on_canvas(canvas, stroke))
    return window.draw_tab.predictor.predict_now()


def test_the_window_built_in_chinese_shows_no_english(qtbot, settings, tmp_path, monkeypatch):
    language.apply("zh_CN")
    w = _window(qtbot, settings)
    texts = window_texts(w)
    assert len(texts) > 80 and sum(bool(cjk(t)) for _, t in texts) > 60
    assert_chinese(texts)
    assert w.tabs.tabText(w.tabs.indexOf(w.train_tab)) == "训练" and w.findChild(QPushButton, "trainButton").text() == "训练"

    (tmp_path / "notes.png").write_text("hello")                  # an error box, with Qt's own button
    assert not w.open_image(str(tmp_path / "notes.png"))
    box = w.findChild(QMessageBox, "errorDialog")
    assert_chinese([("errorDialog.title", box.windowTitle()), ("errorDialog.text", box.text())]
                   + [("errorDialog.button", b.text()) for b in box.buttons()])
    assert cjk(box.text()) and cjk(box.buttons()[0].text())
    box.close()

    shown = []                                                       # the About box, a question, file dialogs
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: shown.append(a[1:2] + a[3:4]) or ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: shown.append(a[1:2] + a[3:4]) or ("", ""))
    w.about()
    w.open_weights()
    w.save_weights()
    w.open_image()
    w.export_drawing()
    assert len(shown) == 5
    assert_chinese([("dialog", text) for pair in shown for text in pair], ABOUT)
    assert QCoreApplication.translate("QFileDialog", "Open") != "Open"     # Qt's own dialogs speak Chinese


def test_state_texts_follow_a_change_of_language(qtbot, settings, tmp_path):
    """Built in English, with a prediction shown, a problem on the Train tab and a status message;
    then Chinese, then English again: nothing of the other language is left."""
    settings.setValue("dataFolder", str(tmp_path / "nowhere"))
    w = _window(qtbot, settings)
    assert _draw_seven(w).digit == 7
    w.tabs.setCurrentWidget(w.train_tab)
    qtbot.mouseClick(w.findChild(QPushButton, "trainButton"), Qt.MouseButton.LeftButton)
    assert "no MNIST" in w.train_tab.controls.message.text()
    assert w.save_weights(str(tmp_path / "copy.npz"))
    assert "Saved the weights" in w.statusBar().currentMessage()
    before = dict(window_texts(w))
    assert_english(before.items())

    language.apply("zh_CN")
    after = window_texts(w)
    assert_chinese(after)
    assert "的把握" in w.findChild(object, "confidenceLabel").text()
    assert "MNIST" in w.train_tab.controls.message.text() and cjk(w.train_tab.controls.message.text())
    assert cjk(w.statusBar().currentMessage()) and "copy.npz" in w.statusBar().currentMessage()

    language.apply("en")
    assert dict(window_texts(w)) == before                  # the same English texts as before, every one


def test_a_run_in_chinese_shows_its_results_in_chinese_then_in_english(qtbot, settings, synthetic_mnist):
    language.apply("zh_CN")
    settings.setValue("dataFolder", str(synthetic_mnist))
    w = _window(qtbot, settings)
    w.tabs.setCurrentWidget(w.train_tab)
    w.findChild(object, "hiddenSpin").setValue(16)
    w.findChild(object, "epochsSpin").setValue(2)
    w.train_tab.form.augment.setChecked(False)
    with qtbot.waitSignal(w.train_tab.trainingFinished, timeout=60_000):
        qtbot.mouseClick(w.findChild(QPushButton, "trainButton"), Qt.MouseButton.LeftButton)
    w.train_tab.plots.redraw()
    w.train_tab.results.show_cell(3, 3)                   # a cell of the confusion matrix: its digits
    texts = window_texts(w)
    where = {place.split(".")[0].split("[")[0] for place, _ in texts}
    assert {"PlotWidget:lossPlot", "PlotWidget:accuracyPlot", "ConfusionMatrix:confusionMatrix",
            "DigitGrid:misclassifiedGrid"} <= where
    assert_chinese(texts)
    assert "测试集准确率" in w.findChild(object, "accuracyLabel").text()
    assert "完成" in w.findChild(object, "epochLabel").text()

    language.apply("en")
    assert_english(window_texts(w))
    assert w.findChild(object, "accuracyLabel").text().startswith("Test accuracy: ")
    qtbot.mouseClick(w.findChild(QPushButton, "useNetworkButton"), Qt.MouseButton.LeftButton)
    assert "trained network" in w.weights_line.text()
    language.apply("zh_CN")
    assert "训练好的网络" in w.weights_line.text()


def test_the_language_menu_switches_at_once_and_is_remembered(qtbot, settings, monkeypatch):
    monkeypatch.setattr(language, "can_show", lambda code: True)
    w = _window(qtbot, settings)
    actions = {a.data(): a for a in w.language_actions.actions()}
    assert [a.text() for a in actions.values()] == ["English", "简体中文"]
    assert actions["en"].isChecked() and not actions["zh_CN"].isChecked()
    actions["zh_CN"].trigger()
    assert i18n.language() == "zh_CN" and w.tabs.tabText(0) == "手写" and w.language_menu.title() == "语言(&L)"
    assert actions["zh_CN"].isChecked() and settings.value("language") == "zh_CN"
    actions["en"].trigger()
    assert w.tabs.tabText(0) == "Draw" and settings.value("language") == "en"


def test_without_a_font_for_chinese_the_menu_says_so_and_stays_english(qtbot, settings, monkeypatch):
    monkeypatch.setattr(language, "can_show", lambda code: code != "zh_CN")
    w = _window(qtbot, settings)
    zh = [a for a in w.language_actions.actions() if a.data() == "zh_CN"][0]
    zh.trigger()
    assert i18n.language() == "en" and not zh.isChecked() and w.tabs.tabText(0) == "Draw"
    message = w.statusBar().currentMessage()
    assert message.startswith("No installed font can show Chinese") and "fonts-noto-cjk" in message
    assert settings.value("language") is None


@pytest.mark.parametrize("stored,asked,environment,font,expected", [
    (None, None, "zh_CN.UTF-8", True, "zh_CN"),        # the environment's
    ("en", None, "zh_CN.UTF-8", True, "en"),           # the one chosen in the menu wins
    ("en", "zh_CN", "C", True, "zh_CN"),               # --lang wins over both
    ("fr", None, "zh_CN.UTF-8", True, "zh_CN"),        # a setting it does not know: the environment's
    (None, None, "zh_CN.UTF-8", False, "en"),          # no font for Chinese: English, and it says so
])
def test_the_language_at_start(settings, monkeypatch, stored, asked, environment, font, expected):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", environment)
    monkeypatch.setattr(language, "can_show", lambda code: font or code != "zh_CN")
    monkeypatch.setattr(i18n, "_current", None)
    if stored:
        settings.setValue("language", stored)
    notice = language.start(settings, asked)
    assert i18n.language() == expected
    assert (notice is not None) == (not font)
    if notice is not None:
        assert str(notice) == ("No installed font can show Chinese, so Digits is in English; install a CJK "
                               "font (Debian/Ubuntu: fonts-noto-cjk) to use 简体中文.")


def test_the_window_started_in_chinese_says_why_it_is_english_without_a_font(tmp_path):
    """`digits --lang zh_CN` (here: python -m app): Chinese if a font can show it, else English and one line."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DIGITS_QUIT_WHEN_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "app", "--lang", "zh_CN"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    said = "No installed font can show Chinese" in done.stderr
    assert said != language.can_show("zh_CN")
    QApplication.processEvents()


def test_revert_and_undo_have_different_words_in_chinese():
    i18n.set_language("zh_CN")
    try:
        assert i18n.tr("inside.step.revert") != i18n.tr("teach.undo")
    finally:
        i18n.set_language("en")


def test_the_weights_line_stays_through_status_tips_and_a_change_of_language(qtbot, settings, monkeypatch):
    from PySide6.QtGui import QStatusTipEvent

    monkeypatch.setattr(language, "can_show", lambda code: True)
    w = _window(qtbot, settings)
    line = w.weights_line.text()
    assert "bundled weights" in line and "99.36%" in line
    QApplication.sendEvent(w, QStatusTipEvent("Open a picture file"))      # hovering a menu entry
    assert w.statusBar().currentMessage() == "Open a picture file" and w.weights_line.text() == line
    QApplication.sendEvent(w, QStatusTipEvent(""))                          # leaving it
    assert w.weights_line.isVisible() and w.weights_line.text() == line
    w.choose_language("zh_CN")
    assert cjk(w.weights_line.text()) and "99.36%" in w.weights_line.text()
    w.choose_language("en")
    assert w.weights_line.text() == line


def test_qt_file_dialogs_are_chinese_in_chinese(qtbot):
    """Qt's own translation lacks the file dialog's "Look in:" and "Files of type:": Digits fills
    them in, and leaves every other word to Qt's."""
    from PySide6.QtWidgets import QLabel

    def texts():
        dialog = QFileDialog(None, "t")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        qtbot.addWidget(dialog)
        return [label.text() for label in dialog.findChildren(QLabel)] + \
            [button.text() for button in dialog.findChildren(QPushButton)]

    language.apply("zh_CN")
    try:
        chinese = texts()
    finally:
        language.apply("en")
    assert chinese and all(cjk(text) and not english_words(text) for text in chinese), chinese
    assert any(text.startswith("查找范围") for text in chinese) and any(text.startswith("文件类型") for text in chinese)
    assert any("Look in:" in text for text in texts())


def test_the_not_a_digit_line_follows_a_language_switch(qtbot, settings, monkeypatch):
    """The Inside tab's "not a digit" line for a drawing shown before the switch is said again in the
    new language."""
    monkeypatch.setattr(language, "can_show", lambda code: True)  # as if a CJK font were installed
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.inside_tab)
    canvas = w.findChild(object, "canvas")
    for stroke in SHAPES[7]:
        draw(canvas, on_canvas(canvas, stroke))
    qtbot.waitUntil(lambda: w.inside_tab.doubt.text() != "", timeout=3000)
    english = w.inside_tab.doubt.text()
    w.choose_language("zh_CN")
    try:
        chinese = w.inside_tab.doubt.text()
        assert chinese != english and cjk(chinese) and not english_words(chinese), chinese
    finally:
        w.choose_language("en")
