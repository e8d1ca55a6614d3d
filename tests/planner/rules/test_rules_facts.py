"""PlanFacts from a check's state, on plans built from rows with numbers worked by hand."""

from __future__ import annotations

import datetime as dt

from planner.rules.facts import CountRun, MissionDay, PlanFacts, plan_facts
from planner.rules.index import index_of
from planner.rules.parts import CheckState
from planner.rules.rows import (
    AuthorisationRow,
    AuthorisedMissionRow,
    MissionRow,
    PersonRow,
    UnitRow,
    make_assignment,
    make_rotation,
)
from planner.rules.snapshot import Snapshot

D = dt.date
UNIFIL = MissionRow(1, "UNIFIL", "Lebanon", "en", D(1978, 3, 19), None)
MINUSMA = MissionRow(2, "MINUSMA", "Mali", "fr", D(2013, 4, 25), D(2023, 6, 30))
OLD = AuthorisationRow(1, "2018-PARL", "", D(2018, 6, 15), D(2018, 6, 15), None, 160)
NEW = AuthorisationRow(2, "2024-PARL", "", D(2024, 1, 19), D(2024, 1, 19), D(2024, 12, 31), None)
UNIT = UnitRow(1, "KAZCOY", "Company", 1, 3, 14, "UNIFIL")
R1 = make_rotation(1, "KAZCOY-R01", 1, 1, D(2023, 11, 1), D(2024, 4, 30), "approved", "KAZCOY")
R2 = make_rotation(2, "KAZCOY-R02", 1, 2, D(2024, 4, 15), D(2024, 10, 31), "draft", "KAZCOY")
R3 = make_rotation(3, "KAZCOY-R03", 1, 3, D(2024, 11, 1), D(2025, 4, 30), "cancelled", "KAZCOY")


def snapshot() -> Snapshot:
    """UNIFIL: 2018's ceiling 3 until 2024's (ceiling 2) supersedes it for 2024. Three
    people on R01, two on R02 (one of them on R01 too), one cancelled on R02."""
    persons = tuple(
        PersonRow(p, f"S{p}", "S", "G", "M", None, "Captain", None, "") for p in range(1, 6)
    )
    rows = [
        (1, 1, R1),
        (2, 2, R1),
        (3, 3, R1),
        (4, 3, R2),
        (5, 4, R2),
        (6, 5, R2),
    ]
    assignments = [
        make_assignment(
            i,
            p,
            1,
            r.id,
            "unit",
            r.starts_on,
            r.ends_on,
            "cancelled" if i == 6 else "planned",
            rotation=r,
        )
        for i, p, r in rows
    ]
    return Snapshot(
        missions=(UNIFIL, MINUSMA),
        authorisations=(OLD, NEW),
        authorised_missions=(
            AuthorisedMissionRow(1, 1, 1, 3, frozenset(), "2018-PARL", "UNIFIL"),
            AuthorisedMissionRow(2, 2, 1, 2, frozenset(), "2024-PARL", "UNIFIL"),
        ),
        units=(UNIT,),
        rotations=(R1, R2, R3),
        persons=persons,
        assignments=assignments,
    )


TODAY = D(2024, 4, 20)


def facts(today: dt.date = TODAY) -> PlanFacts:
    state = CheckState(index_of(snapshot()))
    return plan_facts(state, state.findings(), today)


def test_mission_runs_split_where_the_count_or_the_governing_ceiling_changes() -> None:
    series = facts().missions["UNIFIL"].headcount
    assert series.runs() == [
        CountRun(D(2023, 11, 1), D(2024, 1, 18), 3, 3, "2018-PARL"),
        CountRun(D(2024, 1, 19), D(2024, 4, 14), 3, 2, "2024-PARL"),
        CountRun(D(2024, 4, 15), D(2024, 4, 30), 4, 2, "2024-PARL"),  # R01 and R02 overlap
        CountRun(D(2024, 5, 1), D(2024, 10, 31), 2, 2, "2024-PARL"),
    ]
    # A range of one's own: zeros outside the counted days, with the ceiling in force.
    assert series.runs(D(2024, 10, 30), D(2025, 1, 2)) == [
        CountRun(D(2024, 10, 30), D(2024, 10, 31), 2, 2, "2024-PARL"),
        CountRun(D(2024, 11, 1), D(2024, 12, 31), 0, 2, "2024-PARL"),
        CountRun(D(2025, 1, 1), D(2025, 1, 2), 0, 3, "2018-PARL"),
    ]
    assert series.runs()[2].to_json() == {
        "start": "2024-04-15",
        "end": "2024-04-30",
        "count": 4,
        "ceiling": 2,
        "authorisation": "2024-PARL",
    }
    assert series.peak(D(2024, 1, 1), D(2024, 12, 31)) == 4


def test_totals_run_over_the_days_their_authorisation_is_in_force() -> None:
    made = facts()
    old = made.authorisations["2018-PARL"].total
    # 2018's law governs UNIFIL but for 2024: its total is 0 then, under its ceiling.
    assert old.runs(D(2023, 12, 31), D(2025, 1, 1)) == [
        CountRun(D(2023, 12, 31), D(2024, 1, 18), 3, 160, "2018-PARL"),
        CountRun(D(2024, 1, 19), D(2025, 1, 1), 0, 160, "2018-PARL"),
    ]
    new = made.authorisations["2024-PARL"].total
    assert new.runs(D(2023, 1, 1), D(2025, 6, 1))[0].start == D(2024, 1, 19)  # in force only
    assert new.runs(D(2023, 1, 1), D(2025, 6, 1))[-1].end == D(2024, 12, 31)


def test_the_figures_of_a_day_and_the_upcoming_rotations() -> None:
    made = facts()
    assert made.on().missions == (
        MissionDay("UNIFIL", "Lebanon", 4, "2024-PARL", 2, 4, None),
    )  # MINUSMA's mandate is over, nobody there, no authorisation lists it
    assert made.on().over == 1
    assert made.on(D(2023, 1, 1)).missions == (
        MissionDay("MINUSMA", "Mali", 0, None, None),
        MissionDay("UNIFIL", "Lebanon", 0, "2018-PARL", 3, 0, 160),
    )
    assert [(r.code, r.members, r.strength) for r in facts(D(2024, 4, 1)).upcoming] == [
        ("KAZCOY-R02", 1 + 1, 3)  # the cancelled one is no member; R03 is cancelled
    ]
    assert made.findings["error"] == len(
        [f for f in CheckState(index_of(snapshot())).findings() if f.severity == "error"]
    )
