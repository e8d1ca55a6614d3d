"""The File menu of the real window: import with a bad row (the message names the row,
nothing changes), a good import refreshing the tabs, a roster exported and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ui import file_actions
from ui.main_window import MainWindow


def _answer(monkeypatch: pytest.MonkeyPatch, name: str, answer: object) -> None:
    monkeypatch.setattr(file_actions, name, lambda *_args: answer)


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
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.tabs.setCurrentIndex(1)
    missions = window.views[0].missions.model
    before = missions.total_rows
    bad = _missions_workbook(tmp_path / "bad.xlsx", [("UNMIK", "Kosovo"), ("UNMIL", None)])
    _answer(monkeypatch, "ask_open_path", bad)
    window.actions_["import"].trigger()
    assert window.runner.wait_idle(60)
    box = window.last_error_box
    assert box is not None and box.isVisible()
    rows = [
        [box.model.index(r, c).data() for c in range(box.model.columnCount())]  # type: ignore[attr-defined]
        for r in range(box.model.rowCount())  # type: ignore[attr-defined]
    ]
    assert [row[:3] for row in rows] == [["Missions", "3", "Name"]]
    assert missions.total_rows == before and not missions.has_key("UNMIK")
    box.close()

    good = _missions_workbook(tmp_path / "good.xlsx", [("UNMIK", "Kosovo")])
    _answer(monkeypatch, "ask_open_path", good)
    window.actions_["import"].trigger()
    assert window.runner.wait_idle(60)
    assert missions.total_rows == before + 1 and missions.has_key("UNMIK")  # refreshed


def test_export_roster_from_the_menu_reads_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _answer(monkeypatch, "ask_roster_target", file_actions.RosterTarget(rotation="KAZCOY-R16"))
    _answer(monkeypatch, "ask_save_path", tmp_path / "roster.xlsx")
    window.actions_["export_roster"].trigger()
    assert window.runner.wait_idle(60)
    written = tmp_path / "roster.xlsx"
    assert written.exists()
    book = CalamineWorkbook.from_path(str(written))
    cells = {str(c) for row in book.get_sheet_by_index(0).to_python() for c in row}
    window.show_record("rotation", "KAZCOY-R16")
    roster = window.views[2].roster.model
    numbers = {roster.row_values(r)["service_number"] for r in range(roster.rowCount())}
    assert numbers and numbers <= cells


def test_file_actions_wait_for_a_plan(qtbot: Any) -> None:
    empty = MainWindow(restore=False)
    qtbot.addWidget(empty)
    for name in ("import", "export_plan", "export_roster", "backup", "check", "settings"):
        assert not empty.actions_[name].isEnabled(), name
    assert empty.actions_["new"].isEnabled() and empty.actions_["open"].isEnabled()
    assert empty.pages.currentWidget() is empty.no_plan
