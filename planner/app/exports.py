"""Writing workbooks: the whole plan, a roster, the empty template (DESIGN.md section 4).

They read the plan and write a file; they change nothing, so they run on a plan opened
read-only too. Each returns an empty ChangeSet (no undo step) naming the file written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from planner.app.operation import Operation
from planner.changes import ChangeSet
from planner.plan import Plan
from planner.progress import Progress


@dataclass(frozen=True)
class Written(ChangeSet):
    """A file an export wrote (no change to the plan)."""

    path: Path | None = None


@dataclass(frozen=True)
class ExportPlan(Operation[Written]):
    """Every record as a plan workbook (importing it into an empty plan gives it back)."""

    path: Path

    @property
    def description(self) -> str:
        return f"Export the plan to {Path(self.path).name}"

    def apply(self, plan: Plan, progress: Progress) -> Written:
        from planner.excel import export_plan

        export_plan(plan, Path(self.path), progress)
        return Written(f"Wrote the plan to {self.path}", path=Path(self.path))


@dataclass(frozen=True)
class ExportRoster(Operation[Written]):
    """The roster of one rotation, or of a mission on a day, with its findings."""

    path: Path
    rotation: str | None = None  # a rotation code, or
    mission: str | None = None  # a mission code with
    on: dt.date | None = None  # the day

    @property
    def description(self) -> str:
        which = self.rotation or f"{self.mission} on {self.on}"
        return f"Export the roster of {which}"

    def apply(self, plan: Plan, progress: Progress) -> Written:
        from planner.excel import export_roster

        progress.step(0, 1, self.description)
        export_roster(
            plan, Path(self.path), rotation=self.rotation, mission=self.mission, on=self.on
        )
        progress.step(1, 1, "Done")
        return Written(f"Wrote the roster to {self.path}", path=Path(self.path))


@dataclass(frozen=True)
class WriteTemplate(Operation[Written]):
    """The empty plan workbook with an instructions sheet (needs no plan: ``write``)."""

    path: Path

    @property
    def description(self) -> str:
        return f"Write the empty plan workbook to {Path(self.path).name}"

    def apply(self, plan: Plan | None, progress: Progress) -> Written:
        return self.write()

    def write(self) -> Written:
        from planner.excel import write_template

        write_template(Path(self.path))
        return Written(f"Wrote the empty plan workbook to {self.path}", path=Path(self.path))
