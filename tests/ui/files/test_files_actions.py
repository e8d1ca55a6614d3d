"""File actions driven as a planner would: the questions are answered by the recording
Messages (the only stand-in, with a stand-in for the window around them); the import,
exports and backup are the real ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from planner.app import PlanSession
from planner.models import Assignment, Mission, Person, Rotation
from planner.plan import Plan
from ui.feature.context import PlanEvents
from ui.files.actions import backup_now, export_plan, export_roster, import_workbook
from ui.ops.runner import TaskRunner
from ui.widgets.roster_dialog import RosterTarget
from ui.widgets.row_errors import RowErrorsDialog


class StandInWindow(QMainWindow):
    """What the file actions use of the window (their FeatureContext): the session, the
    worker, the Messages, the status bar, after_change."""

    def __init__(self, plan: Plan, messages: Any) -> None:
        super().__init__()
        self.session = PlanSession(plan)
        self.messages = messages
        self.events = PlanEvents(self)
        self.runner = TaskRunner(self, status=self.status)
        self.changes: list[object] = []
        self.has_plan = True
        self.read_only = False

    def dialog_parent(self) -> QWidget:
        return self

    def status(self, text: str, timeout_ms: int = 5000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def after_change(self, change_set: object) -> None:
        self.changes.append(change_set)


def _window(qtbot: Any, plan: Plan, answers: Any) -> Any:
    window = StandInWindow(plan, answers)
    qtbot.addWidget(window)
    window.show()
    return window


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
    qtbot: Any, plan: Plan, tmp_path: Path, answers: Any, qtmodeltester: Any
) -> None:
    window = _window(qtbot, plan, answers)
    path = _workbook(tmp_path / "bad.xlsx", [("UNIFIL", "Lebanon"), ("MINURSO", None)])
    answers.open_path = path
    import_workbook(window)
    assert window.runner.wait_idle(30)
    dialog = answers.shown[-1]
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
    qtbot: Any, plan: Plan, tmp_path: Path, answers: Any
) -> None:
    window = _window(qtbot, plan, answers)
    path = _workbook(tmp_path / "good.xlsx", [("UNIFIL", "Lebanon"), ("MINURSO", "Sahara")])
    answers.open_path = path
    import_workbook(window)
    assert window.runner.wait_idle(30)
    assert window.changes == [None]
    assert _count(plan, Mission) == 2
    box = answers.last_info()
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text().startswith("Imported good.xlsx: 2 records created, 0 updated")
    assert "Missions: 2 created, 0 updated, 0 unchanged" in box.informativeText()
    assert "Imported good.xlsx" in window.statusBar().currentMessage()
    box.close()


def test_a_file_that_is_not_a_workbook_gets_one_sentence(
    qtbot: Any, plan: Plan, tmp_path: Path, answers: Any
) -> None:
    window = _window(qtbot, plan, answers)
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    answers.open_path = path
    import_workbook(window)
    assert window.runner.wait_idle(30)
    box = answers.last_error()
    assert "notes.xlsx" in box.text()
    assert "Traceback" not in box.text()
    assert window.changes == []
    box.close()


def test_cancelled_file_dialog_does_nothing(qtbot: Any, plan: Plan, answers: Any) -> None:
    window = _window(qtbot, plan, answers)
    answers.open_path = None
    answers.save_path = None
    import_workbook(window)
    export_plan(window)
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
    qtbot: Any, demo_plan: Plan, tmp_path: Path, answers: Any
) -> None:
    window = _window(qtbot, demo_plan, answers)
    answers.roster = RosterTarget(rotation="KAZCON-R03")
    answers.save_path = tmp_path / "roster"
    export_roster(window)
    assert window.runner.wait_idle(30)
    ((rotations, missions),) = answers.questions("roster")
    assert "KAZCON-R03" in rotations and "UNDOF" in missions
    written = tmp_path / "roster.xlsx"
    assert written.exists()
    text = {str(cell) for row in _cells(written) for cell in row}
    members = _members(demo_plan, "KAZCON-R03")
    assert members and members <= text
    assert str(written) in answers.last_info().text()
    assert str(written) in window.statusBar().currentMessage()


def test_export_roster_of_a_mission_on_a_date_reads_back(
    qtbot: Any, demo_plan: Plan, tmp_path: Path, answers: Any
) -> None:
    window = _window(qtbot, demo_plan, answers)
    on = dt.date(2026, 10, 1)
    answers.roster = RosterTarget(mission="UNIFIL", on=on)
    answers.save_path = tmp_path / "unifil.xlsx"
    export_roster(window)
    assert window.runner.wait_idle(30)
    book = openpyxl.load_workbook(tmp_path / "unifil.xlsx")
    text = {str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row}
    assert "UNIFIL" in " ".join(text)


def test_export_plan_writes_every_mission(
    qtbot: Any, demo_plan: Plan, tmp_path: Path, answers: Any
) -> None:
    window = _window(qtbot, demo_plan, answers)
    answers.save_path = tmp_path / "plan.xlsx"
    export_plan(window)
    assert window.runner.wait_idle(60)
    rows = _cells(tmp_path / "plan.xlsx", "Missions")
    assert len(rows) - 1 == _count(demo_plan, Mission)
    assert window.changes == []


def test_backup_now_writes_a_copy(qtbot: Any, plan: Plan, answers: Any) -> None:
    window = _window(qtbot, plan, answers)
    backup_now(window)
    assert window.runner.wait_idle(30)
    text = answers.last_info().text()
    assert text.startswith("Backup written to ")
    written = Path(text.removeprefix("Backup written to ").rstrip("."))
    assert written.exists() and written.stat().st_size > 0


def _big_workbook(path: Path, people: int) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Personnel")
    sheet.append(["Service number*", "Surname*", "Given name*", "Sex*", "Rank*"])
    for n in range(people):
        sheet.append([f"KZ-{n:06}", f"Surname{n}", "Given", "F" if n % 5 else "M", "Sergeant"])
    book.save(path)
    return path


def test_cancelling_an_import_leaves_the_plan_unchanged(
    qtbot: Any, plan: Plan, tmp_path: Path, answers: Any
) -> None:
    window = _window(qtbot, plan, answers)
    path = _big_workbook(tmp_path / "big.xlsx", 200)
    answers.open_path = path
    import_workbook(window)
    window.runner.cancel()  # before the worker's first step: it stops there
    assert window.runner.wait_idle(60)
    assert window.changes == []
    assert answers.shown == []
    assert "cancelled" in window.statusBar().currentMessage()
    assert _count(plan, Person) == 0


def test_cancel_from_the_progress_dialog_never_half_imports(
    qtbot: Any, plan: Plan, tmp_path: Path, answers: Any
) -> None:
    window = _window(qtbot, plan, answers)
    people = 40_000  # reading alone outlasts the dialog's delay
    path = _big_workbook(tmp_path / "big.xlsx", people)
    answers.open_path = path
    cancelled: list[str] = []
    window.runner.cancelled.connect(cancelled.append)
    import_workbook(window)
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


def test_the_roster_lists_its_findings(
    qtbot: Any, demo_plan: Plan, tmp_path: Path, answers: Any
) -> None:
    window = _window(qtbot, demo_plan, answers)
    answers.roster = RosterTarget(rotation="KAZCON-R03")
    answers.save_path = tmp_path / "r03.xlsx"
    export_roster(window)
    assert window.runner.wait_idle(60)
    checks_sheet = " ".join(str(c) for row in _cells(tmp_path / "r03.xlsx", "Checks") for c in row)
    # The planted problem of KAZCON-R03: a passport that runs out during the tour.
    assert "passport" in checks_sheet
