"""The overview's data on a hand-built plan whose numbers are worked out by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from planner import services
from planner.models import Rotation
from planner.plan import Plan
from planner.queries.overview import (
    MissionToday,
    build_overview,
    checker_overview,
    headcount_on,
    load_overview,
    next_rotations,
)
from planner.rules.findings import Finding
from planner.rules.headcount import Run
from planner.rules.incremental import IncrementalChecker
from planner.rules.index import index_of
from planner.rules.snapshot import load_snapshot

D = dt.date
TODAY = D(2025, 6, 20)


def _id(change_set: services.ChangeSet) -> int:
    return change_set.changes[0].id


def build_small_plan(plan: Plan) -> None:
    """UNIFIL: four people today (one cancelled does not count) against the 2024
    authorisation's ceiling of 2, which supersedes 2018's 3. UNDOF: one observer, no
    ceiling. MINUSMA: mandate over, nobody there. Upcoming: KAZCON-R01, KAZCOY-R04 (R03 is
    cancelled)."""
    mission = {
        code: _id(services.create(plan, "mission", {"code": code, "name": name, **extra}))
        for code, name, extra in (
            ("UNIFIL", "Lebanon", {"mandate_start": D(1978, 3, 19)}),
            ("UNDOF", "Golan", {"mandate_start": D(1974, 5, 31)}),
            (
                "MINUSMA",
                "Mali",
                {"mandate_start": D(2013, 4, 25), "mandate_end": D(2023, 6, 30)},
            ),
        )
    }
    old = _id(
        services.create(
            plan,
            "authorisation",
            {
                "reference": "2018-PARL",
                "adopted_on": D(2018, 6, 15),
                "valid_from": D(2018, 6, 15),
                "total_ceiling": 160,
            },
        )
    )
    new = _id(
        services.create(
            plan,
            "authorisation",
            {"reference": "2024-PARL", "adopted_on": D(2024, 1, 19), "valid_from": D(2024, 1, 19)},
        )
    )
    for authorisation, code, ceiling in (
        (old, "UNIFIL", 3),
        (old, "UNDOF", None),
        (new, "UNIFIL", 2),
    ):
        services.create(
            plan,
            "authorised_mission",
            {"authorisation_id": authorisation, "mission_id": mission[code], "ceiling": ceiling},
        )
    kazcoy = _id(
        services.create(
            plan,
            "unit",
            {"code": "KAZCOY", "name": "Company", "mission_id": mission["UNIFIL"], "strength": 3},
        )
    )
    kazcon = _id(
        services.create(
            plan,
            "unit",
            {"code": "KAZCON", "name": "Contingent", "mission_id": mission["UNDOF"]},
        )
    )
    rotation = {}
    for code, unit, start, end, status in (
        ("KAZCOY-R01", kazcoy, D(2025, 1, 1), D(2025, 6, 30), "approved"),
        ("KAZCOY-R02", kazcoy, D(2025, 6, 15), D(2025, 12, 31), "draft"),
        ("KAZCOY-R03", kazcoy, D(2026, 1, 1), D(2026, 6, 30), "cancelled"),
        ("KAZCOY-R04", kazcoy, D(2026, 3, 1), D(2026, 8, 31), "draft"),
        ("KAZCON-R01", kazcon, D(2025, 7, 1), D(2025, 12, 31), "approved"),
    ):
        rotation[code] = _id(
            services.create(
                plan,
                "rotation",
                {
                    "code": code,
                    "unit_id": unit,
                    "starts_on": start,
                    "ends_on": end,
                    "status": status,
                },
            )
        )
    person = [
        _id(
            services.create(
                plan,
                "person",
                {
                    "service_number": f"S{n}",
                    "surname": f"Surname{n}",
                    "given_name": "Given",
                    "sex": "M",
                    "rank": "Captain",
                },
            )
        )
        for n in range(7)
    ]
    for n in (1, 2, 3):
        services.assign_person(plan, person[n], rotation_id=rotation["KAZCOY-R01"])
    services.assign_person(plan, person[4], rotation_id=rotation["KAZCOY-R02"])
    services.assign_person(plan, person[1], rotation_id=rotation["KAZCOY-R02"])
    services.assign_person(plan, person[5], rotation_id=rotation["KAZCOY-R01"], status="cancelled")
    services.assign_person(
        plan,
        person[6],
        mission_id=mission["UNDOF"],
        category="observer",
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    services.assign_person(plan, person[0], rotation_id=rotation["KAZCON-R01"])


def test_headcount_on_reads_the_run_covering_the_day() -> None:
    runs = [Run(D(2025, 1, 1), D(2025, 1, 10), 3), Run(D(2025, 1, 11), D(2025, 1, 20), 5)]
    assert headcount_on(runs, D(2024, 12, 31)) == 0
    assert headcount_on(runs, D(2025, 1, 1)) == 3
    assert headcount_on(runs, D(2025, 1, 10)) == 3
    assert headcount_on(runs, D(2025, 1, 11)) == 5
    assert headcount_on(runs, D(2025, 1, 21)) == 0
    assert headcount_on([], D(2025, 1, 1)) == 0


def test_headcount_today_against_the_governing_ceiling(plan: Plan) -> None:
    build_small_plan(plan)
    overview = load_overview(plan, today=TODAY)
    assert overview.today == TODAY
    # 2018-PARL governs only UNDOF now (2024-PARL supersedes it for UNIFIL): total 1.
    assert overview.missions == [
        MissionToday("UNDOF", "Golan", 1, "2018-PARL", None, 1, 160),
        MissionToday("UNIFIL", "Lebanon", 4, "2024-PARL", 2, 4, None),
    ]
    unifil = overview.missions[1]
    assert unifil.over and unifil.share == 2.0
    assert not overview.missions[0].over and overview.missions[0].share is None


def test_days_before_and_after_change_the_counts(plan: Plan) -> None:
    build_small_plan(plan)
    snapshot = load_snapshot(plan)
    # Before R02 starts only R01's three count, under the 2024 ceiling of 2.
    early = build_overview(snapshot, today=D(2025, 3, 1)).missions
    assert [(m.mission, m.headcount, m.ceiling) for m in early] == [
        ("UNDOF", 1, None),
        ("UNIFIL", 3, 2),
    ]
    # In 2019 the 2018 authorisation governs UNIFIL with 3; nobody is deployed yet, and
    # MINUSMA shows because its mandate runs, though no authorisation lists it.
    past = build_overview(snapshot, today=D(2019, 1, 1)).missions
    assert [(m.mission, m.headcount, m.authorisation, m.ceiling) for m in past] == [
        ("MINUSMA", 0, None, None),
        ("UNDOF", 0, "2018-PARL", None),
        ("UNIFIL", 0, "2018-PARL", 3),
    ]
    assert not any(m.over for m in past)


def test_next_rotations_skip_started_and_cancelled_ones(plan: Plan) -> None:
    build_small_plan(plan)
    upcoming = next_rotations(index_of(load_snapshot(plan)), TODAY)
    assert [(r.code, r.unit, r.mission, r.starts_on, r.status) for r in upcoming] == [
        ("KAZCON-R01", "KAZCON", "UNDOF", D(2025, 7, 1), "approved"),
        ("KAZCOY-R04", "KAZCOY", "UNIFIL", D(2026, 3, 1), "draft"),
    ]
    assert (upcoming[0].members, upcoming[0].strength) == (1, None)
    assert (upcoming[1].members, upcoming[1].strength) == (0, 3)
    assert upcoming[0].days_until(TODAY) == 11
    assert next_rotations(index_of(load_snapshot(plan)), TODAY, limit=1) == upcoming[:1]


def test_findings_are_counted_by_severity(plan: Plan) -> None:
    findings = [
        Finding("mission-ceiling", "error", "UNIFIL over"),
        Finding("strength", "warning", "short"),
        Finding("strength", "warning", "short again"),
    ]
    overview = load_overview(plan, findings, today=TODAY)
    assert overview.findings == {"error": 1, "warning": 2, "info": 0}
    assert overview.missions == [] and overview.upcoming == []


def test_the_checker_gives_the_same_overview_edit_after_edit(plan: Plan) -> None:
    build_small_plan(plan)
    checker = IncrementalChecker(plan)
    for day in (D(2019, 1, 1), D(2025, 3, 1), TODAY, D(2025, 7, 1)):
        assert checker_overview(checker, today=day) == load_overview(plan, today=day)
    # An edit the checker follows incrementally: one more person on KAZCOY-R02.
    with plan.read() as session:
        r02 = session.scalar(select(Rotation.id).where(Rotation.code == "KAZCOY-R02"))
    person = _id(
        services.create(
            plan,
            "person",
            {"service_number": "S9", "surname": "Late", "given_name": "Comer", "sex": "F",
             "rank": "Private"},
        )
    )  # fmt: skip
    assigned = services.assign_person(plan, person, rotation_id=r02)
    checker.refresh(assigned)
    assert checker.full_checks == 1
    after = checker_overview(checker, today=TODAY)
    assert after == load_overview(plan, today=TODAY)
    assert [m.headcount for m in after.missions if m.mission == "UNIFIL"] == [5]
