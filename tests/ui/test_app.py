"""Starting the application: the window first, then the plan; the demo in a temporary
folder; a plan held by someone else; what is remembered between runs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from planner.plan import default_plan_path, open_plan
from ui import settings as app_settings
from ui.app import parse_args, start
from ui.main_window import MainWindow

OPEN_TIMEOUT_MS = 60_000


def _started(qtbot: Any, argv: list[str]) -> MainWindow:
    window = start(parse_args(argv))
    qtbot.addWidget(window)
    return window


def test_the_window_shows_before_the_plan_is_opened(
    qtbot: Any, demo_plan_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "mine.sqlite"
    shutil.copy(demo_plan_file, copy)
    window = _started(qtbot, [str(copy)])
    assert window.isVisible() and window.plan is None  # opened from the event loop
    qtbot.waitUntil(lambda: window.plan is not None, timeout=OPEN_TIMEOUT_MS)
    assert window.windowTitle() == "mine — Rotation Planner"
    assert app_settings.recent_plans()[0] == str(copy.resolve())
    window.runner.wait_idle(60)
    window.close()
    assert window.plan.closed
    assert list(copy.parent.glob("**/*close*")), "closing backs the plan up"


def test_demo_opens_a_fresh_plan_in_a_temporary_folder(qtbot: Any) -> None:
    window = _started(qtbot, ["--demo"])
    qtbot.waitUntil(lambda: window.plan is not None, timeout=OPEN_TIMEOUT_MS)
    path = window.plan.path
    assert path is not None and path.parent.name.startswith("rotation-planner-demo-")
    assert not default_plan_path().exists()  # the user's plan is never touched
    assert app_settings.recent_plans() == []  # nor remembered
    window.runner.wait_idle(60)
    window.close()


def test_without_arguments_the_last_plan_opens_else_the_default_one(
    qtbot: Any, demo_plan_file: Path, tmp_path: Path
) -> None:
    window = _started(qtbot, [])
    qtbot.waitUntil(lambda: window.plan is not None, timeout=OPEN_TIMEOUT_MS)
    assert window.plan.path == default_plan_path()  # made, in the (sandboxed) data folder
    window.runner.wait_idle(60)
    window.close()

    copy = tmp_path / "last.sqlite"
    shutil.copy(demo_plan_file, copy)
    app_settings.add_recent_plan(str(copy))
    again = _started(qtbot, [])
    qtbot.waitUntil(lambda: again.plan is not None, timeout=OPEN_TIMEOUT_MS)
    assert again.plan.path == copy.resolve()
    again.runner.wait_idle(60)
    again.close()


def test_a_plan_held_by_another_process_opens_read_only_or_not_at_all(
    window: MainWindow, answers: Any, demo_plan_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "shared.sqlite"
    other.parent.mkdir()
    shutil.copy(demo_plan_file, other)
    holder = open_plan(other)  # another planner has it open for writing
    try:
        answers.read_only = False
        assert not window.open_target(str(other))
        ((message, _),) = answers.questions("lock")
        assert "already open by" in message and "process" in message
        assert window.plan.name == "demo"  # nothing changed

        answers.read_only = True
        assert window.open_target(str(other))
        assert window.plan.read_only
        assert window.windowTitle() == "shared (read-only) — Rotation Planner"
        window.tabs.setCurrentIndex(4)
        people = window.views[3].people
        assert not people.buttons["Add…"].isEnabled()
        assert not window.actions_["import"].isEnabled()
    finally:
        holder.close()


def test_geometry_docks_and_tab_are_kept_in_the_private_settings(
    window: MainWindow, private_settings: Path
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


def test_a_failed_backup_on_close_is_said_and_the_plan_still_closes(
    window: MainWindow, monkeypatch: Any
) -> None:
    import planner.plan
    from ui import main_window

    said: list[str] = []

    def full_disk(*_args: Any, **_kwargs: Any) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(planner.plan, "backup_sqlite", full_disk)
    monkeypatch.setattr(
        main_window.QMessageBox, "warning", lambda _parent, _title, text: said.append(text)
    )
    plan = window.plan
    window.close()
    assert said == [
        "The backup on closing failed: No space left on device. The plan itself is saved."
    ]
    assert plan.closed and (plan.lock is None or not plan.lock.held)


def test_new_and_open_from_the_file_menu(
    window: MainWindow, monkeypatch: Any, tmp_path: Path, demo_plan_file: Path
) -> None:
    from ui import menus
    from ui.dialogs import prompts

    fresh = tmp_path / "fresh.sqlite"
    monkeypatch.setattr(prompts, "choose_new_plan", lambda _parent: str(fresh))
    window.actions_["new"].trigger()
    assert window.plan.path == fresh.resolve() and window.windowTitle().startswith("fresh")
    assert window.undo_stack.count() == 0
    window.tabs.setCurrentIndex(1)
    assert window.views[0].missions.model.total_rows == 0

    window.actions_["new"].trigger()  # the same file again: it already holds a plan
    assert "already holds a plan" in window.last_error_box.text()
    window.last_error_box.close()

    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo_plan_file, copy)
    monkeypatch.setattr(prompts, "choose_plan_to_open", lambda _parent: str(copy))
    window.actions_["open"].trigger()
    assert window.plan.path == copy.resolve()
    assert window.views[0].missions.model.total_rows == 11  # the visible tab reloaded

    menu = window.actions_["recent_menu"]
    menus.fill_recent(window, menu)
    entries = [a.text() for a in menu.actions() if a.text()]
    assert entries[:2] == [str(copy.resolve()), str(fresh.resolve())]
    assert window.open_target(str(copy))  # already open: no lock question, nothing done
    assert window.plan.path == copy.resolve()


def test_keyboard_shortcuts_are_listed_from_the_menus(window: MainWindow) -> None:
    from ui.menus import shortcut_rows, show_shortcuts

    rows = shortcut_rows(window)
    assert ("Plan", "Check plan", "Ctrl+Shift+C") in rows
    assert any(menu == "View ▸ Go to tab" and keys == "Ctrl+5" for menu, _t, keys in rows)
    show_shortcuts(window)
