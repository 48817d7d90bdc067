"""The window's language: Qt's own translation, a font that can show it, and showing widgets' texts.

Our texts come from network.i18n (``tr``); Qt's own (standard buttons, file
dialogs) from the ``qtbase`` translation PySide6 ships. ``apply(code)`` sets
both; every widget built from ``Retranslatable`` then gets Qt's
LanguageChange event and sets its texts again in ``show_texts()``.

How a widget does it (the tests check every widget of the window in both
languages, and after a change of language at run time):

    class DrawTab(Retranslatable, QWidget):
        def __init__(self):
            ...
            self.clear_button = QPushButton(objectName="clearButton")
            self.show_texts()                     # last line of __init__

        def show_texts(self):                     # every text the widget shows
            set_text(self.clear_button, "draw.clear", "draw.clear.tip")    # text and tooltip

A text that shows state ("Epoch 3 of 14 · loss 0.1234") keeps what it is
built from: a ``network.i18n.Text`` (id and values), or the state itself,
and ``show_texts()`` renders it again: after the state changes, and after the
language changes. One method for both, so a text can never be shown in one
way when it changes and another way when the language does.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from network import i18n
from network.i18n import Text, tr

from . import saved_settings

SETTING = "language"
"""The QSettings key of the language chosen in the menu."""

_qt_translators = []


class Retranslatable:
    """Mixin (put it before the Qt class) for a widget whose texts come from the catalogues.

    ``show_texts()`` sets every text the widget shows, from its current
    state; call it at the end of ``__init__``. It runs again whenever the
    language changes.
    """

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.show_texts()
        super().changeEvent(event)

    def show_texts(self):
        raise NotImplementedError


def set_text(widget, text, tip=None):
    """widget.setText(tr(text)) and, with ``tip``, widget.setToolTip(tr(tip)): the ids of a
    button's or label's text and tooltip, for ``show_texts()``."""
    widget.setText(tr(text))
    if tip is not None:
        widget.setToolTip(tr(tip))


def can_show(code):
    """Whether an installed font can show the language (Chinese needs a CJK font)."""
    if code != "zh_CN":
        return True
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def no_font(code):
    """The one sentence that says why ``code`` cannot be shown, and what to install (a Text)."""
    return Text("language.no_font", language=i18n.LANGUAGES[code])


class QtGaps(QTranslator):
    """The few words of Qt's own dialogs that Qt's translation lacks (the file dialog's "Look in:"
    and "Files of type:"), from our catalogue; everything else is left to Qt's."""

    WORDS = {("QFileDialog", "&Look in:"): "qt.file_dialog.look_in",
             ("QFileDialog", "Files of &type:"): "qt.file_dialog.type"}

    def translate(self, context, source, disambiguation=None, n=-1):
        key = self.WORDS.get((context, source))
        return i18n.tr(key) if key is not None else None     # None: a null string, "not mine"

    def isEmpty(self):
        return False


def apply(code):
    """Use language ``code`` for our texts and Qt's, and show every widget's texts again now."""
    global _qt_translators
    code = i18n.set_language(code)
    app = QCoreApplication.instance()
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators = []
    if code != i18n.DEFAULT:
        translator = QTranslator(app)
        if translator.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _qt_translators.append(translator)
        gaps = QtGaps(app)
        app.installTranslator(gaps)         # searched first: only its few words
        _qt_translators.append(gaps)
    # (un)installing a translator posts LanguageChange to every window, to arrive later: send it
    # now instead (a widget passes it on to its children), so every text has changed on return
    QCoreApplication.removePostedEvents(None, QEvent.Type.LanguageChange)
    for widget in QApplication.topLevelWidgets():
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


def start(settings, asked=None):
    """Choose and apply the language when the window opens: ``asked`` (the command line's
    --lang), else the one chosen last time (``settings`` key ``language``), else the
    environment's. A language no installed font can show falls back to English: then the
    sentence that says so (a Text) is returned, else None."""
    code = i18n.language_from_environment()
    saved = saved_settings.value(settings, SETTING, "", str)
    for candidate in (saved, asked):
        try:
            code = i18n.normalise(candidate) if candidate else code
        except ValueError:      # a setting from a later version, or edited: the environment's then,
            if candidate is saved:                                      # and said in one line
                saved_settings.say_unusable(settings, SETTING, code)
    notice = None
    if not can_show(code):
        code, notice = i18n.DEFAULT, no_font(code)
    apply(code)
    return notice
