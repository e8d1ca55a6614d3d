"""The Units and rotations tab: units, the rotations of the selected unit, and the roster
of the selected rotation."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from ui.feature.actions import Action
from ui.feature.context import FeatureContext
from ui.feature.tab import FeatureTab
from ui.widgets.table_panel import TablePanel


class UnitsView(FeatureTab):
    shows = frozenset({"unit", "rotation"})
    depends_on = frozenset({"unit", "rotation", "assignment", "mission", "person"})

    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx, self.tr("Units and rotations"))
        self.units = TablePanel(
            self.tr("Units"), self.row_actions("unit"), search_placeholder=self.tr("Search units")
        )
        self.rotations = TablePanel(
            self.tr("Rotations"),
            self.row_actions(
                "rotation",
                add=self._add_rotation,
                extra=[
                    (self.tr("Move…"), lambda i, v: self.edits.move_rotation(i, v)),
                    (self.tr("Assign…"), self._assign),
                ],
            ),
            search_placeholder=self.tr("Search rotations"),
        )
        self.roster = TablePanel(
            self.tr("Roster"),
            self.row_actions("assignment", add=self._add_to_roster),
            search_placeholder=self.tr("Search the roster"),
        )
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.rotations)
        right.addWidget(self.roster)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.units)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._unit_shown: int | None = None
        self.units.selection_changed.connect(self._load_rotations)
        self.rotations.selection_changed.connect(self._load_roster)

    @property
    def main_panel(self) -> TablePanel | None:
        return self.units

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        self.loaded = True
        if entities is None or entities & {"unit", "mission"}:
            self.units.load(self.session.units())  # reloads the rotations in turn
        else:
            self._load_rotations()

    def _load_rotations(self) -> None:
        unit_id = self.units.selected_id()
        editable = unit_id is not None and not self.read_only
        if unit_id is None:
            self.rotations.clear()
            self.rotations.set_title(self.tr("Rotations"))
        else:
            code = self.units.model.row_values(self.units.selected_row() or 0)["code"]
            self.rotations.set_title(self.tr("Rotations of {unit}").format(unit=code))
            first_time = self.rotations.selected_id() is None or self._unit_shown != unit_id
            self.rotations.load(self.session.rotations(unit_id))
            if first_time:
                self._select_current_rotation()
        self._unit_shown = unit_id
        self.rotations.set_editable(editable)

    def _select_current_rotation(self) -> None:
        """A unit's rotation on the ground today (else its next one) is the one a planner
        looks at first, not the oldest."""
        today = self.session.today()
        model = self.rotations.model
        for row in range(model.rowCount()):
            values = model.row_values(row)
            if values["ends_on"] >= today and values["status"] != "cancelled":
                self.rotations.select_row(row)
                return

    def _load_roster(self) -> None:
        rotation_id = self.rotations.selected_id()
        if rotation_id is None:
            self.roster.clear()
            self.roster.set_title(self.tr("Roster"))
        else:
            code = self.rotations.model.row_values(self.rotations.selected_row() or 0)["code"]
            self.roster.set_title(self.tr("Roster of {rotation}").format(rotation=code))
            self.roster.load(self.session.roster(rotation_id))
        self.roster.set_editable(rotation_id is not None and not self.read_only)

    def _add_rotation(self) -> None:
        unit_id = self.units.selected_id()
        if unit_id is not None:
            self.edits.add("rotation", {"unit_id": unit_id})

    def _assign(self, rotation_id: int, _version: int) -> None:
        self.edits.assign({"rotation_id": rotation_id, "post": "rotation"})

    def _add_to_roster(self) -> None:
        rotation_id = self.rotations.selected_id()
        if rotation_id is not None:
            self._assign(rotation_id, 0)

    def tab_actions(self) -> Mapping[Action, Callable[[], object]]:
        return {Action.ASSIGN: self._assign_to_selected, Action.MOVE_ROTATION: self._move_selected}

    def _assign_to_selected(self) -> None:
        rotation_id = self.rotations.selected_id()
        self.edits.assign(
            {"rotation_id": rotation_id, "post": "rotation"} if rotation_id is not None else None
        )

    def _move_selected(self) -> None:
        rotation_id = self.rotations.selected_id()
        if rotation_id is None:
            self.ctx.status(self.tr("Select a rotation to move it."))
            return
        self.edits.move_rotation(rotation_id, self.rotations.selected_version())

    def select(self, kind: str, key: str) -> bool:
        if kind == "unit":
            return self.units.select_key(key)
        if kind != "rotation":
            return False
        unit = self.session.unit_of_rotation(key)
        if unit is None or not self.units.select_key(unit):
            return False
        return self.rotations.select_key(key)
