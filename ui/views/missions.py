"""The Missions tab: every mission with its mandate, the authorisations listing it and
who is on it today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout

from planner.queries import tables
from ui.views.base import PlanView
from ui.views.table_panel import PanelActions, TablePanel

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class MissionsView(PlanView):
    title = "Missions"
    depends_on = frozenset(
        {"mission", "authorisation", "authorised_mission", "assignment", "person", "rotation"}
    )

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.missions = TablePanel(
            "Missions", self.row_actions("mission"), search_placeholder="Search missions"
        )
        self.authorised = TablePanel(
            "Authorised under", PanelActions(), search_placeholder="Search authorisations"
        )
        self.today = TablePanel(
            "On the mission today",
            PanelActions(edit=self._edit_assignment),
            search_placeholder="Search people",
        )
        # Tabs, not side by side: at 1366 pixels the two tables need 1,450 together, and
        # the people on the mission lost their dates to a horizontal scroll bar.
        self.details = QTabWidget()
        self.details.addTab(self.today, "On the mission today")
        self.details.addTab(self.authorised, "Authorised under")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.missions)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.missions.selection_changed.connect(self._load_details)

    @property
    def main_panel(self) -> TablePanel:
        return self.missions

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        self.loaded = True
        if entities is None or entities & {"mission", "authorisation", "authorised_mission"}:
            self.load_into(self.missions, tables.missions)  # reloads the details in turn
        else:
            self._load_details()

    def _load_details(self) -> None:
        mission_id = self.missions.selected_id()
        if mission_id is None:
            self.authorised.clear()
            self.today.clear()
            self.authorised.set_title("Authorised under")
            self.today.set_title("On the mission today")
            self.details.setTabText(0, "On the mission today")
            self.details.setTabText(1, "Authorised under")
            return
        code = self.missions.model.row_values(self.missions.selected_row() or 0)["code"]
        self.authorised.set_title(f"Authorisations listing {code}")
        today = dt.date.today()
        self.authorised.load(self.query(tables.mission_authorisations, mission_id))
        self.today.load(self.query(tables.on_mission, mission_id, today))
        self.today.set_title(f"On {code} today")
        self.details.setTabText(0, f"On {code} today ({self.today.model.total_rows})")
        self.details.setTabText(1, f"Authorisations ({self.authorised.model.total_rows})")

    def _edit_assignment(self, row_id: int, version: int) -> None:
        self.editing.edit("assignment", row_id, version)

    def select(self, kind: str, key: str) -> bool:
        return kind == "mission" and self.missions.select_key(key)
