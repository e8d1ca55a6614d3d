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
from planner.fields import KEY_FIELDS, FieldSpec
from planner.limits import FIRST_DATE, LAST_DATE
from planner.textsafe import clean_text


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
    # What is known of each column without looking at every row again: its distinct
    # values (kept from the conversion, or found on first use) and whether it has an
    # empty value.
    distinct: dict[str, set[Any]] = field(default_factory=dict)
    empty: dict[str, bool] = field(default_factory=dict)

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

    def has_empty(self, name: str) -> bool:
        """Whether some row leaves the column ``name`` empty (True when it is absent)."""
        known = self.empty.get(name)
        if known is None:
            known = self.empty[name] = name not in self.columns or None in self.values_of(name)
        return known


def convert_sheet(sheet: SheetRows, errors: list[CellError]) -> Incoming:
    """Every cell of ``sheet`` converted to its stored value; problems listed per cell."""
    fast = _convert_columns(sheet)
    if fast is not None:
        return fast
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


def _convert_columns(sheet: SheetRows) -> Incoming | None:
    """The sheet's converted columns, or None when some cell does not convert or a
    required cell is empty (the row-by-row conversion then says which)."""
    cells = sheet.cells
    result = Incoming(sheet.spec, sheet.title, sheet.numbers, {})
    try:
        # All columns in one pass over the rows (far faster than a pass per column).
        grid = list(zip(*cells, strict=True))
    except ValueError:  # rows of different widths
        return None
    for spec_field, index, convert, required in _present(sheet):
        name = spec_field.name
        if not cells:
            result.columns[name] = []
            continue
        if index >= len(grid):
            return None
        converted = _column(spec_field, convert, grid[index])
        if converted is None:
            return None
        result.columns[name], distinct, result.empty[name] = converted
        if distinct is not None:
            result.distinct[name] = distinct
        if required and result.empty[name]:
            return None
    return result


def _column(
    spec_field: FieldSpec, convert: Converter, raw: Sequence[Any]
) -> tuple[Sequence[Any], set[Any] | None, bool] | None:
    """One column converted, with its distinct values (when known) and whether one is
    empty; None if a cell does not convert."""
    kind = spec_field.kind
    if kind == "date" and set(map(type, raw)) == {dt.date}:
        if raw and (min(raw) < FIRST_DATE or max(raw) > LAST_DATE):
            return None  # planner.limits: the row-by-row way names the cell
        return raw, None, False  # date cells are already the stored value
    given = set(raw)
    types = set(map(type, given))
    try:
        if bool in types or (int in types and float in types):
            # True == 1 == 1.0 as keys, yet they convert differently: cell by cell.
            values = list(map(convert, raw))
            return values, None, None in values
        if types != {str} or kind not in ("text", "ref") or 2 * len(given) <= len(raw):
            # Each distinct value converted once (a rank, a status, a role, a date).
            table = {value: convert(value) for value in given}
            distinct = set(table.values())
            return list(map(table.__getitem__, raw)), distinct, None in distinct
    except (ValueError, KeyError):
        return None
    # Text of mostly different values (names, references): what the text converter
    # does to each cell, done on the whole column.
    stripped: list[Any] = list(map(str.strip, raw))
    joined = "".join(stripped)
    if not (joined.isascii() and joined.isprintable()):
        # planner.textsafe: NFC, no control characters, keys in one alphabet.
        key = kind == "ref" or spec_field.name in KEY_FIELDS
        try:
            stripped = [clean_text(text, key=key) for text in stripped]
        except ValueError:
            return None
    if max(map(len, stripped)) > _text_limit(spec_field):
        return None
    default = None if kind == "ref" else spec_field.default
    blank = "" in stripped
    if blank:
        stripped = [text or default for text in stripped]
    return stripped, None, blank and default is None


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
