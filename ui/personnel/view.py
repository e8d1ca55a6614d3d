"""The Personnel tab: everyone in the plan (fast to search at 50,000 people), and the
assignments, credentials and absences of the selected person."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout

from planner.app import PlanSession
from ui.feature.actions import Action
from ui.feature.context import FeatureContext
from ui.feature.tab import FeatureTab
from ui.i18n import QT_TRANSLATE_NOOP
from ui.widgets.table_panel import TablePanel

# (entity, tab title, loader) of the detail tables under the personnel table.
DETAILS = (
    (
        "assignment",
        QT_TRANSLATE_NOOP("PersonnelView", "Assignments"),
        PlanSession.person_assignments,
    ),
    ("credential", QT_TRANSLATE_NOOP("PersonnelView", "Credentials"), PlanSession.credentials),
    ("absence", QT_TRANSLATE_NOOP("PersonnelView", "Absences"), PlanSession.absences),
)


class PersonnelView(FeatureTab):
    shows = frozenset({"person"})
    depends_on = frozenset({"person", "credential", "absence", "assignment", "mission", "rotation"})

    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx, self.tr("Personnel"))
        self.people = TablePanel(
            self.tr("Personnel"),
            self.row_actions("person", extra=[(self.tr("Assign…"), self._assign)]),
            search_placeholder=self.tr("Search by name, service number, rank, specialty…"),
        )
        self.details = QTabWidget()
        self.detail_panels: dict[str, TablePanel] = {}
        for entity, title, _loader in DETAILS:
            add: Callable[[], object] = (
                self._assign_selected
                if entity == "assignment"
                else partial(self._add_detail, entity)
            )
            panel = TablePanel(self.tr(title), self.row_actions(entity, add=add))
            self.detail_panels[entity] = panel
            self.details.addTab(panel, self.tr(title))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.people)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.people.selection_changed.connect(self._load_details)

    @property
    def main_panel(self) -> TablePanel | None:
        return self.people

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        first = not self.loaded
        self.loaded = True
        people = None if ids is None else ids.get("person")
        if first or entities is None or (people is None and "person" in entities):
            self.people.load(self.session.personnel())  # reloads the details in turn
        elif people:
            # A few people changed: patch their rows; 50,000 are not read again.
            fresh = self.session.personnel(people)
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
        who = self.tr("{rank} {surname} {given_name}").format(
            rank=person["rank"], surname=person["surname"], given_name=person["given_name"]
        )
        for entity, title, loader in DETAILS:
            panel = self.detail_panels[entity]
            panel.set_title(
                self.tr("{details} of {person}").format(details=self.tr(title), person=who)
            )
            panel.load(loader(self.session, person_id))
            panel.set_editable(not self.read_only)
            self.details.setTabText(
                self.details.indexOf(panel),
                self.tr("{details} ({count})").format(
                    details=self.tr(title), count=panel.model.total_rows
                ),
            )

    def _add_detail(self, entity: str) -> None:
        person_id = self.people.selected_id()
        if person_id is not None:
            self.edits.add(entity, {"person_id": person_id}, locked=("person_id",))

    def _assign(self, person_id: int, _version: int) -> None:
        self.edits.assign({"person_id": person_id})

    def _assign_selected(self) -> None:
        person_id = self.people.selected_id()
        self.edits.assign({"person_id": person_id} if person_id is not None else None)

    def tab_actions(self) -> Mapping[Action, Callable[[], object]]:
        return {Action.ASSIGN: self._assign_selected}

    def select(self, kind: str, key: str) -> bool:
        return kind == "person" and self.people.select_key(key)
