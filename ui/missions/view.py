"""The Missions tab: every mission with its mandate, the authorisations listing it and
who is on it today."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout

from ui.feature.context import FeatureContext
from ui.feature.tab import FeatureTab
from ui.widgets.table_panel import PanelActions, TablePanel


class MissionsView(FeatureTab):
    shows = frozenset({"mission"})
    depends_on = frozenset(
        {"mission", "authorisation", "authorised_mission", "assignment", "person", "rotation"}
    )

    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx, self.tr("Missions"))
        self.missions = TablePanel(
            self.tr("Missions"),
            self.row_actions("mission"),
            search_placeholder=self.tr("Search missions"),
        )
        self.authorised = TablePanel(
            self.tr("Authorised under"),
            PanelActions(),
            search_placeholder=self.tr("Search authorisations"),
        )
        self.today = TablePanel(
            self.tr("On the mission today"),
            PanelActions(edit=self._edit_assignment),
            search_placeholder=self.tr("Search people"),
        )
        # Tabs, not side by side: at 1366 pixels the two tables need 1,450 together, and
        # the people on the mission lost their dates to a horizontal scroll bar.
        self.details = QTabWidget()
        self.details.addTab(self.today, self.tr("On the mission today"))
        self.details.addTab(self.authorised, self.tr("Authorised under"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.missions)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.missions.selection_changed.connect(self._load_details)

    @property
    def main_panel(self) -> TablePanel | None:
        return self.missions

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        self.loaded = True
        if entities is None or entities & {"mission", "authorisation", "authorised_mission"}:
            self.missions.load(self.session.missions())  # reloads the details in turn
        else:
            self._load_details()

    def _load_details(self) -> None:
        mission_id = self.missions.selected_id()
        if mission_id is None:
            self.authorised.clear()
            self.today.clear()
            self.authorised.set_title(self.tr("Authorised under"))
            self.today.set_title(self.tr("On the mission today"))
            self.details.setTabText(0, self.tr("On the mission today"))
            self.details.setTabText(1, self.tr("Authorised under"))
            return
        code = self.missions.model.row_values(self.missions.selected_row() or 0)["code"]
        self.authorised.set_title(self.tr("Authorisations listing {mission}").format(mission=code))
        self.authorised.load(self.session.mission_authorisations(mission_id))
        self.today.load(self.session.on_mission(mission_id))
        self.today.set_title(self.tr("On {mission} today").format(mission=code))
        self.details.setTabText(
            0,
            self.tr("On {mission} today ({count})").format(
                mission=code, count=self.today.model.total_rows
            ),
        )
        self.details.setTabText(
            1, self.tr("Authorisations ({count})").format(count=self.authorised.model.total_rows)
        )

    def _edit_assignment(self, row_id: int, version: int) -> None:
        self.edits.edit("assignment", row_id, version)

    def select(self, kind: str, key: str) -> bool:
        return kind == "mission" and self.missions.select_key(key)
