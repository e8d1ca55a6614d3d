"""Property tests: on random small plans, the sweep agrees with a naive day-by-day count,
and the ceiling findings cover exactly the days the naive count is over the ceiling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.rules.coverage import coverage, covers, ordered_coverage
from planner.rules.credentials import gaps
from planner.rules.engine import check
from planner.rules.findings import Finding
from planner.rules.headcount import authorisation_totals, mission_headcount
from planner.rules.rows import (
    AuthorisationRow,
    AuthorisedMissionRow,
    CredentialRow,
    MissionRow,
    PersonRow,
    RotationRow,
    UnitRow,
    make_assignment,
    make_credential,
    make_rotation,
)
from planner.rules.snapshot import Snapshot

BASE = dt.date(2020, 1, 1)
WINDOW = 40  # days 0..WINDOW
MISSIONS = (
    MissionRow(1, "M1", "One", "en", None, None),
    MissionRow(2, "M2", "Two", "en", None, None),
)
UNIT = UnitRow(1, "U1", "Unit", 1, None, 14, "M1")


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


@st.composite
def periods(draw: st.DrawFn) -> tuple[int, int]:
    first = draw(st.integers(0, WINDOW))
    return first, draw(st.integers(first, WINDOW))


@st.composite
def plans(draw: st.DrawFn) -> Snapshot:
    authorisations = []
    authorised = []
    for auth_id in range(1, draw(st.integers(1, 3)) + 1):
        start, end = draw(periods())
        open_ended = draw(st.booleans())
        authorisations.append(
            AuthorisationRow(
                auth_id,
                f"A{auth_id}",
                "",
                day(draw(st.integers(0, 3))),  # few adoption days: ties happen
                day(start),
                None if open_ended else day(end),
                draw(st.one_of(st.none(), st.integers(0, 5))),
            )
        )
        listed = draw(st.sets(st.sampled_from(MISSIONS), min_size=1))
        for mission in sorted(listed):
            authorised.append(
                AuthorisedMissionRow(
                    len(authorised) + 1,
                    auth_id,
                    mission.id,
                    draw(st.one_of(st.none(), st.integers(0, 4))),
                    frozenset(),
                    f"A{auth_id}",
                    mission.code,
                )
            )
    rotations = []
    for rotation_id in (1, 2):
        start, end = draw(periods())
        status = draw(st.sampled_from(["approved", "cancelled"]))
        rotations.append(
            make_rotation(
                rotation_id, f"R{rotation_id}", 1, None, day(start), day(end), status, "U1"
            )
        )
    persons = tuple(
        PersonRow(p, f"P{p}", "S", "G", "M", None, "Captain", None, "") for p in range(1, 6)
    )
    assignments = []
    for assignment_id in range(1, draw(st.integers(0, 12)) + 1):
        person = draw(st.integers(1, 5))
        mission = draw(st.sampled_from(MISSIONS))
        rotation: RotationRow | None = None
        if mission.id == 1 and draw(st.booleans()):
            rotation = rotations[draw(st.integers(0, 1))]
        start, end = draw(periods())
        assignments.append(
            make_assignment(
                assignment_id,
                person,
                mission.id,
                rotation.id if rotation else None,
                "unit",
                day(start),
                day(end),
                draw(st.sampled_from(["planned", "confirmed", "cancelled"])),
                rotation=rotation,
            )
        )
    return Snapshot(
        missions=MISSIONS,
        authorisations=tuple(authorisations),
        authorised_missions=tuple(authorised),
        units=(UNIT,),
        rotations=tuple(rotations),
        persons=persons,
        assignments=tuple(draw(st.permutations(assignments))),  # in no particular order
        requirements=(),
        gender_targets=(),
    )


def naive_count(snapshot: Snapshot, mission_id: int, on: dt.date) -> int:
    return len(
        {
            a.person_id
            for a in snapshot.assignments
            if a.counted and a.mission_id == mission_id and a.starts_on <= on <= a.ends_on
        }
    )


def naive_governing(
    snapshot: Snapshot, mission_id: int, on: dt.date
) -> tuple[AuthorisationRow, AuthorisedMissionRow] | None:
    by_id = {a.id: a for a in snapshot.authorisations}
    in_force = [
        (by_id[row.authorisation_id], row)
        for row in snapshot.authorised_missions
        if row.mission_id == mission_id
        and by_id[row.authorisation_id].valid_from <= on
        and (by_id[row.authorisation_id].valid_until or dt.date.max) >= on
    ]
    if not in_force:
        return None
    return max(in_force, key=lambda pair: (pair[0].adopted_on, pair[0].valid_from, pair[0].id))


def days_of(runs: Iterable[tuple[dt.date, dt.date, int]]) -> dict[dt.date, int]:
    out = {}
    for start, end, value in runs:
        on = start
        while on <= end:
            out[on] = value
            on += dt.timedelta(days=1)
    return out


def covered(findings: Iterable[Finding]) -> set[dt.date]:
    return set(
        days_of(
            (dt.date.fromisoformat(f.start or ""), dt.date.fromisoformat(f.end or ""), 0)
            for f in findings
        )
    )


ALL_DAYS = [day(offset) for offset in range(-2, WINDOW + 3)]


@settings(max_examples=150, deadline=None)
@given(plans())
def test_sweep_headcount_equals_a_day_by_day_count(snapshot: Snapshot) -> None:
    series = mission_headcount(snapshot)
    for mission in MISSIONS:
        swept = days_of(series.get(mission.code, []))
        for on in ALL_DAYS:
            assert swept.get(on, 0) == naive_count(snapshot, mission.id, on), (mission, on)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_ceiling_findings_cover_exactly_the_days_over_the_ceiling(snapshot: Snapshot) -> None:
    findings = check(snapshot)
    for mission in MISSIONS:
        over = set()
        for on in ALL_DAYS:
            governing = naive_governing(snapshot, mission.id, on)
            if governing is None or governing[1].ceiling is None:
                continue
            if naive_count(snapshot, mission.id, on) > governing[1].ceiling:
                over.add(on)
        mine = [f for f in findings if f.rule == "mission-ceiling" and f.mission == mission.code]
        assert covered(mine) == over
        for f in mine:
            days = sorted(covered([f]))
            counts = [naive_count(snapshot, mission.id, on) for on in days]
            assert f.value == max(counts)
            for on in days:
                governing = naive_governing(snapshot, mission.id, on)
                assert governing is not None
                assert (f.authorisation, f.limit) == (governing[0].reference, governing[1].ceiling)
        # Maximal: two findings side by side must differ in their authorisation.
        for a, b in pairwise(mine):
            if dt.date.fromisoformat(a.end or "") + dt.timedelta(days=1) == dt.date.fromisoformat(
                b.start or ""
            ):
                assert a.authorisation != b.authorisation


def naive_total(snapshot: Snapshot, reference: str, on: dt.date) -> int:
    total = 0
    for mission in MISSIONS:
        governing = naive_governing(snapshot, mission.id, on)
        if governing is not None and governing[0].reference == reference:
            total += naive_count(snapshot, mission.id, on)
    return total


@settings(max_examples=150, deadline=None)
@given(plans())
def test_totals_and_total_ceilings_match_a_day_by_day_sum(snapshot: Snapshot) -> None:
    series = authorisation_totals(snapshot)
    findings = check(snapshot)
    for auth in snapshot.authorisations:
        swept = days_of(series.get(auth.reference, []))
        totals = {on: naive_total(snapshot, auth.reference, on) for on in ALL_DAYS}
        assert {on: swept.get(on, 0) for on in ALL_DAYS} == totals
        mine = [
            f for f in findings if f.rule == "total-ceiling" and f.authorisation == auth.reference
        ]
        over = {
            on
            for on, total in totals.items()
            if auth.total_ceiling is not None and total > auth.total_ceiling
        }
        assert covered(mine) == over
        for f in mine:
            assert f.value == max(totals[on] for on in covered([f]))
            assert f.limit == auth.total_ceiling


@settings(max_examples=100, deadline=None)
@given(plans())
def test_findings_are_sorted_by_severity_then_start_then_rule(snapshot: Snapshot) -> None:
    order = {"error": 0, "warning": 1, "info": 2}
    findings = check(snapshot)
    keys = [(order[f.severity], f.start or "", f.rule) for f in findings]
    assert keys == sorted(keys)


spans = st.tuples(
    st.sampled_from(["passport", "medical"]),
    st.one_of(st.none(), st.integers(0, 60)),
    st.integers(0, 60),
)


@given(st.lists(st.tuples(st.integers(1, 3), spans), max_size=25))
def test_one_pass_coverage_of_sorted_credentials_equals_the_general_one(
    rows: list[tuple[int, tuple[str, int | None, int]]],
) -> None:
    credentials = [
        make_credential(
            i,
            person,
            kind,
            day(issued) if issued is not None else None,
            day(max(expires, issued or 0)),
        )
        for i, (person, (kind, issued, expires)) in enumerate(rows, start=1)
    ]
    ordered = sorted(credentials)  # by person, kind, first day (and last)
    by_person: dict[int, list[CredentialRow]] = {}
    for c in credentials:
        by_person.setdefault(c.person_id, []).append(c)
    assert ordered_coverage(ordered) == {p: coverage(mine) for p, mine in by_person.items()}


@given(
    st.lists(spans, max_size=8),
    st.integers(-5, 65),
    st.integers(0, 30),
)
def test_coverage_covers_and_gaps_agree_with_the_days_held(
    held: list[tuple[str, int | None, int]], first: int, length: int
) -> None:
    credentials = [
        make_credential(i, 1, kind, day(issued) if issued is not None else None, day(expires))
        for i, (kind, issued, expires) in enumerate(held, start=1)
        if issued is None or issued <= expires
    ]
    start, end = day(first).toordinal(), day(first + length).toordinal()
    days = {  # the days of start..end each kind is held on
        kind: {
            n
            for c in credentials
            if c.kind == kind
            for n in range(max(c.first, start), min(c.last, end) + 1)
        }
        for kind in ("passport", "medical")
    }
    found = coverage(credentials)
    for kind, valid in days.items():
        mine = found.get(kind, ())
        missing = [n for n in range(start, end + 1) if n not in valid]
        assert covers(mine, start, end) == (not missing)
        assert [n for a, b in gaps(mine, start, end) for n in range(a, b + 1)] == missing
