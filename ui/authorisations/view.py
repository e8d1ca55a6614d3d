"""The Authorisations tab: what parliament approved, and the missions and ceilings each
authorisation lists."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from ui.feature.context import FeatureContext
from ui.feature.tab import FeatureTab
from ui.widgets.table_panel import TablePanel


class AuthorisationsView(FeatureTab):
    shows = frozenset({"authorisation"})
    depends_on = frozenset({"authorisation", "authorised_mission", "mission"})

    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx, self.tr("Authorisations"))
        self.authorisations = TablePanel(
            self.tr("Authorisations"),
            self.row_actions("authorisation"),
            search_placeholder=self.tr("Search authorisations"),
        )
        self.missions = TablePanel(
            self.tr("Missions and ceilings"),
            self.row_actions("authorised_mission", add=self._add_mission),
            search_placeholder=self.tr("Search missions"),
        )
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.authorisations)
        split.addWidget(self.missions)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.authorisations.selection_changed.connect(self._load_missions)

    @property
    def main_panel(self) -> TablePanel | None:
        return self.authorisations

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        self.loaded = True
        self.authorisations.load(self.session.authorisations())

    def _load_missions(self) -> None:
        authorisation_id = self.authorisations.selected_id()
        if authorisation_id is None:
            self.missions.clear()
            self.missions.set_title(self.tr("Missions and ceilings"))
            self.missions.set_editable(False)
            return
        row = self.authorisations.model.row_values(self.authorisations.selected_row() or 0)
        self.missions.set_title(
            self.tr("Missions and ceilings under {authorisation}").format(
                authorisation=row["reference"]
            )
        )
        self.missions.load(self.session.authorised_missions(authorisation_id))
        self.missions.set_editable(not self.read_only)

    def _add_mission(self) -> None:
        authorisation_id = self.authorisations.selected_id()
        if authorisation_id is not None:
            self.edits.add(
                "authorised_mission",
                {"authorisation_id": authorisation_id},
                locked=("authorisation_id",),
            )

    def select(self, kind: str, key: str) -> bool:
        return kind == "authorisation" and self.authorisations.select_key(key)
