"""The compiled Qt resources: icons and translations (``resources/`` in the source tree).

``setup.py`` compiles ``resources/resources.qrc`` into ``ui/_resources_rc.py`` at build
and install time (the module is not in git). Importing it registers ``:/icons/…`` and
``:/translations/…``. A checkout that was never built has no icons and no translations:
the window still works, in English, with text-only buttons.
"""

from __future__ import annotations

import importlib
from enum import StrEnum
from functools import cache

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QIcon

from ui import APP_ID


class Icon(StrEnum):
    """Every icon the window uses (resources/icons/<value>.svg)."""

    APP = APP_ID
    CHECK = "check"
    IMPORT = "import"
    EXPORT = "export"
    ROSTER = "roster"
    ASSIGN = "assign"
    MOVE = "move"
    UNDO = "undo"
    REDO = "redo"
    OPEN = "open"
    BACKUP = "backup"
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@cache
def loaded() -> bool:
    """Register the compiled resources (once); False when the module was never built."""
    try:
        importlib.import_module("ui._resources_rc")
    except ImportError:
        return False
    return True


def icon(name: Icon) -> QIcon:
    """The icon ``name`` (an empty icon when the resources were never built)."""
    return QIcon(f":/icons/{name.value}.svg") if loaded() else QIcon()


def install_translations(app: QCoreApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Install the translation for ``locale`` (default: the system's) over the English
    source texts; English itself has a catalogue too, for its plural forms. Returns the
    translators installed (they must outlive the application's use of them)."""
    installed: list[QTranslator] = []
    if not loaded():
        return installed
    wanted = locale or QLocale.system()
    for candidate in (QLocale(QLocale.Language.English), wanted):
        translator = QTranslator(app)
        if translator.load(candidate, APP_ID, "_", ":/translations") and app.installTranslator(
            translator
        ):
            installed.append(translator)
        if candidate.language() == wanted.language():
            break
    return installed
