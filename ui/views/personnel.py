"""The Personnel tab: everyone in the plan (fast to search at 50,000 people), and the
assignments, credentials and absences of the selected person."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout

from planner.queries import tables
from ui.views.base import PlanView
from ui.views.table_panel import TablePanel

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# (entity, tab title, loader) of the detail tables under the personnel table.
DETAILS = (
    ("assignment", "Assignments", tables.person_assignments),
    ("credential", "Credentials", tables.credentials),
    ("absence", "Absences", tables.absences),
)


class PersonnelView(PlanView):
    title = "Personnel"
    depends_on = frozenset({"person", "credential", "absence", "assignment", "mission", "rotation"})

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.people = TablePanel(
            "Personnel",
            self.row_actions("person", extra=[("Assign…", self._assign)]),
            search_placeholder="Search by name, service number, rank, specialty…",
        )
        self.details = QTabWidget()
        self.detail_panels: dict[str, TablePanel] = {}
        for entity, title, _loader in DETAILS:
            add: Callable[[], object] = (
                self._assign_selected
                if entity == "assignment"
                else partial(self._add_detail, entity)
            )
            panel = TablePanel(
                title, self.row_actions(entity, add=add), search_placeholder="Search"
            )
            self.detail_panels[entity] = panel
            self.details.addTab(panel, title)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.people)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.people.selection_changed.connect(self._load_details)

    @property
    def main_panel(self) -> TablePanel:
        return self.people

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        first = not self.loaded
        self.loaded = True
        people = None if ids is None else ids.get("person")
        if first or entities is None or (people is None and "person" in entities):
            self.load_into(self.people, tables.personnel)  # reloads the details in turn
        elif people:
            # A few people changed: patch their rows; 50,000 are not read again.
            fresh = self.query(tables.personnel, people)
            self.people.update_rows(fresh, people - {row[0] for row in fresh.rows})
        else:
            self._load_details()

    def _load_details(self) -> None:
        person_id = self.people.selected_id()
        if person_id is None:
            for panel in self.detail_panels.values():
                panel.clear()
                panel.set_editable(False)
            return
        person = self.people.model.row_values(self.people.selected_row() or 0)
        who = f"{person['rank']} {person['surname']} {person['given_name']}"
        for entity, title, loader in DETAILS:
            panel = self.detail_panels[entity]
            panel.set_title(f"{title} of {who}")
            panel.load(self.query(loader, person_id))
            panel.set_editable(not self.read_only)
            self.details.setTabText(
                self.details.indexOf(panel), f"{title} ({panel.model.total_rows})"
            )

    def _add_detail(self, entity: str) -> None:
        person_id = self.people.selected_id()
        if person_id is not None:
            self.editing.add(entity, {"person_id": person_id}, locked=("person_id",))

    def _assign(self, person_id: int, _version: int) -> None:
        self.editing.assign({"person_id": person_id})

    def _assign_selected(self) -> None:
        person_id = self.people.selected_id()
        if person_id is not None:
            self._assign(person_id, 0)

    def select(self, kind: str, key: str) -> bool:
        return kind == "person" and self.people.select_key(key)
