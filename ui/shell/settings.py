"""What the window remembers between runs (QSettings): geometry, dock layout, the current
tab and the recent plans.

Always an INI file in the user scope, so that tests can point every QSettings at a
temporary folder with ``QSettings.setPath(IniFormat, UserScope, tmp)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from ui import APP_ID

ORGANISATION = APP_ID
APPLICATION = APP_ID
MAX_RECENT = 8
# Bump when the docks change so that an old saved layout is not applied to new docks.
STATE_VERSION = 2  # 2: the toolbar


def app_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def save_window_state(window: QMainWindow, current_tab: int | None = None) -> None:
    settings = app_settings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState(STATE_VERSION))
    if current_tab is not None:
        settings.setValue("window/tab", current_tab)
    settings.sync()


def restore_geometry(window: QMainWindow) -> bool:
    value = app_settings().value("window/geometry")
    return isinstance(value, QByteArray) and window.restoreGeometry(value)


def restore_dock_state(window: QMainWindow) -> bool:
    value = app_settings().value("window/state")
    return isinstance(value, QByteArray) and window.restoreState(value, STATE_VERSION)


def saved_tab() -> int:
    value = app_settings().value("window/tab", 0)
    try:
        return int(str(value))
    except ValueError:
        return 0


def recent_plans() -> list[str]:
    """The plans opened last, newest first (as typed: paths or URLs)."""
    value = app_settings().value("plans/recent", [])
    if isinstance(value, str):  # QSettings gives a plain string for a one-item list
        value = [value]
    if not isinstance(value, list):
        return []
    return [str(item) for item in value if str(item).strip()]


def add_recent_plan(target: str) -> None:
    if "://" not in target:
        target = str(Path(target).expanduser().resolve())
    plans = [target, *(p for p in recent_plans() if p != target)][:MAX_RECENT]
    settings = app_settings()
    settings.setValue("plans/recent", plans)
    settings.sync()


def remove_recent_plan(target: str) -> None:
    settings = app_settings()
    settings.setValue("plans/recent", [p for p in recent_plans() if p != target])
    settings.sync()


def clear_recent_plans() -> None:
    settings = app_settings()
    settings.remove("plans/recent")
    settings.sync()


def last_plan() -> str | None:
    """The plan to open when none is named: the most recent one that still exists."""
    for target in recent_plans():
        if "://" in target or Path(target).is_file():
            return target
    return None
