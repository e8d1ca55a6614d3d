"""The menus of the main window, with the platform's standard shortcuts where there is one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ui import settings as app_settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Std = QKeySequence.StandardKey


def _action(
    window: MainWindow,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | Std | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, Std):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> dict[str, Any]:
    """Create the menu bar; returns the actions the window enables and disables."""
    bar = window.menuBar()
    a: dict[str, Any] = {}

    file = bar.addMenu("&File")
    a["new"] = _action(window, file, "&New plan…", lambda: new_plan(window), Std.New)
    a["open"] = _action(window, file, "&Open plan…", lambda: open_plan_file(window), Std.Open)
    recent = file.addMenu("Open &recent")
    recent.aboutToShow.connect(lambda: fill_recent(window, recent))
    a["recent_menu"] = recent
    file.addSeparator()
    a["import"] = _action(
        window,
        file,
        "&Import workbook…",
        lambda: window.file_action("import_workbook_action"),
        "Ctrl+I",
        "Merge a plan workbook (.xlsx) into this plan; nothing is written if a row is wrong",
    )
    a["export_plan"] = _action(
        window,
        file,
        "&Export plan workbook…",
        lambda: window.file_action("export_plan_action"),
        "Ctrl+E",
    )
    a["export_roster"] = _action(
        window,
        file,
        "Export &roster…",
        lambda: window.file_action("export_roster_action"),
        "Ctrl+Shift+E",
    )
    a["backup"] = _action(
        window, file, "&Back up now", lambda: window.file_action("backup_now_action"), "Ctrl+B"
    )
    file.addSeparator()
    a["quit"] = _action(window, file, "&Quit", window.close, Std.Quit)

    edit = bar.addMenu("&Edit")
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(Std.Undo)
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts(Std.Redo)
    edit.addAction(undo)
    edit.addAction(redo)
    a["undo"], a["redo"] = undo, redo
    edit.addSeparator()
    a["delete"] = _action(window, edit, "&Delete", window.delete_selected, Std.Delete)
    a["find"] = _action(window, edit, "&Find", window.find_in_table, Std.Find)

    view = bar.addMenu("&View")
    a["view_menu"] = view
    tabs = view.addMenu("Go to &tab")
    for number, title in enumerate(
        ("Overview", "Missions", "Authorisations", "Units and rotations", "Personnel"), start=1
    ):
        _action(
            window,
            tabs,
            title,
            partial(window.tabs.setCurrentIndex, number - 1),
            f"Ctrl+{number}",
        )
    view.addSeparator()
    a["view_undo"] = window.undo_dock.toggleViewAction()
    view.addAction(a["view_undo"])
    view.addSeparator()
    a["reload"] = _action(window, view, "Re&load from the plan", window.reload, Std.Refresh)

    plan = bar.addMenu("&Plan")
    a["check"] = _action(window, plan, "&Check plan", window.check_now, "Ctrl+Shift+C")
    a["settings"] = _action(window, plan, "&Settings…", window.open_settings)

    help_menu = bar.addMenu("&Help")
    a["shortcuts"] = _action(
        window, help_menu, "&Keyboard shortcuts", lambda: show_shortcuts(window), Std.HelpContents
    )
    a["about"] = _action(window, help_menu, "&About Rotation Planner", lambda: show_about(window))
    return a


def new_plan(window: MainWindow) -> None:
    from planner.errors import PlanOpenError
    from planner.plan import plan_exists
    from ui.dialogs import prompts

    path = prompts.choose_new_plan(window)
    if not path:
        return
    if plan_exists(path):
        window.show_error(
            PlanOpenError(f"{path} already holds a plan; open it with File ▸ Open plan.")
        )
        return
    window.open_target(path, create=True)


def open_plan_file(window: MainWindow) -> None:
    from ui.dialogs import prompts

    path = prompts.choose_plan_to_open(window)
    if path:
        window.open_target(path)


def fill_recent(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    plans = app_settings.recent_plans()
    for target in plans:
        action = menu.addAction(target)
        action.triggered.connect(lambda _c=False, t=target: window.open_target(t))
    if not plans:
        menu.addAction("No recent plans").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear the list").triggered.connect(app_settings.clear_recent_plans)


def shortcut_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, shortcut) of every menu action that has a shortcut."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                sub = action.menu()
                assert isinstance(sub, QMenu)
                walk(sub, f"{path} ▸ {sub.title().replace('&', '')}")
            elif action.shortcut().toString():
                # The primary key only: the others are keyboard keys such as "Find".
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                rows.append((path, action.text().replace("&", "").rstrip("…"), keys))

    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            walk(menu, menu.title().replace("&", ""))
    return rows


def show_shortcuts(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    lines = "".join(
        f"<tr><td>{menu}</td><td>{text}</td><td><b>{keys}</b></td></tr>"
        for menu, text, keys in shortcut_rows(window)
    )
    box = QMessageBox(window)
    box.setWindowTitle("Keyboard shortcuts")
    box.setText(f"<table cellspacing='6'>{lines}</table>")
    box.open()


def show_about(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(
        window,
        "About Rotation Planner",
        "<h3>Rotation Planner</h3><p>Plans peacekeeping contingent rotations against the "
        "authorisations of parliament: who goes to which UN mission, when each contingent "
        "rotates, and whether the plan stays within every ceiling on every day.</p>",
    )
