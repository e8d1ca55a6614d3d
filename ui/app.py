"""``rotation-planner [PLAN] [--demo]``: start the desktop application.

The window is shown first and the plan opened right after, from the event loop: the
window appears as fast as a bare Qt window, and opening the plan (SQLAlchemy, the schema
check, a lock held by someone else) happens in a window that can already say what is
going on. Nothing here imports planner at module level for the same reason.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from ui import APP_ID, APP_TITLE
from ui.resources import Icon, icon, install_translations
from ui.shell import settings as app_settings
from ui.shell.window import MainWindow

if TYPE_CHECKING:
    from planner.app import PlanSession


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=APP_ID,
        description="Plan peacekeeping rotations against parliament's authorisations.",
    )
    parser.add_argument(
        "plan", nargs="?", help="plan file or database URL (default: the last plan)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a fresh demo plan in a temporary folder (your own plan is not touched)",
    )
    return parser.parse_args(argv)


def make_demo_plan(folder: Path | None = None) -> PlanSession:
    """A fresh demo plan in a temporary folder, so the real plan is never touched."""
    from planner.app import PlanSession

    folder = folder or Path(tempfile.mkdtemp(prefix="rotation-planner-demo-"))
    return PlanSession.create(folder / "demo.sqlite", demo=True)


def open_demo(window: MainWindow) -> None:
    """Build the demo on the worker thread (about a second) while the window paints."""
    window.status(QCoreApplication.translate("App", "Building the demo plan…"), 0)
    window.runner.run(
        QCoreApplication.translate("App", "Building the demo plan"),
        lambda _progress: make_demo_plan(),
        lambda session: window.set_session(session, remember=False),
    )


def open_initial_plan(window: MainWindow, args: argparse.Namespace) -> None:
    """PLAN if given, else the last plan opened, else the default one (made if need be)."""
    if args.demo:
        open_demo(window)
        return
    if args.plan:
        window.open_target(args.plan)
        return
    from planner.app import default_target

    last = app_settings.last_plan()
    if last is not None:
        window.open_target(last)
        return
    target = default_target()
    exists = "://" in target or Path(target).is_file()
    if not exists:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    window.open_target(target, create=not exists)


def start(args: argparse.Namespace) -> MainWindow:
    """Show the window now and open the plan from the event loop."""
    window = MainWindow()
    window.show()
    # Paint once before the plan opens, so the window never sits there blank.
    QApplication.processEvents()
    QTimer.singleShot(0, window, lambda: open_initial_plan(window, args))
    return window


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(app_settings.ORGANISATION)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(icon(Icon.APP))
    translators = install_translations(app)
    window = start(args)
    status = app.exec()
    del window, translators
    return int(status)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
