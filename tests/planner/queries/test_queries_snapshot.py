"""Reading a plan as the rules see it (``planner.queries.snapshot``)."""

from __future__ import annotations

from plan_builder import D, PlanBuild

from planner.plan import Plan
from planner.queries.snapshot import load_snapshot


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


def test_the_snapshot_reads_what_the_rules_need(plan: Plan) -> None:
    build = PlanBuild(plan)
    _small_plan(build)
    snapshot = load_snapshot(build.plan)
    assert [m.code for m in snapshot.missions] == ["M1", "M2"]
    assert [(r.code, r.unit, r.first) for r in snapshot.rotations] == [
        ("U1-R1", "U1", D(2020, 1, 1).toordinal()),
        ("U1-R2", "U1", D(2020, 7, 1).toordinal()),
    ]
    # Assignments by person, then first day; their natural keys are looked up only when
    # a finding names them.
    number = {p.id: p.service_number for p in snapshot.persons}
    code = {m.id: m.code for m in snapshot.missions}
    rotation = {r.id: r.code for r in snapshot.rotations}
    assert [
        (number[a.person_id], code[a.mission_id], rotation.get(a.rotation_id or 0), a.counted)
        for a in snapshot.assignments
    ] == [
        ("P1", "M1", "U1-R1", True),
        ("P2", "M1", "U1-R1", True),
        ("P3", "M2", None, True),
        ("P3", "M1", "U1-R2", True),
    ]
    assert snapshot.assignments[0].starts_on == D(2020, 1, 1)  # from the rotation
    assert snapshot.assignments[2].first == D(2020, 3, 1).toordinal()
    assert [(a.authorisation, a.mission, a.ceiling) for a in snapshot.authorised_missions] == [
        ("A", "M1", 2),
        ("A", "M2", 1),
    ]
    assert snapshot.authorised_missions[1].categories == frozenset({"observer"})
    # Credentials come merged into coverage, by person and kind (2000-01-01 to 2040-01-01).
    assert snapshot.coverage is not None and len(snapshot.coverage) == 3
    assert set(snapshot.coverage[build.id("person", "P1")].values()) == {
        (D(2000, 1, 1).toordinal(), D(2040, 1, 2).toordinal())
    }
    assert snapshot.absences[0].reason == "Hospital"
    assert snapshot.absences[0][1:3] == (D(2020, 2, 1).toordinal(), D(2020, 2, 3).toordinal())
    assert snapshot.settings.min_rest_days == 365
    assert {r.kind for r in snapshot.requirements} >= {"passport", "driving-licence"}
    assert len(snapshot.gender_targets) == 4
    assert snapshot.ordered


def test_the_snapshot_reads_only_the_credential_kinds_the_requirements_name(
    plan: Plan,
) -> None:
    build = PlanBuild(plan)
    _small_plan(build)
    build.credential("P1", "KAZCENT course", D(2019, 1, 1), D(2030, 1, 1))
    coverage = load_snapshot(build.plan).coverage
    assert coverage is not None
    assert set(coverage[build.id("person", "P1")]) == {
        "passport",
        "medical",
        "predeployment-training",
        "screening",
        "driving-licence",
    }
