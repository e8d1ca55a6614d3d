"""Reading a plan workbook's sheets into rows of cells, after the safety checks.

python-calamine reads cell values about ten times faster than openpyxl; it is only handed
a file that planner.excel.safety has passed (its dense grid is bounded, its XML has no
DTD), and it runs in a child process under memory and time limits (planner.calamine_child
says why). This module finds the sheets and columns of DESIGN.md section 4 and reports, as
errors, what would make the values mean something else than they seem: merged cells,
empty rows between rows of data, a header that is not in row 1, a missing required
column or a column given twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Final

from planner.excel.columns import SHEETS, SheetSpec, is_own_sheet, normalise_header, sheet_for
from planner.excel.convert import shown
from planner.excel.errors import MAX_REPORTED, CellError, WorkbookError
from planner.excel.extent import Faults
from planner.excel.safety import MAX_TOTAL_CELLS, check_workbook


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


# What reading one workbook may take (planner.calamine_child enforces them): whatever
# its shape, a workbook is accepted or refused within these.
READ_MEMORY: Final = 400 * 1024 * 1024  # bytes of address space of the reader's process
READ_CPU_SECONDS: Final = 10
READ_WALL_SECONDS: Final = 30  # a busy machine, a slow disk; the CPU limit is the bound
_MAX_FRAME: Final = 1 << 31


def read_workbook(path: Path) -> WorkbookRows:
    """The plan sheets of ``path``; raises WorkbookError for a file that is not a usable
    workbook, and lists row and sheet problems in ``errors``."""
    wanted: list[str] = []
    chosen: set[str] = set()

    def scan(title: str) -> bool:
        # The first sheet of each kind is read; later ones are reported, not read.
        found = sheet_for(title)
        if found is None or found.title in chosen:
            return False
        chosen.add(found.title)
        wanted.append(title)
        return True

    parts = check_workbook(path, scan=scan)
    result = WorkbookRows()
    warnings = Capped(result.warnings, "warnings")
    grids = read_sheets(path, wanted) if wanted else {}
    seen: dict[str, str] = {}
    for title in parts.sheets:
        sheet_spec = sheet_for(title)
        if sheet_spec is None and is_own_sheet(title):
            continue  # the template's Instructions: no record, and no surprise
        if sheet_spec is None:
            warnings.add(f"The sheet '{title}' is not part of the plan workbook; it was ignored.")
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
        grid, merged = grids.pop(title)
        rows = _sheet_rows(sheet_spec, title, grid, merged, result, warnings)
        if rows is not None:
            _fault_errors(rows, parts.faults.get(title), result.errors)
            result.sheets.append(rows)
        del grid
    warnings.close()
    if not seen and not result.errors:
        expected = ", ".join(s.title for s in SHEETS)
        raise WorkbookError(
            f"{path.name} holds none of the plan sheets ({expected}); nothing was imported."
        )
    return result


class Capped:
    """A list of messages that stops at MAX_REPORTED and then counts: 16,384 unknown
    columns must not print 16,384 lines."""

    def __init__(self, into: list[str], noun: str) -> None:
        self._into = into
        self._noun = noun
        self._more = 0

    def add(self, message: str) -> None:
        if len(self._into) < MAX_REPORTED:
            self._into.append(message)
        else:
            self._more += 1

    def close(self) -> None:
        if self._more:
            self._into.append(f"… and {self._more:,} more {self._noun} not listed.")


def read_sheets(path: Path, titles: list[str]) -> dict[str, tuple[list[list[Any]], Merged]]:
    """{title: (rows, merged ranges)} of the sheets ``titles``, read by python-calamine in
    a child process (planner.calamine_child) within READ_MEMORY and READ_CPU_SECONDS."""
    request = {
        "path": str(path),
        "sheets": titles,
        "memory": READ_MEMORY,
        "cpu": READ_CPU_SECONDS,
        "parent": os.getpid(),
        "max_cells": MAX_TOTAL_CELLS,
    }
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])  # the folder holding the planner package
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    child = subprocess.Popen(
        [sys.executable, "-m", "planner.calamine_child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        close_fds=True,
    )
    assert child.stdin is not None and child.stdout is not None
    deadline = time.monotonic() + READ_WALL_SECONDS
    sheets: dict[str, tuple[list[list[Any]], Merged]] = {}
    try:
        with contextlib.suppress(BrokenPipeError):
            child.stdin.write(pickle.dumps(request))
            child.stdin.close()
        frames = _Frames(child.stdout.fileno(), deadline)
        while True:
            frame = frames.next()
            if frame is None:
                break
            if frame[0] == "sheet":
                rows = frame[2]
                _retype(rows, frame[4])
                sheets[frame[1]] = (rows, [_merged_range(m) for m in frame[3]])
            elif frame[0] == "error":
                raise WorkbookError(f"{path.name}: {frame[2]}.")
            elif frame[0] == "done":
                return sheets
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()
    raise WorkbookError(_explain_child(path.name, child.returncode, frames.timed_out))


def _explain_child(name: str, status: int, timed_out: bool) -> str:
    if timed_out or status in (-signal.SIGXCPU, -getattr(signal, "SIGKILL", 9)):
        return (
            f"{name} took more than {READ_CPU_SECONDS} s to read and was refused; a plan "
            "workbook of any size reads in less (is it full of stray cells or sheets?)."
        )
    return (
        f"{name} needs more than {READ_MEMORY // (1024 * 1024)} MB of memory to read and was "
        "refused; a plan workbook of any size needs less (it may be damaged or crafted)."
    )


class _Frames:
    """Length-prefixed pickles from the child's stdout, read within a deadline."""

    def __init__(self, fd: int, deadline: float) -> None:
        self._fd = fd
        self._deadline = deadline
        self.timed_out = False

    def _read(self, size: int) -> bytes | None:
        pieces: list[bytes] = []
        left = size
        while left:
            wait = self._deadline - time.monotonic()
            if wait <= 0 or not select.select([self._fd], [], [], wait)[0]:
                self.timed_out = True
                return None
            piece = os.read(self._fd, min(left, 1 << 22))
            if not piece:
                return None
            pieces.append(piece)
            left -= len(piece)
        return b"".join(pieces)

    def next(self) -> tuple[Any, ...] | None:
        head = self._read(8)
        if head is None:
            return None
        (size,) = struct.unpack("<Q", head)
        if size > _MAX_FRAME:
            return None
        data = self._read(size)
        if data is None:
            return None
        frame: tuple[Any, ...] = _Unpickler(io.BytesIO(data)).load()
        return frame


