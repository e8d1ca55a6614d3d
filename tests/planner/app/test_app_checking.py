"""The checker of an open plan: a full check, and the incremental one agreeing with it
edit after edit (rows read again from the plan), with the facts it publishes."""

from __future__ import annotations

import datetime as dt

import pytest
from plan_builder import D, PlanBuild
from sqlalchemy import select

from planner.app.checking import PlanChecker, check_plan
from planner.models import Authorisation, Rotation
from planner.plan import Plan
from planner.progress import Cancelled, Progress
from planner.queries.snapshot import load_snapshot
from planner.rules.facts import snapshot_facts
from planner.rules.headcount import mission_headcount
from planner.services import (
    ChangeSet,
    assign_person,
    create,
    delete,
    get,
    move_rotation,
    resize_rotation,
    revert,
    set_assignment_status,
    set_rotation_status,
    update,
)

TODAY = D(2020, 3, 15)


def _small_plan(build: PlanBuild) -> None:
    build.mission("M1")
    build.mission("M2", language="fr")
    build.authorisation("A", D(2019, 1, 1), {"M1": (2, ""), "M2": (1, "observer")}, total=2)
    build.unit("U1", "M1", strength=2)
    build.rotation("U1-R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    build.rotation("U1-R2", "U1", D(2020, 7, 1), D(2020, 12, 31))
    for number in ("P1", "P2", "P3"):
        build.person(number)
    build.assign("P1", rotation="U1-R1")
    build.assign("P2", rotation="U1-R1")
    build.assign("P3", rotation="U1-R2")
    build.assign("P3", D(2020, 3, 1), D(2020, 3, 31), mission="M2")
    build.absence("P2", D(2020, 2, 1), D(2020, 2, 3))


def test_check_plan_reports_progress_and_can_be_cancelled(plan: Plan) -> None:
    build = PlanBuild(plan)
    _small_plan(build)
    steps: list[tuple[int, int, str]] = []
    check_plan(build.plan, Progress(lambda done, total, text: steps.append((done, total, text))))
    assert [s[0] for s in steps] == [0, 1, 2, 3, 4] and steps[-1][1] == 4
    progress = Progress(lambda done, total, text: progress.cancel() if done == 1 else None)
    with pytest.raises(Cancelled):
        check_plan(build.plan, progress)


def _agrees(checker: PlanChecker, plan: Plan) -> None:
    """The checker's findings and facts are a full check's, every figure of them."""
    result = checker.result
    assert result is not None
    assert list(result.findings) == check_plan(plan)
    snapshot = load_snapshot(plan)
    expected = snapshot_facts(snapshot, result.findings, TODAY)
    facts = result.facts
    assert facts.on() == expected.on() and facts.upcoming == expected.upcoming
    assert dict(facts.findings) == dict(expected.findings)
    for code, mission in expected.missions.items():
        assert facts.missions[code].headcount.runs() == mission.headcount.runs(), code
    for reference, authorisation in expected.authorisations.items():
        assert facts.authorisations[reference].total.runs() == authorisation.total.runs()
    runs = {code: m.headcount.counts for code, m in facts.missions.items() if m.headcount.counts}
    assert {c: len(r) for c, r in runs.items()} == {
        c: len(r) for c, r in mission_headcount(snapshot).items()
    }


def test_the_incremental_checker_agrees_with_a_full_check_edit_after_edit(
    plan: Plan,
) -> None:
    build = PlanBuild(plan)
    _small_plan(build)
    plan = build.plan
    checker = PlanChecker(plan, today=lambda: TODAY)
    checker.refresh()
    _agrees(checker, plan)
    assert checker.full_checks == 1

    def rotation(code: str) -> dict[str, object]:
        with plan.read() as session:
            row_id = session.scalar(select(Rotation.id).where(Rotation.code == code))
        return get(plan, "rotation", int(row_id or 0))

    edits: list[ChangeSet] = []

    def edit(change_set: ChangeSet) -> None:
        """Each edit is checked as the window does: right after it is made."""
        edits.append(change_set)
        checker.refresh(change_set)
        _agrees(checker, plan)

    r1 = rotation("U1-R1")
    edit(move_rotation(plan, int(r1["id"]), int(r1["version"]), D(2020, 1, 20)))
    edit(assign_person(plan, build.id("person", "P1"), rotation_id=build.id("rotation", "U1-R2")))
    r2 = rotation("U1-R2")
    edit(resize_rotation(plan, int(r2["id"]), int(r2["version"]), D(2020, 6, 15), D(2020, 9, 30)))
    r1 = rotation("U1-R1")
    edit(set_rotation_status(plan, int(r1["id"]), int(r1["version"]), "cancelled"))
    edit(update(plan, "person", build.id("person", "P3"), None, {"service_number": "P3-NEW"}))
    edit(
        create(
            plan,
            "credential",
            {
                "person_id": build.id("person", "P3"),
                "kind": "medical",
                "issued_on": D(2020, 3, 10),
                "expires_on": D(2020, 3, 12),
            },
        )
    )
    edit(delete(plan, "absence", build.id("absence", f"P2/{D(2020, 2, 1)}"), None))
    p3_m2 = build.id("assignment", f"P3/{D(2020, 3, 1)}/M2")
    edit(set_assignment_status(plan, p3_m2, None, "cancelled"))
    edit(delete(plan, "person", build.id("person", "P1"), None))
    assert checker.full_checks == 1  # none of these needed a full check
    # Undo the last three (undoing a row's creation after its later edits were undone is
    # refused by the services' version check, so the undo stops there).
    for change_set in reversed(edits[-3:]):
        checker.refresh(revert(plan, change_set))
        _agrees(checker, plan)
    assert checker.full_checks == 1


def test_edits_every_part_reads_mean_a_full_check(plan: Plan) -> None:
    build = PlanBuild(plan)
    _small_plan(build)
    plan = build.plan
    checker = PlanChecker(plan)
    checker.refresh()
    with plan.read() as session:
        auth_id = session.scalar(select(Authorisation.id))
    change = update(plan, "authorisation", int(auth_id or 0), None, {"total_ceiling": 10})
    found = checker.refresh(change).findings
    assert checker.full_checks == 2
    assert [f.rule for f in found if f.rule == "total-ceiling"] == []
    after = checker.refresh(update(plan, "settings", 1, None, {"min_rest_days": 10}))
    assert checker.full_checks == 3 and list(after.findings) == check_plan(plan)
    checker.refresh(None)
    assert checker.full_checks == 4


def test_an_empty_plan_has_no_findings(plan: Plan) -> None:
    assert check_plan(plan) == []
    checker = PlanChecker(plan)
    assert checker.refresh().findings == () and checker.refresh(None).findings == ()
    assert checker.refresh().facts.on().missions == ()


def test_many_findings_are_replaced_in_order(plan: Plan) -> None:
    """An edit that replaces many findings (30 people lacking every credential)."""
    build = PlanBuild(plan)
    build.mission("M1")
    build.unit("U1", "M1")
    build.rotation("U1-R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    for n in range(30):
        build.person(f"P{n}", credentials=False)
        build.assign(f"P{n}", rotation="U1-R1")
    checker = PlanChecker(build.plan)
    assert len(checker.refresh().findings) > 120
    with build.plan.read() as session:
        rotation_id, version = session.execute(select(Rotation.id, Rotation.version)).one()
    change = move_rotation(build.plan, rotation_id, version, dt.date(2021, 1, 1))
    assert list(checker.refresh(change).findings) == check_plan(build.plan)
    change = set_rotation_status(build.plan, rotation_id, version + 1, "cancelled")
    assert list(checker.refresh(change).findings) == check_plan(build.plan) == []
