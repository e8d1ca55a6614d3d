"""What the window remembers between runs, in the test's private settings: geometry,
docks, the current tab, the recent plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from ui.shell import settings as app_settings
from ui.shell.window import MainWindow


def test_geometry_docks_and_tab_are_kept_in_the_private_settings(
    qtbot: Any, window: MainWindow, private_settings: Path
) -> None:
    window.tabs.setCurrentIndex(2)
    window.undo_dock.hide()
    window.resize(700, 600)  # within the offscreen screen, which restoring clamps to
    kept = window.size()
    window.close()
    files = list(private_settings.rglob("*.ini"))
    assert files, "the settings are written under the test's own folder"
    settings = app_settings.app_settings()
    assert settings.format() == QSettings.Format.IniFormat
    assert settings.fileName().startswith(str(private_settings))
    assert app_settings.saved_tab() == 2

    restored = MainWindow()
    qtbot.addWidget(restored)
    assert restored.undo_dock.isHidden()
    assert restored.size() == kept
    restored.close()


def test_recent_plans_are_newest_first_without_repeats(tmp_path: Path) -> None:
    for name in ("a", "b", "a", "c"):
        app_settings.add_recent_plan(str(tmp_path / f"{name}.sqlite"))
    assert [Path(p).stem for p in app_settings.recent_plans()] == ["c", "a", "b"]
    assert app_settings.last_plan() is None  # none of them exists
    (tmp_path / "a.sqlite").write_bytes(b"")
    assert app_settings.last_plan() == str(tmp_path / "a.sqlite")
