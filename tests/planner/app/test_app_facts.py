"""The facts a check publishes (PlanFacts), on a hand-built plan whose numbers are worked
out by hand: what the Overview shows, read from the checker, never from the plan."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from planner import services
from planner.app import MissionDay, PlanSession
from planner.models import Rotation
from planner.plan import Plan

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


def _session(plan: Plan, today: dt.date = TODAY) -> PlanSession:
    build_small_plan(plan)
    return PlanSession(plan, today=lambda: today)


def test_a_series_counts_each_day_and_nothing_outside_its_runs(plan: Plan) -> None:
    series = _session(plan).checker.refresh().facts.missions["UNIFIL"].headcount
    assert series.count_on(D(2024, 12, 31)) == 0
    assert series.count_on(D(2025, 1, 1)) == 3
    assert series.count_on(D(2025, 6, 14)) == 3
    assert series.count_on(D(2025, 6, 15)) == 4  # R02 starts; S1 is on both: once
    assert series.count_on(D(2025, 12, 31)) == 2
    assert series.count_on(D(2026, 1, 1)) == 0
    assert (series.first_day, series.last_day) == (D(2025, 1, 1), D(2025, 12, 31))


def test_headcount_today_against_the_governing_ceiling(plan: Plan) -> None:
    facts = _session(plan).checker.refresh().facts
    assert facts.today == TODAY
    # 2018-PARL governs only UNDOF now (2024-PARL supersedes it for UNIFIL): total 1.
    assert facts.on().missions == (
        MissionDay("UNDOF", "Golan", 1, "2018-PARL", None, 1, 160),
        MissionDay("UNIFIL", "Lebanon", 4, "2024-PARL", 2, 4, None),
    )
    unifil = facts.on().missions[1]
    assert unifil.over and unifil.share == 2.0
    assert not facts.on().missions[0].over and facts.on().missions[0].share is None


def test_days_before_and_after_change_the_counts(plan: Plan) -> None:
    facts = _session(plan).checker.refresh().facts
    # Before R02 starts only R01's three count, under the 2024 ceiling of 2.
    early = facts.on(D(2025, 3, 1)).missions
    assert [(m.mission, m.headcount, m.ceiling) for m in early] == [
        ("UNDOF", 1, None),
        ("UNIFIL", 3, 2),
    ]
    # In 2019 the 2018 authorisation governs UNIFIL with 3; nobody is deployed yet, and
    # MINUSMA shows because its mandate runs, though no authorisation lists it.
    past = facts.on(D(2019, 1, 1)).missions
    assert [(m.mission, m.headcount, m.authorisation, m.ceiling) for m in past] == [
        ("MINUSMA", 0, None, None),
        ("UNDOF", 0, "2018-PARL", None),
        ("UNIFIL", 0, "2018-PARL", 3),
    ]
    assert not any(m.over for m in past)


def test_next_rotations_skip_started_and_cancelled_ones(plan: Plan) -> None:
    upcoming = _session(plan).checker.refresh().facts.upcoming
    assert [(r.code, r.unit, r.mission, r.starts_on, r.status) for r in upcoming] == [
        ("KAZCON-R01", "KAZCON", "UNDOF", D(2025, 7, 1), "approved"),
        ("KAZCOY-R04", "KAZCOY", "UNIFIL", D(2026, 3, 1), "draft"),
    ]
    assert (upcoming[0].members, upcoming[0].strength) == (1, None)
    assert (upcoming[1].members, upcoming[1].strength) == (0, 3)
    assert upcoming[0].days_until(TODAY) == 11
    # The rotations table counts the same roster (non-cancelled: S5 on R01 is not).
    session = PlanSession(plan, today=lambda: D(2024, 12, 1))
    first = session.checker.refresh().facts.upcoming[0]
    assert (first.code, first.members) == ("KAZCOY-R01", 3)
    table = {row[2]: row[-1] for row in session.rotations().rows}
    assert table["KAZCOY-R01"] == 3


def test_findings_are_counted_by_severity(plan: Plan) -> None:
    result = _session(plan).checker.refresh()
    summary = dict(result.facts.findings)
    assert summary == {
        severity: sum(1 for f in result.findings if f.severity == severity)
        for severity in ("error", "warning", "info")
    }
    assert summary["error"] >= 1  # UNIFIL over its ceiling


def test_the_facts_follow_each_edit_without_a_full_check(plan: Plan) -> None:
    session = _session(plan)
    checker = session.checker
    checker.refresh()
    # An edit the checker follows incrementally: one more person on KAZCOY-R02.
    with plan.read() as read:
        r02 = read.scalar(select(Rotation.id).where(Rotation.code == "KAZCOY-R02"))
    person = _id(
        services.create(
            plan,
            "person",
            {"service_number": "S9", "surname": "Late", "given_name": "Comer", "sex": "F",
             "rank": "Private"},
        )
    )  # fmt: skip
    assigned = services.assign_person(plan, person, rotation_id=r02)
    after = checker.refresh(assigned).facts
    assert checker.full_checks == 1
    assert [m.headcount for m in after.on().missions if m.mission == "UNIFIL"] == [5]
    fresh = PlanSession(plan, today=lambda: TODAY).checker.refresh().facts
    assert after.on() == fresh.on() and after.upcoming == fresh.upcoming
    unifil = after.missions["UNIFIL"].headcount
    assert unifil.runs() == fresh.missions["UNIFIL"].headcount.runs()
