"""The window's language: Qt's own translation, a font that can show it, and retranslating widgets.

Our texts come from network.i18n (``tr``); Qt's own (standard buttons, file
dialogs) from the ``qtbase`` translation PySide6 ships. ``apply(code)`` sets
both; every widget built from ``Retranslatable`` then gets Qt's
LanguageChange event and sets its texts again in ``retranslate()``.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from network import i18n

_qt_translator = None


class Retranslatable:
    """Mixin (put it before the Qt class) for a widget whose texts come from the catalogues.

    ``retranslate()`` sets every text the widget shows, from its current
    state; call it at the end of ``__init__``. It runs again whenever the
    language changes.
    """

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self):
        raise NotImplementedError


def can_show(code):
    """Whether an installed font can show the language (Chinese needs a CJK font)."""
    if code != "zh_CN":
        return True
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def apply(code):
    """Use language ``code`` for our texts and Qt's, and retranslate every widget now."""
    global _qt_translator
    previous = i18n.language()
    i18n.set_language(code)
    app = QCoreApplication.instance()
    changed = False
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator, changed = None, True
    if code != "en":
        translator = QTranslator(app)
        if translator.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _qt_translator, changed = translator, True
    if not changed and previous != i18n.language():
        for widget in QApplication.allWidgets():     # what installing a translator would have done
            QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
