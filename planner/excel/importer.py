"""Import of a plan workbook (DESIGN.md section 4): all or nothing, merged by natural key.

The workbook is checked for safety and read first; then, inside one transaction, what the
plan holds is loaded once, every row is checked, and only when no row has an error are
the changes written in bulk. Importing the same workbook twice changes nothing the second
time: rows equal to what the plan holds are left alone (no version bump).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from planner.excel.columns import REF_KEY, SHEETS, SheetSpec
from planner.excel.errors import CellError, WorkbookError, workbook_errors
from planner.excel.incoming import Incoming, convert_sheet
from planner.excel.merge import Merger
from planner.excel.reader import read_workbook
from planner.excel.records import Record, key_names, load_records
from planner.excel.speed import paused_gc
from planner.excel.write import write_changes
from planner.plan import Plan
from planner.progress import NO_PROGRESS, Progress


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """What an import did, per sheet (in workbook order of DESIGN.md), and its warnings."""

    sheets: dict[str, SheetCounts] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.sheets.values())

    def summary(self) -> str:
        lines = [
            f"{title}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for title, c in self.sheets.items()
        ]
        lines.extend(f"Warning: {warning}" for warning in self.warnings)
        return "\n".join(lines)


def import_workbook(plan: Plan, path: Path, progress: Progress = NO_PROGRESS) -> ImportReport:
    """Import the plan workbook ``path`` into ``plan`` in one transaction.

    Raises WorkbookError (listing every problem found, with sheet, row, column and value)
    when the file or any row is wrong; the plan is then unchanged.
    """
    with paused_gc():
        return _import(plan, Path(path), progress)


def _import(plan: Plan, path: Path, progress: Progress) -> ImportReport:
    total = 2 * len(SHEETS) + 2
    progress.step(0, total, f"Reading {path.name}")
    read = read_workbook(path)
    errors: list[CellError] = list(read.errors)
    incoming: dict[str, Incoming] = {}
    for done, sheet in enumerate(read.sheets, start=1):
        progress.step(done, total, f"Checking {sheet.title}")
        incoming[sheet.spec.entity] = convert_sheet(sheet, errors)
        sheet.cells = []  # the rows as read are not needed again: their memory goes now
    report = ImportReport(warnings=read.warnings)
    try:
        with plan.write() as session:
            progress.step(len(SHEETS) + 1, total, "Comparing with the plan")
            names = key_names(session)
            existing: dict[str, list[Record]] = {
                spec.entity: load_records(session, spec, names)
                for spec in SHEETS
                if spec.entity in incoming or spec.entity in REF_KEY or _read_by(spec, incoming)
            }
            # Rows with a bad cell are left out of this phase, but every other row is still
            # checked, so that one import lists every problem.
            all_changes = Merger(existing, incoming, errors).run()
            if errors:
                raise workbook_errors(path.name, _in_order(errors), len(errors))
            ids: dict[str, dict[Any, int]] = {
                entity: {key: row_id for row_id, key in mapping.items()}
                for entity, mapping in names.items()
            }
            write_changes(session, all_changes, ids, progress, (len(SHEETS) + 2, total))
            for changes in all_changes:
                report.sheets[changes.spec.title] = SheetCounts(
                    changes.created, len(changes.updates), changes.unchanged
                )
    except IntegrityError as exc:
        raise WorkbookError(
            f"{path.name}: the plan refused the import ({exc.orig}); nothing was imported."
        ) from None
    except OperationalError as exc:
        raise WorkbookError(
            f"{path.name}: the plan could not be written ({exc.orig}); nothing was imported."
        ) from None
    progress.step(total, total, "Imported")
    return report


def _read_by(spec: SheetSpec, incoming: dict[str, Incoming]) -> bool:
    """Whether the checks of a sheet in the workbook read the records of ``spec``'s: a
    clause's missions are checked against its authorisation's authorised missions."""
    return spec.entity == "authorised_mission" and "ceiling_clause" in incoming


def _in_order(errors: list[CellError]) -> list[CellError]:
    """Errors by sheet (in workbook order), then row, as a planner reads them."""
    order = {spec.title.lower(): i for i, spec in enumerate(SHEETS)}
    return sorted(
        errors, key=lambda e: (order.get(e.sheet.lower(), len(order)), e.sheet, e.row or 0)
    )
