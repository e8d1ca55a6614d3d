"""Choosing a roster: one rotation, or a mission on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from ui.widgets.roster_dialog import RosterDialog, RosterTarget


def test_roster_dialog_offers_rotation_or_mission_on_a_date(qtbot: Any) -> None:
    dialog = RosterDialog(
        None, ["KAZCOY-R01", "KAZCOY-R02"], ["UNDOF", "UNIFIL"], dt.date(2026, 5, 4)
    )
    qtbot.addWidget(dialog)
    assert dialog.by_rotation.isChecked()
    assert not dialog.mission.isEnabled()
    dialog.rotation.setCurrentText("KAZCOY-R02")
    assert dialog.target() == RosterTarget(rotation="KAZCOY-R02")
    dialog.by_mission.setChecked(True)
    assert dialog.mission.isEnabled() and not dialog.rotation.isEnabled()
    dialog.mission.setCurrentText("UNIFIL")
    assert dialog.target() == RosterTarget(mission="UNIFIL", on=dt.date(2026, 5, 4))
    assert dialog.target().name == "UNIFIL-2026-05-04"


def test_roster_dialog_without_rotations_starts_on_missions(qtbot: Any) -> None:
    dialog = RosterDialog(None, [], ["UNDOF"])
    qtbot.addWidget(dialog)
    assert dialog.by_mission.isChecked() and not dialog.by_rotation.isEnabled()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
