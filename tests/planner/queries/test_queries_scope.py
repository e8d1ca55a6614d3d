"""The focused check of one roster gives exactly the full check's findings about it."""

from __future__ import annotations

import datetime as dt

import pytest
from plan_builder import D, PlanBuild
from sqlalchemy import select

from planner.app.checking import check_plan
from planner.demo.problems import PLANTED
from planner.demo.synthetic import build_synthetic_plan
from planner.errors import NotFoundError, PlannerError
from planner.models import Mission, Rotation
from planner.plan import Plan
from planner.queries.scope import check_scope, scope_findings
from planner.rules.findings import Finding
from planner.rules.scope import Scope


def _codes(plan: Plan) -> tuple[list[str], list[str]]:
    with plan.read() as session:
        rotations = list(session.scalars(select(Rotation.code).order_by(Rotation.code)))
        missions = list(session.scalars(select(Mission.code).order_by(Mission.code)))
    return rotations, missions


def _agrees(plan: Plan, full: list[Finding], **target: object) -> tuple[Scope, list[Finding]]:
    """check_scope == the full check's findings that concern the same scope."""
    with plan.read() as session:
        scope, found = scope_findings(session, **target)  # type: ignore[arg-type]
    assert found == [f for f in full if scope.concerns(f)], target
    assert check_scope(plan, **target) == found  # type: ignore[arg-type]
    return scope, found


def test_every_roster_of_the_demo_plan_gets_the_full_checks_findings(demo_plan: Plan) -> None:
    full = check_plan(demo_plan)
    rotations, missions = _codes(demo_plan)
    seen: list[Finding] = []
    for code in rotations:
        scope, found = _agrees(demo_plan, full, rotation=code)
        assert scope.rotation == code and scope.persons
        seen += found
    days = (D(2019, 6, 1), D(2022, 3, 1), D(2024, 1, 15), D(2026, 9, 15), D(2027, 2, 20))
    for code in missions:
        for day in days:
            scope, found = _agrees(demo_plan, full, mission=code, on=day)
            assert scope.first == scope.last == day and scope.rotation is None
            seen += found
    # The rosters between them show most of the deliberate problems: each is about a
    # rotation, a mission on one of those days, or someone on them.
    assert {f.rule for f in seen} >= set(PLANTED) - {"gender-target", "total-ceiling"}


def test_rosters_of_a_synthetic_plan_get_the_full_checks_findings(plan: Plan) -> None:
    build_synthetic_plan(plan, people=300, missions=6, years=4, assignments=2400, seed=3)
    full = check_plan(plan)
    rotations, missions = _codes(plan)
    found = 0
    for code in rotations[::3]:
        found += len(_agrees(plan, full, rotation=code)[1])
    for code in missions:
        for day in (D(2023, 7, 1), D(2025, 1, 10), D(2026, 6, 30)):
            found += len(_agrees(plan, full, mission=code, on=day)[1])
    assert found > 20  # the synthetic plan's deliberate misses and ceilings show up


def test_a_scope_leaves_out_other_people_and_other_days(plan: Plan) -> None:
    build = PlanBuild(plan)
    build.mission("M1")
    build.authorisation("A", D(2019, 1, 1), {"M1": (1, "")})
    build.unit("U1", "M1", strength=1)
    build.rotation("U1-R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    build.rotation("U1-R2", "U1", D(2020, 8, 1), D(2020, 12, 31))  # a gap before it
    build.person("P1")
    build.person("P2", credentials=False)
    build.assign("P1", rotation="U1-R1")
    build.assign("P2", rotation="U1-R2")
    build.assign("P1", D(2020, 9, 1), D(2020, 9, 30), mission="M1")  # over the ceiling
    first = check_scope(plan, rotation="U1-R1")
    # P1's short rest and the ceiling are after R1's days; P2 is not on R1.
    assert first == []
    second = check_scope(plan, rotation="U1-R2")
    assert {f.rule for f in second} == {"rotation-gap", "credential", "mission-ceiling"}
    assert {f.person for f in second} == {None, "P2"}
    # P1's short rest is the rest days before 2020-09-01: not that day.
    on_day = check_scope(plan, mission="M1", on=D(2020, 9, 15))
    assert {(f.rule, f.person) for f in on_day} == {("mission-ceiling", None), ("credential", "P2")}


def test_a_scope_names_one_rotation_or_one_mission_that_exist(plan: Plan) -> None:
    PlanBuild(plan).mission("M1")
    with pytest.raises(PlannerError, match="name one"):
        check_scope(plan)
    with pytest.raises(PlannerError, match="name one"):
        check_scope(plan, rotation="R", mission="M1")
    with pytest.raises(NotFoundError, match="rotation NOPE"):
        check_scope(plan, rotation="NOPE")
    with pytest.raises(NotFoundError, match="mission NOPE"):
        check_scope(plan, mission="NOPE", on=dt.date(2020, 1, 1))
    assert check_scope(plan, mission="M1", on=dt.date(2020, 1, 1)) == []
