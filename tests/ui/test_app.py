"""Starting the application: the window first, then the plan; the demo in a temporary
folder; the last plan, else the default one."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from planner.plan import default_plan_path
from ui.app import parse_args, start
from ui.shell import settings as app_settings
from ui.shell.window import MainWindow

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
    assert window.isVisible() and not window.has_plan  # opened from the event loop
    qtbot.waitUntil(lambda: window.has_plan, timeout=OPEN_TIMEOUT_MS)
    assert window.windowTitle() == "mine — Rotation Planner"
    assert app_settings.recent_plans()[0] == str(copy.resolve())
    window.runner.wait_idle(60)
    window.close()
    assert window.session.plan.closed
    assert list(copy.parent.glob("**/*close*")), "closing backs the plan up"


def test_demo_opens_a_fresh_plan_in_a_temporary_folder(qtbot: Any) -> None:
    window = _started(qtbot, ["--demo"])
    qtbot.waitUntil(lambda: window.has_plan, timeout=OPEN_TIMEOUT_MS)
    path = window.session.plan.path
    assert path is not None and path.parent.name.startswith("rotation-planner-demo-")
    assert not default_plan_path().exists()  # the user's plan is never touched
    assert app_settings.recent_plans() == []  # nor remembered
    window.runner.wait_idle(60)
    window.close()


def test_without_arguments_the_last_plan_opens_else_the_default_one(
    qtbot: Any, demo_plan_file: Path, tmp_path: Path
) -> None:
    window = _started(qtbot, [])
    qtbot.waitUntil(lambda: window.has_plan, timeout=OPEN_TIMEOUT_MS)
    assert window.session.plan.path == default_plan_path()  # made, in the (sandboxed) data folder
    window.runner.wait_idle(60)
    window.close()

    copy = tmp_path / "last.sqlite"
    shutil.copy(demo_plan_file, copy)
    app_settings.add_recent_plan(str(copy))
    again = _started(qtbot, [])
    qtbot.waitUntil(lambda: again.has_plan, timeout=OPEN_TIMEOUT_MS)
    assert again.session.path == copy.resolve()
    again.runner.wait_idle(60)
    again.close()
