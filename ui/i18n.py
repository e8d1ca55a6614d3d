"""Translation helpers.

``QT_TRANSLATE_NOOP(context, text)`` marks ``text`` for ``pyside6-lupdate`` (which looks
for the name) and returns it unchanged, typed as ``str`` (PySide6's own returns object);
whoever shows the text translates it with ``QCoreApplication.translate(context, text)``.

``plurals`` holds the texts that count something ("%n error(s)"). They are here, in one
QObject, because pyside6-lupdate records a plural form only for ``self.tr(text, "", n)``,
not for ``QCoreApplication.translate``. English plurals come from the English catalogue
(resources/translations/rotation-planner_en.ts), as Qt does it.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QObject


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


class Plurals(QObject):
    def errors(self, n: int) -> str:
        return self.tr("%n error(s)", "", n)

    def warnings(self, n: int) -> str:
        return self.tr("%n warning(s)", "", n)

    def notes(self, n: int) -> str:
        return self.tr("%n note(s)", "", n)

    def more_not_listed(self, n: int) -> str:
        return self.tr("… and %n more not listed", "", n)


@cache
def plurals() -> Plurals:
    return Plurals()
