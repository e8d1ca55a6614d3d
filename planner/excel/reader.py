"""Reading a plan workbook's sheets into rows of cells, after the safety checks.

python-calamine reads cell values about ten times faster than openpyxl; it is only handed
a file that planner.excel.safety has passed (its dense grid is bounded, its XML has no
DTD). This module finds the sheets and columns of DESIGN.md section 4 and reports, as
errors, what would make the values mean something else than they seem: merged cells,
empty rows between rows of data, a header that is not in row 1, a missing required
column or a column given twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from planner.excel.columns import SHEETS, SheetSpec, is_own_sheet, normalise_header, sheet_for
from planner.excel.convert import shown
from planner.excel.errors import CellError, WorkbookError
from planner.excel.safety import check_workbook


@dataclass
class SheetRows:
    spec: SheetSpec
    title: str  # as the workbook spells it
    columns: dict[str, int]  # field name → index in each row
    cells: list[list[Any]]  # the rows holding data, in order (each as wide as the grid)
    numbers: Sequence[int]  # the Excel row number of each (a range when none was skipped)


@dataclass
class WorkbookRows:
    sheets: list[SheetRows] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def read_workbook(path: Path) -> WorkbookRows:
    """The plan sheets of ``path``; raises WorkbookError for a file that is not a usable
    workbook, and lists row and sheet problems in ``errors``."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    check_workbook(path, scan=lambda title: sheet_for(title) is not None)
    result = WorkbookRows()
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise WorkbookError(f"{path.name} is password-protected; remove the password.") from None
    except (CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path.name} cannot be read as a workbook ({exc}).") from None
    try:
        seen: dict[str, str] = {}
        for title in workbook.sheet_names:
            sheet_spec = sheet_for(title)
            if sheet_spec is None and is_own_sheet(title):
                continue  # the template's Instructions: no record, and no surprise
            if sheet_spec is None:
                result.warnings.append(
                    f"The sheet '{title}' is not part of the plan workbook; it was ignored."
                )
                continue
            if sheet_spec.title in seen:
                result.errors.append(
                    CellError(
                        title,
                        None,
                        "",
                        "",
                        f"is a second {sheet_spec.title} sheet "
                        f"(after '{seen[sheet_spec.title]}'); keep one",
                    )
                )
                continue
            seen[sheet_spec.title] = title
            try:
                sheet = workbook.get_sheet_by_name(title)
                grid = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or []
            except CalamineError as exc:
                raise WorkbookError(
                    f"{path.name}: the sheet {title} cannot be read ({exc})."
                ) from None
            rows = _sheet_rows(sheet_spec, title, grid, merged, result)
            if rows is not None:
                result.sheets.append(rows)
    finally:
        workbook.close()
    if not seen and not result.errors:
        expected = ", ".join(s.title for s in SHEETS)
        raise WorkbookError(
            f"{path.name} holds none of the plan sheets ({expected}); nothing was imported."
        )
    return result


def _sheet_rows(
    spec: SheetSpec,
    title: str,
    grid: list[list[Any]],
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    result: WorkbookRows,
) -> SheetRows | None:
    errors = result.errors
    for (top, left), (bottom, right) in merged:
        where = f"{_cell_name(top, left)}:{_cell_name(bottom, right)}"
        if top == 0:
            errors.append(
                CellError(
                    title,
                    1,
                    "",
                    where,
                    "the header row has merged cells; unmerge them "
                    "so that every column has its own name in row 1",
                )
            )
        else:
            errors.append(
                CellError(
                    title,
                    top + 1,
                    "",
                    where,
                    "merged cells hold a value only in their "
                    "first cell; unmerge them and fill every cell",
                )
            )
    if not grid or not any(_filled(v) for v in grid[0]):
        if any(any(_filled(v) for v in row) for row in grid):
            errors.append(CellError(title, 1, "", "", "row 1 must hold the column names"))
        return None
    columns = _header(spec, title, grid[0], result)
    if columns is None:
        return None
    data = grid[1:]
    if _all_filled(data, columns[_first_required(spec)]):
        return SheetRows(spec, title, columns, data, range(2, len(grid) + 1))
    cells: list[list[Any]] = []
    numbers: list[int] = []
    blank: list[int] = []
    for index in range(1, len(grid)):
        row = grid[index]
        if any(map(_filled, row)):
            if blank:
                _blank_rows_error(title, blank, errors)
                blank = []
            cells.append(row)
            numbers.append(index + 1)
        else:
            blank.append(index + 1)
    return SheetRows(spec, title, columns, cells, numbers)


def _first_required(spec: SheetSpec) -> str:
    return next(f.name for f in spec.fields if f.required)


def _all_filled(data: list[list[Any]], index: int) -> bool:
    """Whether every row holds data, proven in C for the usual sheet: its required
    column ``index`` holds text in every row. When this cannot be shown, the rows are
    looked at one by one."""
    try:
        column = list(map(itemgetter(index), data))
    except IndexError:  # a short row
        return False
    return set(map(type, column)) <= {str} and all(map(str.strip, column))


def _header(
    spec: SheetSpec, title: str, header: list[Any], result: WorkbookRows
) -> dict[str, int] | None:
    by_label = {normalise_header(f.label): f for f in spec.fields}
    columns: dict[str, int] = {}
    ok = True
    for index, raw in enumerate(header):
        if not _filled(raw):
            continue
        name = normalise_header(shown(raw))
        found = by_label.get(name)
        if found is None:
            result.warnings.append(
                f"{title}: the column '{shown(raw)}' is not part of the plan workbook; it was "
                "ignored."
            )
        elif found.name in columns:
            result.errors.append(
                CellError(title, 1, found.label, "", "this column appears twice; keep one")
            )
            ok = False
        else:
            columns[found.name] = index
    missing = [f.label for f in spec.fields if f.required and f.name not in columns]
    if missing:
        result.errors.append(
            CellError(
                title,
                1,
                "",
                "",
                f"the required column(s) {', '.join(missing)} are missing from row 1",
            )
        )
        ok = False
    return columns if ok else None


def _blank_rows_error(title: str, blank: list[int], errors: list[CellError]) -> None:
    listed = ", ".join(str(n) for n in blank[:5]) + (" …" if len(blank) > 5 else "")
    noun = "row" if len(blank) == 1 else "rows"
    errors.append(
        CellError(
            title,
            blank[0],
            "",
            "",
            f"is empty but rows below it hold data (empty "
            f"{noun}: {listed}); delete the empty {noun} so the list has no gaps",
        )
    )


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_name(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column + 1)}{row + 1}"
