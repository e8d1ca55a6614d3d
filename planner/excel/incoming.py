"""A sheet's cells converted to stored values, column by column.

A whole column is converted at once where it can be (text that is all text, date cells
that are all dates, a column of few distinct values converted once per value), in C
through map and set, which is what keeps a 100,000-row import near the time it takes just
to read the cells. Any doubt — a cell that does not convert, a required cell left empty —
and the sheet is converted again row by row, which lists every problem with its row.
Both ways give the same values: the per-cell converters of planner.excel.convert are the
reference, and the column shortcuts are only taken where they give exactly what the
converter would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from planner.excel.columns import SheetSpec
from planner.excel.convert import CONVERTERS, Converter, key_field, shown
from planner.excel.errors import CellError
from planner.excel.reader import SheetRows
from planner.fields import FieldSpec


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()  # a cell that did not convert (its row has an error)

# Assignment fields that may be empty in the sheet because the rotation supplies them.
FROM_ROTATION: Final = frozenset({"mission_id", "starts_on", "ends_on"})
_QUOTED_VALUE: Final = re.compile(r"^'(?P<value>.*)' (?P<rest>(?:is|are) .*)$", re.DOTALL)


@dataclass
class Incoming:
    """One sheet's rows as converted columns (only the columns the sheet has)."""

    spec: SheetSpec
    title: str
    numbers: Sequence[int]  # the Excel row number of each row
    columns: dict[str, Sequence[Any]]  # field → value of each row (MISSING: not converted)
    ok: list[bool] | None = None  # per row: converted without error (None: every row)
    # The distinct values of each column (filled as the columns are converted, or on
    # first use): what a column holds is then asked of a few values, not of every row.
    distinct: dict[str, set[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.numbers)

    def rows(self) -> Iterator[tuple[int, dict[str, Any], bool]]:
        """(Excel row number, {field: value} of the converted cells, row ok) per row."""
        names = list(self.columns)
        columns = list(self.columns.values())
        ok = self.ok
        for index, number in enumerate(self.numbers):
            values = {
                name: column[index]
                for name, column in zip(names, columns, strict=True)
                if column[index] is not MISSING
            }
            yield number, values, True if ok is None else ok[index]

    def values_of(self, name: str) -> set[Any]:
        """The distinct values of the column ``name`` (none when it is absent)."""
        found = self.distinct.get(name)
        if found is None:
            found = self.distinct[name] = set(self.columns.get(name, ()))
        return found

    def keys_of(self, name: str) -> set[Any]:
        """The distinct values given in the column ``name``, empty ones left out."""
        return self.values_of(name) - {None, MISSING}


def convert_sheet(sheet: SheetRows, errors: list[CellError]) -> Incoming:
    """Every cell of ``sheet`` converted to its stored value; problems listed per cell."""
    fast = _convert_columns(sheet)
    if fast is not None:
        columns, distinct = fast
        return Incoming(sheet.spec, sheet.title, sheet.numbers, columns, distinct=distinct)
    return _convert_rows(sheet, errors)


def _present(sheet: SheetRows) -> list[tuple[FieldSpec, int, Converter, bool]]:
    spec = sheet.spec
    converters = CONVERTERS[spec.entity]
    derived = FROM_ROTATION if spec.entity == "assignment" else frozenset()
    return [
        (f, sheet.columns[f.name], converters[f.name], f.required and f.name not in derived)
        for f in spec.fields
        if f.name in sheet.columns
    ]


def _convert_columns(
    sheet: SheetRows,
) -> tuple[dict[str, Sequence[Any]], dict[str, set[Any]]] | None:
    """The converted columns and the distinct values of each, or None when some cell
    does not convert or a required cell is empty (the row-by-row conversion then says
    which)."""
    cells = sheet.cells
    present = _present(sheet)
    if not cells:
        return {f.name: [] for f, *_ in present}, {f.name: set() for f, *_ in present}
    try:
        # All columns in one pass over the rows (far faster than a pass per column).
        grid = list(zip(*cells, strict=True))
    except ValueError:  # rows of different widths
        return None
    columns: dict[str, Sequence[Any]] = {}
    distinct: dict[str, set[Any]] = {}
    for spec_field, index, convert, required in present:
        if index >= len(grid):
            return None
        converted = _column(spec_field, convert, grid[index])
        if converted is None or (required and None in converted[1]):
            return None
        columns[spec_field.name], distinct[spec_field.name] = converted
    return columns, distinct


def _column(
    spec_field: FieldSpec, convert: Converter, raw: Sequence[Any]
) -> tuple[Sequence[Any], set[Any]] | None:
    """One column converted, with its distinct values; None if a cell does not convert."""
    given = set(raw)
    types = set(map(type, given))
    kind = spec_field.kind
    try:
        if bool in types or (int in types and float in types):
            # True == 1 == 1.0 as keys, yet they convert differently: cell by cell.
            values = list(map(convert, raw))
            return values, set(values)
        if types == {dt.date} and kind == "date":
            return raw, given  # date cells are already the stored value
        if types != {str} or kind not in ("text", "ref") or 2 * len(given) <= len(raw):
            # Each distinct value converted once (a rank, a status, a role, a date).
            table = {value: convert(value) for value in given}
            return list(map(table.__getitem__, raw)), set(table.values())
    except (ValueError, KeyError):
        return None
    # Text of mostly different values (names, references): what the text converter
    # does to each cell, done on the whole column.
    stripped: list[Any] = list(map(str.strip, raw))
    if max(map(len, stripped)) > _text_limit(spec_field):
        return None
    if "" in stripped:
        default = None if kind == "ref" else spec_field.default
        stripped = [text or default for text in stripped]
    return stripped, set(stripped)


def _text_limit(spec_field: FieldSpec) -> int:
    if spec_field.kind == "ref":
        return key_field(spec_field).max_length
    return spec_field.max_length


def _convert_rows(sheet: SheetRows, errors: list[CellError]) -> Incoming:
    """Row by row, as a planner reads the sheet: every problem listed with its cell."""
    present = _present(sheet)
    title = sheet.title
    columns: dict[str, list[Any]] = {f.name: [] for f, *_ in present}
    ok_rows: list[bool] = []
    for number, cells in zip(sheet.numbers, sheet.cells, strict=True):
        ok = True
        width = len(cells)
        for spec_field, index, convert, required in present:
            raw = cells[index] if index < width else ""
            column = columns[spec_field.name]
            try:
                value = convert(raw)
            except ValueError as exc:
                errors.append(cell_error(title, number, spec_field, raw, str(exc)))
                column.append(MISSING)
                ok = False
                continue
            if value is None and required:
                errors.append(CellError(title, number, spec_field.label, "", "is required"))
                ok = False
            column.append(value)
        ok_rows.append(ok)
    return Incoming(sheet.spec, title, sheet.numbers, dict(columns), ok_rows)


def cell_error(title: str, row: int, spec_field: FieldSpec, raw: Any, message: str) -> CellError:
    value = shown(raw)
    match = _QUOTED_VALUE.match(message)
    if match and match.group("value").strip() == value.strip():
        message = match.group("rest")  # the value is shown once, beside the column
    return CellError(title, row, spec_field.label, value, message)
