"""The menus, the toolbar and the standard shortcuts, made from the action registry."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence

from ui.feature.actions import Action
from ui.shell.menus import shortcut_rows, show_shortcuts
from ui.shell.window import MainWindow


def test_title_menus_and_standard_shortcuts(window: MainWindow) -> None:
    assert window.windowTitle() == "demo — Rotation Planner"
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "View", "Plan", "Help"]

    def texts(menu: Any) -> list[str]:
        return [a.text().replace("&", "") for a in menu.actions() if a.text()]

    assert texts(menus["File"]) == [
        "New plan…",
        "Open plan…",
        "Open recent",
        "Import workbook…",
        "Export plan workbook…",
        "Export roster…",
        "Back up now",
        "Quit",
    ]
    assert texts(menus["Edit"])[2:] == ["Delete", "Find", "Assign…", "Move rotation…"]
    assert "Findings" in texts(menus["View"]) and "Undo history" in texts(menus["View"])
    assert texts(menus["Plan"]) == ["Check plan", "Settings…"]
    assert texts(menus["Help"]) == ["Keyboard shortcuts", "About Rotation Planner"]
    for action, key in (
        (Action.UNDO, QKeySequence.StandardKey.Undo),
        (Action.REDO, QKeySequence.StandardKey.Redo),
        (Action.FIND, QKeySequence.StandardKey.Find),
        (Action.QUIT, QKeySequence.StandardKey.Quit),
        (Action.OPEN_PLAN, QKeySequence.StandardKey.Open),
    ):
        assert window.registry[action].shortcuts() == QKeySequence.keyBindings(key), action
    assert (
        "Edit",
        "Find",
        QKeySequence(QKeySequence.StandardKey.Find).toString(
            QKeySequence.SequenceFormat.NativeText
        ),
    ) in shortcut_rows(window)


def test_keyboard_shortcuts_are_listed_from_the_menus(window: MainWindow, answers: Any) -> None:
    rows = shortcut_rows(window)
    assert ("Plan", "Check plan", "Ctrl+Shift+C") in rows
    assert any(menu == "View ▸ Go to tab" and keys == "Ctrl+5" for menu, _t, keys in rows)
    show_shortcuts(window, answers)
    assert "Check plan" in answers.boxes()[-1].text()
