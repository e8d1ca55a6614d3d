"""Errors of workbook reading and writing, each with a message a planner can act on."""

from __future__ import annotations

from dataclasses import dataclass

from planner.errors import PlannerError

MAX_REPORTED = 200  # errors listed one by one; the rest are counted


@dataclass(frozen=True)
class CellError:
    """One problem in a workbook: where it is (as Excel shows it) and what is wrong."""

    sheet: str
    row: int | None  # Excel's row number (the header is row 1); None for a whole sheet
    column: str  # header name, or "" for a whole row or sheet
    value: str  # the cell's value as text, "" when there is none
    message: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = f" '{self.value}'" if self.value else ""
        return f"{where}:{shown} {self.message}"


class WorkbookError(PlannerError):
    """The workbook cannot be used. ``errors`` lists every cell problem found (capped at
    MAX_REPORTED, with ``more`` counting the rest); the plan was not changed."""

    def __init__(self, message: str, errors: list[CellError] | None = None, more: int = 0) -> None:
        super().__init__(message)
        self.errors = list(errors or [])
        self.more = more

    def report(self) -> str:
        """The message followed by one line per error (for stderr or a dialog)."""
        lines = [self.message, *(f"  {error}" for error in self.errors)]
        if self.more:
            lines.append(f"  … and {self.more} more errors not listed")
        return "\n".join(lines)


def workbook_errors(path_name: str, errors: list[CellError], total: int) -> WorkbookError:
    """The error raised when rows of a workbook are wrong: nothing was imported."""
    noun = "error" if total == 1 else "errors"
    return WorkbookError(
        f"{path_name}: {total} {noun} found; nothing was imported.",
        errors[:MAX_REPORTED],
        max(0, total - MAX_REPORTED),
    )
