"""What an error says: a row error, a field problem, or anything else, in one line."""

from __future__ import annotations

from dataclasses import dataclass

from planner.errors import FieldProblem, PlannerError
from ui.widgets.problems import describe_problem, error_details, error_sentence


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
