"""Importing a plan workbook (DESIGN.md section 4): all or nothing, one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.app.operation import Operation
from planner.changes import ChangeSet
from planner.plan import Plan
from planner.progress import Progress

if TYPE_CHECKING:
    from planner.excel import ImportReport


@dataclass(frozen=True)
class ImportChanges(ChangeSet):
    """What an import did: ``report`` per sheet (created, updated, unchanged; warnings).
    ``whole_plan`` is set when it changed anything: views reload and the checker checks
    the whole plan. (The rows themselves are not listed yet, so an import is not an undo
    step; ``planner.excel.write`` would have to report them.)"""

    report: ImportReport | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ImportWorkbook(Operation[ImportChanges]):
    """Import ``path`` into the plan, merged by natural key. Raises WorkbookError listing
    every problem (sheet, row, column, value, what is wrong): then nothing is written.
    Reports progress, and stops (Cancelled, nothing written) when cancelled."""

    path: Path

    @property
    def description(self) -> str:
        return f"Import {Path(self.path).name}"

    def apply(self, plan: Plan, progress: Progress) -> ImportChanges:
        from planner.excel import import_workbook

        report = import_workbook(plan, Path(self.path), progress)
        return ImportChanges(self.description, whole_plan=report.changed, report=report)
