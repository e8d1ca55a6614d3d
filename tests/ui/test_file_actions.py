"""File actions driven as a planner would: the file dialogs are answered by replacing
``ask_*`` (the only stand-ins); the import, exports and backup are the real ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow, QMessageBox
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from planner.models import Assignment, Mission, Person, Rotation
from planner.plan import Plan
from ui import file_actions
from ui.file_actions import (
    RosterDialog,
    RosterTarget,
    RowErrorsDialog,
    backup_now_action,
    export_plan_action,
    export_roster_action,
    import_workbook_action,
)
from ui.worker import TaskRunner


class StandInWindow(QMainWindow):
    """What the actions use of the main window: plan, runner, after_change, statusBar."""

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.runner = TaskRunner(self)
        self.changes: list[object] = []

    def after_change(self, change_set: object) -> None:
        self.changes.append(change_set)


def _window(qtbot: Any, plan: Plan) -> StandInWindow:
    window = StandInWindow(plan)
    qtbot.addWidget(window)
    window.show()
    return window


def _answer(monkeypatch: pytest.MonkeyPatch, name: str, answer: object) -> list[tuple[Any, ...]]:
    asked: list[tuple[Any, ...]] = []

    def ask(*args: Any) -> object:
        asked.append(args)
        return answer

    monkeypatch.setattr(file_actions, name, ask)
    return asked


def _workbook(path: Path, missions: list[tuple[object, object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Missions"
    sheet.append(["Code*", "Name*", "Area"])
    for code, name in missions:
        sheet.append([code, name, "somewhere"])
    book.save(path)
    return path


def _count(plan: Plan, model: Any) -> int:
    with plan.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_import_with_an_error_shows_the_row_and_changes_nothing(
    qtbot: Any, plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any
) -> None:
    window = _window(qtbot, plan)
    path = _workbook(tmp_path / "bad.xlsx", [("UNIFIL", "Lebanon"), ("MINURSO", None)])
    _answer(monkeypatch, "ask_open_path", path)
    import_workbook_action(window)
    assert window.runner.wait_idle(30)
    dialog = window.last_error_box  # type: ignore[attr-defined]
    assert isinstance(dialog, RowErrorsDialog)
    assert dialog.isVisible()
    assert "nothing was imported" in dialog.message.text()
    qtmodeltester.check(dialog.model)
    rows = [
        [dialog.model.index(r, c).data() for c in range(dialog.model.columnCount())]
        for r in range(dialog.model.rowCount())
    ]
    assert len(rows) == 1
    sheet, row, column, _value, problem = rows[0]
    assert (sheet, row, column) == ("Missions", "3", "Name")
    assert problem
    assert window.changes == []
    assert _count(plan, Mission) == 0
    dialog.close()


def test_import_refreshes_everything_and_reports(
    qtbot: Any, plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, plan)
    path = _workbook(tmp_path / "good.xlsx", [("UNIFIL", "Lebanon"), ("MINURSO", "Sahara")])
    _answer(monkeypatch, "ask_open_path", path)
    import_workbook_action(window)
    assert window.runner.wait_idle(30)
    assert window.changes == [None]
    assert _count(plan, Mission) == 2
    box = window.last_info_box  # type: ignore[attr-defined]
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text().startswith("Imported good.xlsx: 2 records created, 0 updated")
    assert "Missions: 2 created, 0 updated, 0 unchanged" in box.informativeText()
    assert "Imported good.xlsx" in window.statusBar().currentMessage()
    box.close()


def test_a_file_that_is_not_a_workbook_gets_one_sentence(
    qtbot: Any, plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, plan)
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    _answer(monkeypatch, "ask_open_path", path)
    import_workbook_action(window)
    assert window.runner.wait_idle(30)
    box = window.last_error_box  # type: ignore[attr-defined]
    assert "notes.xlsx" in box.text()
    assert "Traceback" not in box.text()
    assert window.changes == []
    box.close()


def test_cancelled_file_dialog_does_nothing(
    qtbot: Any, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, plan)
    _answer(monkeypatch, "ask_open_path", None)
    _answer(monkeypatch, "ask_save_path", None)
    import_workbook_action(window)
    export_plan_action(window)
    assert not window.runner.busy
    assert window.changes == []


def _members(plan: Plan, rotation: str) -> set[str]:
    with plan.read() as session:
        return set(
            session.scalars(
                select(Person.service_number)
                .join(Assignment, Assignment.person_id == Person.id)
                .join(Rotation, Assignment.rotation_id == Rotation.id)
                .where(Rotation.code == rotation, Assignment.status != "cancelled")
            )
        )


def _cells(path: Path, sheet: str | None = None) -> list[list[object]]:
    book = CalamineWorkbook.from_path(str(path))
    name = sheet or book.sheet_names[0]
    return book.get_sheet_by_name(name).to_python()


def test_export_roster_of_a_rotation_reads_back(
    qtbot: Any, demo_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, demo_plan)
    asked = _answer(monkeypatch, "ask_roster_target", RosterTarget(rotation="KAZCON-R03"))
    _answer(monkeypatch, "ask_save_path", tmp_path / "roster")
    export_roster_action(window)
    assert window.runner.wait_idle(30)
    rotations, missions = asked[0][1], asked[0][2]
    assert "KAZCON-R03" in rotations and "UNDOF" in missions
    written = tmp_path / "roster.xlsx"
    assert written.exists()
    text = {str(cell) for row in _cells(written) for cell in row}
    members = _members(demo_plan, "KAZCON-R03")
    assert members and members <= text
    assert str(written) in window.last_info_box.text()  # type: ignore[attr-defined]
    assert str(written) in window.statusBar().currentMessage()


def test_export_roster_of_a_mission_on_a_date_reads_back(
    qtbot: Any, demo_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, demo_plan)
    on = dt.date(2026, 10, 1)
    _answer(monkeypatch, "ask_roster_target", RosterTarget(mission="UNIFIL", on=on))
    _answer(monkeypatch, "ask_save_path", tmp_path / "unifil.xlsx")
    export_roster_action(window)
    assert window.runner.wait_idle(30)
    book = openpyxl.load_workbook(tmp_path / "unifil.xlsx")
    text = {str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row}
    assert "UNIFIL" in " ".join(text)


def test_export_plan_writes_every_mission(
    qtbot: Any, demo_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, demo_plan)
    _answer(monkeypatch, "ask_save_path", tmp_path / "plan.xlsx")
    export_plan_action(window)
    assert window.runner.wait_idle(60)
    rows = _cells(tmp_path / "plan.xlsx", "Missions")
    assert len(rows) - 1 == _count(demo_plan, Mission)
    assert window.changes == []


def test_backup_now_writes_a_copy(qtbot: Any, plan: Plan) -> None:
    window = _window(qtbot, plan)
    backup_now_action(window)
    assert window.runner.wait_idle(30)
    text = window.last_info_box.text()  # type: ignore[attr-defined]
    assert text.startswith("Backup written to ")
    written = Path(text.removeprefix("Backup written to ").rstrip("."))
    assert written.exists() and written.stat().st_size > 0


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


def _big_workbook(path: Path, people: int) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Personnel")
    sheet.append(["Service number*", "Surname*", "Given name*", "Sex*", "Rank*"])
    for n in range(people):
        sheet.append([f"KZ-{n:06}", f"Surname{n}", "Given", "F" if n % 5 else "M", "Sergeant"])
    book.save(path)
    return path


def test_cancelling_an_import_leaves_the_plan_unchanged(
    qtbot: Any, plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, plan)
    path = _big_workbook(tmp_path / "big.xlsx", 200)
    _answer(monkeypatch, "ask_open_path", path)
    import_workbook_action(window)
    window.runner.cancel()  # before the worker's first step: it stops there
    assert window.runner.wait_idle(60)
    assert window.changes == []
    assert not hasattr(window, "last_error_box")
    assert "cancelled" in window.statusBar().currentMessage()
    assert _count(plan, Person) == 0


def test_cancel_from_the_progress_dialog_never_half_imports(
    qtbot: Any, plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, plan)
    people = 40_000  # reading alone outlasts the dialog's delay
    path = _big_workbook(tmp_path / "big.xlsx", people)
    _answer(monkeypatch, "ask_open_path", path)
    cancelled: list[str] = []
    window.runner.cancelled.connect(cancelled.append)
    import_workbook_action(window)
    qtbot.waitUntil(lambda: window.runner.progress_dialog is not None, timeout=10_000)
    dialog = window.runner.progress_dialog
    assert dialog is not None and "big.xlsx" in dialog.labelText()
    dialog.canceled.emit()  # what its Cancel button sends
    assert window.runner.wait_idle(120)
    # Either the cancel came in time and nothing was written, or the import had already
    # committed and says so: never "cancelled" with rows written, never half the rows.
    if cancelled:
        assert window.changes == [] and _count(plan, Person) == 0
    else:
        assert window.changes == [None] and _count(plan, Person) == people


def test_roster_uses_the_windows_current_findings(
    qtbot: Any, demo_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.checking import CheckController

    window = _window(qtbot, demo_plan)
    window.checks = CheckController(demo_plan, window.runner)  # type: ignore[attr-defined]
    window.checks.refresh(None)  # type: ignore[attr-defined]
    assert window.runner.wait_idle(60)
    assert file_actions.current_findings(window) == window.checks.findings  # type: ignore[attr-defined]
    _answer(monkeypatch, "ask_roster_target", RosterTarget(rotation="KAZCON-R03"))
    _answer(monkeypatch, "ask_save_path", tmp_path / "r03.xlsx")
    export_roster_action(window)
    assert window.runner.wait_idle(60)
    checks = " ".join(str(c) for row in _cells(tmp_path / "r03.xlsx", "Checks") for c in row)
    # The planted problem of KAZCON-R03: a passport that runs out during the tour.
    assert "passport" in checks
