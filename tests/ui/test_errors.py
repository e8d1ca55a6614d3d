"""Error boxes: one plain sentence, details on demand, never a traceback as the text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.errors import FieldProblem, PlannerError, ValidationError
from ui.errors import describe_problem, error_details, error_sentence, show_error


def _raise_and_catch() -> BaseException:
    try:
        {}["missing"]
    except KeyError as exc:
        return exc
    raise AssertionError


def test_planner_error_shows_its_message_and_problems(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    exc = ValidationError(
        [FieldProblem("surname", "is required"), FieldProblem("rank", "is not a rank")],
        entity="Person",
    )
    box = show_error(parent, exc)
    assert box is parent.last_error_box  # type: ignore[attr-defined]
    assert box.isVisible()
    assert box.text() == "Person: surname: is required; rank: is not a rank"
    assert box.detailedText().splitlines() == ["surname: is required", "rank: is not a rank"]
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_unexpected_error_is_one_sentence_with_the_traceback_in_details(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_error(parent, _raise_and_catch(), title="Export")
    assert box.windowTitle() == "Export"
    assert box.text() == "Something went wrong: 'missing'"
    assert "Traceback" not in box.text()
    assert "Traceback (most recent call last)" in box.detailedText()
    assert "KeyError" in box.detailedText()
    assert box.icon() == QMessageBox.Icon.Critical
    box.close()


@dataclass
class _RowError:
    sheet: str
    row: int
    column: str
    value: object
    message: str


class _WorkbookLikeError(PlannerError):
    def __init__(self, errors: list[_RowError]) -> None:
        super().__init__(f"The workbook has {len(errors)} errors; nothing was imported.")
        self.errors = errors


def test_row_errors_are_listed_with_sheet_row_column_value() -> None:
    exc = _WorkbookLikeError(
        [
            _RowError("Personnel", 7, "Rank", "Generalissimo", "is not a rank"),
            _RowError("Missions", 3, "Code", None, "is required"),
        ]
    )
    assert error_sentence(exc) == "The workbook has 2 errors; nothing was imported."
    assert error_details(exc).splitlines() == [
        "Personnel, row 7, column Rank: is not a rank (value 'Generalissimo')",
        "Missions, row 3, column Code: is required",
    ]


def test_the_real_workbook_error_lists_its_cells_and_how_many_more() -> None:
    from planner.excel import CellError, WorkbookError

    exc = WorkbookError(
        "plan.xlsx: 203 errors found; nothing was imported.",
        [CellError("Units", 4, "Mission", "UNIFLI", "no mission UNIFLI in the plan")],
        more=202,
    )
    assert error_sentence(exc) == "plan.xlsx: 203 errors found; nothing was imported."
    assert error_details(exc).splitlines() == [
        "Units, row 4, column Mission: no mission UNIFLI in the plan (value 'UNIFLI')",
        "… and 202 more not listed",
    ]


def test_describe_problem_falls_back_to_text() -> None:
    assert describe_problem("plain") == "plain"
    assert describe_problem(FieldProblem("", "dates overlap")) == "dates overlap"


def test_without_parent_the_box_is_kept_on_the_module(qtbot: Any) -> None:
    import ui.errors

    box = show_error(None, PlannerError("No plan is open."))
    assert ui.errors.last_error_box is box
    assert box.text() == "No plan is open."
    assert box.detailedText() == ""
    box.close()
