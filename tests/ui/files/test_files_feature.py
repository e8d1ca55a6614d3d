"""The File menu of the real window: import with a bad row (the message names the row,
nothing changes), a good import refreshing the tabs, a roster exported and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from python_calamine import CalamineWorkbook

from ui.feature.actions import Action
from ui.missions.view import MissionsView
from ui.shell.window import MainWindow
from ui.units.view import UnitsView
from ui.widgets.roster_dialog import RosterTarget
from ui.widgets.row_errors import RowErrorsDialog


def _missions_workbook(path: Path, rows: list[tuple[object, object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Missions"
    sheet.append(["Code*", "Name*", "Area"])
    for code, name in rows:
        sheet.append([code, name, "somewhere"])
    book.save(path)
    return path


def test_import_from_the_menu_names_the_bad_row_and_changes_nothing(
    window: MainWindow, answers: Any, tmp_path: Path
) -> None:
    window.tabs.setCurrentIndex(1)
    missions = window.tab(MissionsView).missions.model
    before = missions.total_rows
    bad = _missions_workbook(tmp_path / "bad.xlsx", [("UNMIK", "Kosovo"), ("UNMIL", None)])
    answers.open_path = bad
    window.registry[Action.IMPORT].trigger()
    assert window.runner.wait_idle(60)
    box = answers.shown[-1]
    assert isinstance(box, RowErrorsDialog) and box.isVisible()
    rows = [
        [box.model.index(r, c).data() for c in range(box.model.columnCount())]
        for r in range(box.model.rowCount())
    ]
    assert [row[:3] for row in rows] == [["Missions", "3", "Name"]]
    assert missions.total_rows == before and not missions.has_key("UNMIK")
    box.close()

    good = _missions_workbook(tmp_path / "good.xlsx", [("UNMIK", "Kosovo")])
    answers.open_path = good
    window.registry[Action.IMPORT].trigger()
    assert window.runner.wait_idle(60)
    assert missions.total_rows == before + 1 and missions.has_key("UNMIK")  # refreshed


def test_export_roster_from_the_menu_reads_back(
    window: MainWindow, answers: Any, tmp_path: Path
) -> None:
    answers.roster = RosterTarget(rotation="KAZCOY-R16")
    answers.save_path = tmp_path / "roster.xlsx"
    window.registry[Action.EXPORT_ROSTER].trigger()
    assert window.runner.wait_idle(60)
    written = tmp_path / "roster.xlsx"
    assert written.exists()
    book = CalamineWorkbook.from_path(str(written))
    cells = {str(c) for row in book.get_sheet_by_index(0).to_python() for c in row}
    window.show_record("rotation", "KAZCOY-R16")
    roster = window.tab(UnitsView).roster.model
    numbers = {roster.row_values(r)["service_number"] for r in range(roster.rowCount())}
    assert numbers and numbers <= cells


def test_file_actions_wait_for_a_plan(qtbot: Any) -> None:
    empty = MainWindow(restore=False)
    qtbot.addWidget(empty)
    for action in (
        Action.IMPORT,
        Action.EXPORT_PLAN,
        Action.EXPORT_ROSTER,
        Action.BACKUP,
        Action.CHECK,
        Action.PLAN_SETTINGS,
        Action.ASSIGN,
        Action.MOVE_ROTATION,
    ):
        assert not empty.registry[action].isEnabled(), action
    assert empty.registry[Action.NEW_PLAN].isEnabled()
    assert empty.registry[Action.OPEN_PLAN].isEnabled()
    assert empty.pages.currentWidget() is empty.no_plan
