"""What an import will write for one sheet, as both merges (column by column, and the
row-by-row reference) decide it; planner.excel.write applies it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from planner.excel.columns import SheetSpec

Row = tuple[Any, ...]  # a record's values in its sheet's column order (refs as natural keys)
Rotations = dict[str, tuple[str | None, Any, Any]]  # code → (unit's mission, starts, ends)

# A mission's language: a two- or three-letter code, stored in lower case.
LANGUAGE_CODE: Final = re.compile(r"[a-z]{2,3}")


@dataclass
class Facts:
    """What the checks of a sheet look up in the plan and the workbook together."""

    known: dict[str, set[Any]]  # entity → the natural keys of its records
    rotations: Rotations
    # authorisation reference → the mission codes it lists (its authorised missions)
    listed: dict[Any, set[Any]]


@dataclass
class Update:
    id: int
    version: int  # the version the row was compared against
    values: Row


@dataclass
class Changes:
    """What to write for one sheet (refs still as natural keys)."""

    spec: SheetSpec
    # The records to create, column by column in the sheet's field order (the way they
    # are checked and written): no list of row objects is built for 40,000 new rows.
    new: list[Sequence[Any]] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0

    @property
    def created(self) -> int:
        return len(self.new[0]) if self.new else 0


def as_columns(rows: list[Row]) -> list[Sequence[Any]]:
    """Rows (tuples of equal width) as columns; no columns for no rows."""
    return list(zip(*rows, strict=True))