class _Unpickler(pickle.Unpickler):
    """Built-in types only (text, numbers, lists, tuples): no class is looked up, so
    nothing in a frame can run code."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"unexpected {module}.{name} from the reader")


_FROM_ORDINAL: Final = dt.date.fromordinal


def _retype(rows: list[list[Any]], typed: list[tuple[int, int, int, tuple[int, ...]]]) -> None:
    """Put back the dates and times the child took out (planner.calamine_child.untyped)."""
    for r, c, kind, parts in typed:
        if kind == 0:
            rows[r][c] = _FROM_ORDINAL(parts[0])
        elif kind == 1:
            day = _FROM_ORDINAL(parts[0])
            hour, minute, second, micro = parts[1:5]
            rows[r][c] = dt.datetime(day.year, day.month, day.day, hour, minute, second, micro)
        elif kind == 2:
            hour, minute, second, micro = parts[:4]
            rows[r][c] = dt.time(hour, minute, second, micro)
        else:
            rows[r][c] = dt.timedelta(*parts)


Merged = list[tuple[tuple[int, int], tuple[int, int]]]


def _merged_range(raw: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    (top, left), (bottom, right) = raw
    return (int(top), int(left)), (int(bottom), int(right))


def _fault_errors(rows: SheetRows, faults: Faults | None, errors: list[CellError]) -> None:
    """Error cells (#DIV/0!, #N/A …) and formulas saved without a value, in the sheet's
    plan columns: the reader sees them as empty, which would silently drop the value
    (a ceiling read as 'no ceiling')."""
    if faults is None:
        return
    labels = {index: rows.spec.field_by_name(name).label for name, index in rows.columns.items()}
    listed = 0
    for fault in faults.cells:
        label = labels.get(fault.column - 1)
        if label is None or fault.row < 2:
            continue  # an ignored column, or the header (named or not, it is reported)
        if listed >= MAX_REPORTED:
            break
        listed += 1
        if fault.error:
            message = (
                f"is the error value {fault.error}, not a value; correct the formula or "
                "type the value"
            )
        else:
            message = (
                "is a formula saved without its value (the program that saved the file did "
                "not compute it); open the file in Excel, let it calculate, and save again"
            )
        errors.append(CellError(rows.title, fault.row, label, fault.error, message))


def _sheet_rows(
    spec: SheetSpec,
    title: str,
    grid: list[list[Any]],
    merged: Merged,
    result: WorkbookRows,
    warnings: Capped,
) -> SheetRows | None:
    errors = result.errors
    if len(merged) > MAX_REPORTED:
        errors.append(
            CellError(
                title,
                None,
                "",
                "",
                f"has {len(merged):,} merged ranges; unmerge them (the first "
                f"{MAX_REPORTED} are listed)",
            )
        )
    for (top, left), (bottom, right) in merged[:MAX_REPORTED]:
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
    columns = _header(spec, title, grid[0], result, warnings)
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
    spec: SheetSpec, title: str, header: list[Any], result: WorkbookRows, warnings: Capped
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
            warnings.add(
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
    """A cell's name from 0-based indices, for any column (a crafted merged range may
    reach far past XFD, where openpyxl's get_column_letter raises)."""
    return f"{column_letters(column + 1)}{row + 1}"


def column_letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA … (bijective base 26, without an upper bound)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "?"
