"""The action registry: typed actions, enabled as the plan and the current tab allow,
on the toolbar with their icons; a feature plugs its tab and its action in."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from ui.catalogue import features
from ui.feature.actions import Action, ActionSpec, Menu
from ui.feature.context import FeatureContext
from ui.feature.mount import Feature, Mounted
from ui.feature.tab import FeatureTab
from ui.shell.registry import ActionRegistry
from ui.shell.window import MainWindow

TOOLBAR = [
    Action.UNDO,
    Action.REDO,
    Action.CHECK,
    Action.IMPORT,
    Action.EXPORT_PLAN,
    Action.EXPORT_ROSTER,
    Action.ASSIGN,
    Action.MOVE_ROTATION,
]


def test_an_action_is_registered_once(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    registry = ActionRegistry(parent)
    spec = ActionSpec(Action.CHECK, "Check", Menu.PLAN, lambda: None)
    registry.add(spec)
    with pytest.raises(ValueError, match="twice"):
        registry.add(spec)


def test_the_toolbar_holds_the_main_actions_with_their_icons(window: MainWindow) -> None:
    shown = [a for a in window.menus.toolbar.actions() if not a.isSeparator()]
    assert shown == [window.registry[action] for action in TOOLBAR]
    assert all(not action.icon().isNull() for action in shown)
    assert not window.windowIcon().isNull()


def test_assign_and_move_follow_the_tab_they_act_on(window: MainWindow, answers: Any) -> None:
    assign, move = window.registry[Action.ASSIGN], window.registry[Action.MOVE_ROTATION]
    window.tabs.setCurrentIndex(1)  # Missions
    assert not assign.isEnabled() and not move.isEnabled()
    window.tabs.setCurrentIndex(4)  # Personnel: assign the selected person
    assert assign.isEnabled() and not move.isEnabled()
    window.tabs.setCurrentIndex(3)  # Units and rotations: both, on the selected rotation
    assert assign.isEnabled() and move.isEnabled()
    assert window.show_record("rotation", "KAZCON-R04")
    answers.date = None  # the planner cancels the date question
    move.trigger()
    ((title, _label),) = answers.questions("date")
    assert title == "Move rotation KAZCON-R04"


class NotesTab(FeatureTab):
    """A feature of a few lines: one tab, one action."""

    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx, "Notes")
        self.label = QLabel(self)
        self.refreshed = 0

    def refresh(self, entities: Any = None, ids: Any = None) -> None:
        self.refreshed += 1
        self.label.setText(f"{self.session.name}")


def test_a_new_feature_plugs_in_its_tab_and_action(qtbot: Any, demo_session: Any) -> None:
    triggered: list[str] = []
    notes = Feature(
        "notes",
        mount=lambda ctx: Mounted(tabs=[NotesTab(ctx)]),
        actions=lambda ctx: [
            # A new feature adds its own member to Action; the test borrows the settings'
            # (that feature is left out here).
            ActionSpec(Action.PLAN_SETTINGS, "Notes…", Menu.HELP, lambda: triggered.append("x"))
        ],
    )
    shell = [f for f in features() if f.name != "settings"]
    window = MainWindow(demo_session, restore=False, features=[*shell, notes])
    qtbot.addWidget(window)
    window.show()
    tab = window.tab(NotesTab)
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "Notes"
    window.tabs.setCurrentWidget(tab)
    assert tab.refreshed == 1 and tab.label.text() == "demo"
    help_menu = window.menus.menus[Menu.HELP]
    assert "Notes…" in [a.text() for a in help_menu.actions()]
    window.registry[Action.PLAN_SETTINGS].trigger()
    assert triggered == ["x"]
    window.runner.wait_idle(60)
    window.close()
