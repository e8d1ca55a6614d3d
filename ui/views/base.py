"""What every tab of the window has in common: the plan it shows, what it depends on, and
reloading only when what it shows has changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QWidget

from planner.queries.tables import Table
from ui.views.table_panel import PanelActions, TablePanel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from planner.plan import Plan
    from ui.editing import Editing
    from ui.main_window import MainWindow

T = TypeVar("T")


class PlanView(QWidget):
    """A tab. ``refresh(entities)`` reloads what depends on those entities (None: all)."""

    title = ""
    depends_on: frozenset[str] = frozenset()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.loaded = False

    @property
    def plan(self) -> Plan:
        plan = self.window_.plan
        assert plan is not None
        return plan

    @property
    def editing(self) -> Editing:
        return self.window_.editing

    @property
    def read_only(self) -> bool:
        return self.window_.read_only

    def query(self, loader: Callable[..., T], *args: Any) -> T:
        """One read: ``loader(session, *args)`` in a session that never commits."""
        with self.plan.read() as session:
            return loader(session, *args)

    def load_into(self, panel: TablePanel, loader: Callable[[Session], Table]) -> None:
        panel.load(self.query(loader))

    def panels(self) -> list[TablePanel]:
        return list(self.findChildren(TablePanel))

    @property
    def main_panel(self) -> TablePanel:
        """The tab's first table (Find goes to its search field unless another has focus)."""
        raise NotImplementedError

    def panel_with_focus(self) -> TablePanel | None:
        """The panel holding the keyboard focus (Edit ▸ Delete acts on it only)."""
        focus = self.window_.focusWidget()
        for panel in self.panels():
            if focus is not None and panel.isAncestorOf(focus):
                return panel
        return None

    def focused_panel(self) -> TablePanel:
        """The panel holding the focus, else the tab's main table (for Find)."""
        return self.panel_with_focus() or self.main_panel

    def needs(self, entities: Iterable[str] | None) -> bool:
        return entities is None or bool(self.depends_on & set(entities))

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        """Reload what shows ``entities`` (None: everything); ``ids`` says which rows of
        each changed, for a tab that can patch rows instead of reloading them."""
        raise NotImplementedError

    def apply_read_only(self) -> None:
        for panel in self.panels():
            panel.set_editable(not self.read_only)

    def select(self, kind: str, key: str) -> bool:
        """Show the record a finding names; False if this tab does not show ``kind``."""
        return False

    def row_actions(
        self,
        entity: str,
        *,
        add: Callable[[], object] | None = None,
        extra: list[tuple[str, Callable[[int, int], object]]] | None = None,
    ) -> PanelActions:
        """Add / Edit / Delete of ``entity`` through the window's editing controller."""
        return PanelActions(
            add=add or (lambda: self.editing.add(entity)),
            edit=lambda row_id, version: self.editing.edit(entity, row_id, version),
            delete=lambda row_id, version: self.editing.delete(entity, row_id, version),
            extra=list(extra or []),
        )
