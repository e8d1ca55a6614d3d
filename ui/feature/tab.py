"""A tab of the window (or a page of a dialog) that shows records of the plan.

A tab refreshes itself from what it is sent: on each ``PlanEvents.changed`` it notes the
entities (and ids) that changed among those it ``depends_on``; if it is shown it reloads
them at once, otherwise when it is next shown. A tab that can patch rows (personnel) gets
the ids of the rows that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ui.feature.actions import Action
from ui.feature.context import FeatureContext
from ui.widgets.table_panel import PanelActions, TablePanel

if TYPE_CHECKING:
    from planner.app import ChangeSet, PlanSession
    from ui.ops.edits import Edits

Pending = dict[str, set[int]] | None
"""What changed since the tab last reloaded: {entity: ids}, or None for everything."""


class FeatureTab(QWidget):
    """``refresh(entities, ids)`` reloads what depends on those entities (None: all)."""

    depends_on: frozenset[str] = frozenset()
    shows: frozenset[str] = frozenset()
    """The kinds of record ``select`` can show (mission, authorisation, unit, rotation,
    person): where the window goes when a finding names one."""

    def __init__(self, ctx: FeatureContext, title: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = title
        self.loaded = False
        # Made while a plan is open (a dialog's page): everything is yet to be loaded.
        self.pending: Pending = None if ctx.has_plan else {}
        self._stale = ctx.has_plan
        ctx.events.plan_opened.connect(self._plan_opened)
        ctx.events.changed.connect(self._changed)

    @property
    def session(self) -> PlanSession:
        return self.ctx.session

    @property
    def edits(self) -> Edits:
        return self.ctx.edits

    @property
    def read_only(self) -> bool:
        return self.ctx.read_only

    # -- refreshing from what changed ----------------------------------------------------

    def _plan_opened(self) -> None:
        self.apply_read_only()
        self._note(None, None)

    def _changed(self, change_set: ChangeSet | None) -> None:
        if change_set is None or change_set.whole_plan:
            self._note(None, None)
        elif self.needs(change_set.entities()):
            self._note(change_set.entities(), {e: change_set.ids(e) for e in change_set.entities()})

    def _note(self, entities: Iterable[str] | None, ids: Mapping[str, set[int]] | None) -> None:
        if not self.ctx.has_plan:
            return
        if entities is None or ids is None or self.pending is None:
            self.pending = None
        else:
            for entity in entities:
                self.pending[entity] = self.pending.get(entity, set()) | ids.get(entity, set())
        self._stale = True
        if self.isVisible():
            self.flush()

    def flush(self) -> None:
        """Reload what changed since the last reload (nothing if nothing did)."""
        if not self._stale or not self.ctx.has_plan:
            return
        pending, self.pending, self._stale = self.pending, {}, False
        if pending is None:
            self.refresh(None)
        else:
            self.refresh(set(pending), pending)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.flush()

    def needs(self, entities: Iterable[str] | None) -> bool:
        return entities is None or bool(self.depends_on & set(entities))

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        """Reload what shows ``entities`` (None: everything); ``ids`` says which rows of
        each changed, for a tab that can patch rows instead of reloading them."""

    # -- panels --------------------------------------------------------------------------

    def panels(self) -> list[TablePanel]:
        return list(self.findChildren(TablePanel))

    @property
    def main_panel(self) -> TablePanel | None:
        """The tab's first table (Find goes to its search field unless another has focus)."""
        return None

    def panel_with_focus(self) -> TablePanel | None:
        """The panel holding the keyboard focus (Edit ▸ Delete acts on it only)."""
        focus = self.window().focusWidget()
        for panel in self.panels():
            if focus is not None and panel.isAncestorOf(focus):
                return panel
        return None

    def focused_panel(self) -> TablePanel | None:
        """The panel holding the focus, else the tab's main table (for Find)."""
        return self.panel_with_focus() or self.main_panel

    def apply_read_only(self) -> None:
        for panel in self.panels():
            panel.set_editable(not self.read_only)

    def select(self, kind: str, key: str) -> bool:
        """Show the record a finding names; False if this tab does not show ``kind``."""
        return False

    def tab_actions(self) -> Mapping[Action, Callable[[], object]]:
        """What the window's tab-bound actions (Assign, Move rotation) do on this tab."""
        return {}

    def row_actions(
        self,
        entity: str,
        *,
        add: Callable[[], object] | None = None,
        extra: list[tuple[str, Callable[[int, int], object]]] | None = None,
    ) -> PanelActions:
        """Add / Edit / Delete of ``entity`` through the window's edits."""
        return PanelActions(
            add=add or (lambda: self.edits.add(entity)),
            edit=lambda row_id, version: self.edits.edit(entity, row_id, version),
            delete=lambda row_id, version: self.edits.delete(entity, row_id, version),
            extra=list(extra or []),
        )
