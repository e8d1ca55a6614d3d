"""Import and export as operations: a plan exported and imported into an empty plan
gives the same records; the ChangeSets say what a front end must refresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.app import (
    ExportPlan,
    ExportRoster,
    ImportWorkbook,
    PlanSession,
    Progress,
    WorkbookError,
    WriteTemplate,
)
from planner.plan import Plan


def test_export_then_import_into_an_empty_plan(demo_plan: Plan, tmp_path: Path) -> None:
    source = PlanSession(demo_plan)
    steps: list[int] = []
    written = source.run(
        ExportPlan(tmp_path / "plan.xlsx"), Progress(lambda d, t, s: steps.append(d))
    )
    assert written.path == tmp_path / "plan.xlsx" and not written  # no change: no undo step
    assert steps and written.description == f"Wrote the plan to {tmp_path / 'plan.xlsx'}"
    with PlanSession.create(tmp_path / "empty.sqlite") as target:
        done = target.run(ImportWorkbook(tmp_path / "plan.xlsx"))
        assert done.whole_plan and done  # anything may have changed: reload, recheck all
        assert done.report is not None and done.report.changed
        assert target.entity_counts() == source.entity_counts()
        again = target.run(ImportWorkbook(tmp_path / "plan.xlsx"))
        assert not again.whole_plan and not again  # the same workbook twice: nothing new
        assert list(target.check()) == list(source.check())


def test_a_roster_and_the_template(demo_plan: Plan, tmp_path: Path) -> None:
    session = PlanSession(demo_plan)
    roster = session.run(ExportRoster(tmp_path / "r.xlsx", rotation="KAZCOY-R01"))
    assert roster.path is not None and roster.path.stat().st_size > 0
    template = WriteTemplate(tmp_path / "t.xlsx").write()
    assert template.path is not None and template.path.stat().st_size > 0


def test_a_bad_workbook_is_refused_and_nothing_is_written(plan: Plan, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    session = PlanSession(plan)
    with pytest.raises(WorkbookError):
        session.run(ImportWorkbook(bad))
    assert set(session.entity_counts().values()) == {0}
