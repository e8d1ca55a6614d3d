"""Choose what a roster lists: one rotation, or everyone on a mission on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.date_edit import date_edit


@dataclass(frozen=True)
class RosterTarget:
    """One rotation, or one mission on a date."""

    rotation: str | None = None
    mission: str | None = None
    on: dt.date | None = None

    @property
    def name(self) -> str:
        if self.rotation:
            return self.rotation
        return f"{self.mission}-{self.on:%Y-%m-%d}" if self.on else str(self.mission)


class RosterDialog(QDialog):
    """Choose a rotation, or a mission and a date, for a roster."""

    def __init__(
        self,
        parent: QWidget | None,
        rotations: list[str],
        missions: list[str],
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export roster"))
        self.by_rotation = QRadioButton(self.tr("One &rotation"))
        self.by_mission = QRadioButton(self.tr("Everyone on a &mission on a date"))
        group = QButtonGroup(self)
        group.addButton(self.by_rotation)
        group.addButton(self.by_mission)
        self.rotation = QComboBox()
        self.rotation.addItems(rotations)
        self.rotation.setAccessibleName(self.tr("Rotation"))
        self.mission = QComboBox()
        self.mission.addItems(missions)
        self.mission.setAccessibleName(self.tr("Mission"))
        self.on = date_edit(today or dt.date.today())
        self.on.setAccessibleName(self.tr("Date"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(self.by_rotation, 0, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Rotation:")), 1, 0)
        grid.addWidget(self.rotation, 1, 1)
        grid.addWidget(self.by_mission, 2, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Mission:")), 3, 0)
        grid.addWidget(self.mission, 3, 1)
        grid.addWidget(QLabel(self.tr("On:")), 4, 0)
        grid.addWidget(self.on, 4, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)

        for button in (self.by_rotation, self.by_mission):
            button.toggled.connect(self._update)
        self.by_rotation.setEnabled(bool(rotations))
        self.by_mission.setEnabled(bool(missions))
        (self.by_rotation if rotations else self.by_mission).setChecked(True)
        self._update()

    def _update(self) -> None:
        rotation = self.by_rotation.isChecked()
        self.rotation.setEnabled(rotation)
        self.mission.setEnabled(not rotation)
        self.on.setEnabled(not rotation)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.rotation.currentText() if rotation else self.mission.currentText()))

    def target(self) -> RosterTarget:
        if self.by_rotation.isChecked():
            return RosterTarget(rotation=self.rotation.currentText())
        day: dt.date = self.on.date().toPython()  # type: ignore[assignment]
        return RosterTarget(mission=self.mission.currentText(), on=day)
