"""The action registry: one QAction per ``ActionSpec``, keyed by its ``Action``.

The shell and each feature hand in specs; the registry makes the QActions, keeps them
enabled as the plan and the current tab allow (``update``), and gives them to the menus
and the toolbar in their order. Lookups are typed: ``registry[Action.CHECK]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ui.feature.actions import Action, ActionSpec, Menu, Needs
from ui.resources import icon


class ActionRegistry:
    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self._specs: dict[Action, ActionSpec] = {}
        self._actions: dict[Action, QAction] = {}
        self._order: list[Action] = []
        self._tab_slots: Mapping[Action, Callable[[], object]] = {}

    def add(self, spec: ActionSpec, action: QAction | None = None) -> QAction:
        """Make the QAction of ``spec`` (or dress ``action``, e.g. the undo stack's own)."""
        if spec.action in self._specs:
            raise ValueError(f"{spec.action} is registered twice")
        made = action or QAction(spec.text, self._parent)
        if action is None and spec.triggered is not None:
            slot = spec.triggered
            made.triggered.connect(lambda _checked=False: slot())
        elif spec.needs is Needs.TAB:
            made.triggered.connect(lambda _checked=False, a=spec.action: self._trigger_tab(a))
        if spec.shortcut is not None:
            if isinstance(spec.shortcut, QKeySequence.StandardKey):
                made.setShortcuts(spec.shortcut)
            else:
                made.setShortcut(QKeySequence(spec.shortcut))
        if spec.icon is not None:
            made.setIcon(icon(spec.icon))
        if spec.tip:
            made.setStatusTip(spec.tip)
            made.setToolTip(spec.tip)
        if spec.submenu is not None:
            submenu = QMenu(spec.text, self._parent)
            fill = spec.submenu
            submenu.aboutToShow.connect(lambda: fill(submenu))
            made.setMenu(submenu)
        self._specs[spec.action] = spec
        self._actions[spec.action] = made
        self._order.append(spec.action)
        return made

    def __getitem__(self, action: Action) -> QAction:
        return self._actions[action]

    def __contains__(self, action: Action) -> bool:
        return action in self._actions

    def __iter__(self) -> Iterator[Action]:
        return iter(self._order)

    def spec(self, action: Action) -> ActionSpec:
        return self._specs[action]

    def in_menu(self, menu: Menu) -> list[list[QAction]]:
        """The actions of ``menu`` in groups (a separator between two groups)."""
        specs = sorted(
            (self._specs[a] for a in self._order if self._specs[a].menu is menu),
            key=lambda spec: spec.group,
        )
        groups: list[list[QAction]] = []
        last: int | None = None
        for spec in specs:
            if spec.group != last:
                groups.append([])
                last = spec.group
            groups[-1].append(self._actions[spec.action])
        return groups

    def on_toolbar(self) -> list[list[QAction]]:
        """The toolbar's actions in groups of the same tens."""
        specs = sorted(
            (self._specs[a] for a in self._order if self._specs[a].toolbar is not None),
            key=lambda spec: spec.toolbar or 0,
        )
        groups: list[list[QAction]] = []
        last: int | None = None
        for spec in specs:
            tens = (spec.toolbar or 0) // 10
            if tens != last:
                groups.append([])
                last = tens
            groups[-1].append(self._actions[spec.action])
        return groups

    def update(
        self, *, has_plan: bool, writable: bool, tab_slots: Mapping[Action, Callable[[], object]]
    ) -> None:
        """Enable each action as the plan and the current tab allow."""
        self._tab_slots = tab_slots
        for action, spec in self._specs.items():
            if spec.action in (Action.UNDO, Action.REDO):
                continue  # the undo stack enables its own actions
            enabled = {
                Needs.NOTHING: True,
                Needs.PLAN: has_plan,
                Needs.WRITABLE: writable,
                Needs.TAB: writable and action in tab_slots,
            }[spec.needs]
            self._actions[action].setEnabled(enabled)

    def _trigger_tab(self, action: Action) -> None:
        slot = self._tab_slots.get(action)
        if slot is not None:
            slot()
