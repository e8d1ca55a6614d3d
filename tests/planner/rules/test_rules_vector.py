"""A full check's quick pass over the whole plan at once (``vector.whole_plan_pass``)
gives the same doubts as the person-by-person quick pass (``parts.scan``), and counts
equal to the plain ones: roster sizes, each person's gender contribution, headcounts."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.demo.synthetic import build_synthetic_plan
from planner.domain import RANKS
from planner.plan import Plan
from planner.rules.engine import check
from planner.rules.gender import GenderCounts, contribution
from planner.rules.headcount import Headcounts, person_pieces
from planner.rules.index import Index, index_of
from planner.rules.parts import Context, Doubts, doubts_of, scan
from planner.rules.rotations import roster_sizes
from planner.rules.rows import (
    DEFAULT_REQUIREMENTS,
    AssignmentRow,
    AuthorisationRow,
    AuthorisedMissionRow,
    MissionRow,
    PersonRow,
    RotationRow,
    RuleSettings,
    UnitRow,
    make_absence,
    make_assignment,
    make_credential,
    make_rotation,
)
from planner.rules.snapshot import Snapshot, load_snapshot
from planner.rules.vector import whole_plan_pass


def _gender_by_person(counted: list[AssignmentRow], women: set[int]) -> GenderCounts:
    """Each person's (group, year) pairs, counted person by person: the plain way."""
    expected: GenderCounts = {}
    for person_id, rows in groupby(counted, key=lambda a: a.person_id):
        for pair in contribution(rows):
            people_women = expected.setdefault(pair, [0, 0])
            people_women[0] += 1
            people_women[1] += person_id in women
    return expected


def _as_tuples(doubts: dict[int, Doubts]) -> list[tuple[int, tuple[object, ...]]]:
    """Doubts comparable with ==, in the order the pass found the people."""
    return [
        (p, (d.authorisation, d.rotation, d.credential, d.individual, d.schedule, d.absent))
        for p, d in doubts.items()
    ]


def _agrees(ix: Index) -> dict[int, Doubts]:
    counted = [a for a in ix.grouped_assignments() if a.counted]
    ctx = Context.of(ix)
    women = {p.id for p in ix.persons.values() if p.sex == "F"}
    quick = whole_plan_pass(ix, ctx, counted, women)
    expected = scan(ix, ctx, counted)
    doubts = doubts_of(counted, quick.doubts)
    assert _as_tuples(doubts) == _as_tuples(expected)
    for person_id, (start, stop) in quick.rows_of.items():
        assert counted[start:stop] == [a for a in counted if a.person_id == person_id]
    assert set(quick.rows_of) == set(expected)
    assert quick.counts.sizes == roster_sizes(counted)
    assert quick.counts.gender == _gender_by_person(counted, women)
    pieced = {p for p, d in expected.items() if d.schedule}
    pieces = [
        piece for p in pieced for piece in person_pieces([a for a in counted if a.person_id == p])
    ]
    plain = [a for a in counted if a.person_id not in pieced]
    again = Headcounts.from_deltas(ix, quick.counts.mission_deltas, pieces)
    assert again == Headcounts.build(ix, plain, pieces)
    return expected


def test_the_whole_plan_pass_agrees_on_the_demo_plan(demo_plan: Plan) -> None:
    doubts = _agrees(index_of(load_snapshot(demo_plan)))
    # The demo's planted problems put people in doubt of every kind.
    assert any(d.credential for d in doubts.values())
    assert any(d.individual for d in doubts.values())
    assert any(d.authorisation for d in doubts.values())
    assert any(d.schedule for d in doubts.values())
    assert any(d.absent for d in doubts.values())


def test_the_whole_plan_pass_agrees_on_a_synthetic_plan_with_overlaps(plan: Plan) -> None:
    # Too few people for the posts: many overlap themselves and are counted as pieces.
    build_synthetic_plan(plan, people=120, missions=5, years=4, assignments=1500)
    doubts = _agrees(index_of(load_snapshot(plan)))
    assert sum(d.schedule for d in doubts.values()) > 0


def test_an_empty_plan_has_no_doubts_and_no_counts() -> None:
    ix = Index(Snapshot())
    quick = whole_plan_pass(ix, Context.of(ix), [], set())
    assert quick.doubts == {} and quick.rows_of == {}
    assert quick.counts.mission_deltas == {}
    assert quick.counts.sizes == {} and quick.counts.gender == {}
    assert check(Snapshot()) == []


# --- random small plans with every kind of row --------------------------------------------
# Days crowd into a short window so that the edges (a start on the last day of a span, a
# rest one day short, a birthday on the first day) come up often.

BASE = dt.date(2019, 12, 20)  # the window crosses a new year: counts by year are tested
DAYS = 60
MISSIONS = (
    MissionRow(1, "M1", "One", "en", BASE + dt.timedelta(days=10), None),
    MissionRow(2, "M2", "Two", "fr", None, BASE + dt.timedelta(days=40)),
    MissionRow(3, "M3", "Three", "", None, None),
)
UNIT = UnitRow(1, "U1", "Unit", 1, 120, 14, "M1")
CATEGORIES = ("unit", "observer", "staff")


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


@st.composite
def span(draw: st.DrawFn, long: bool = False) -> tuple[dt.date, dt.date]:
    first = draw(st.integers(0, DAYS))
    length = st.integers(0, DAYS)
    return day(first), day(
        first + draw(st.one_of(length, st.integers(300, 800)) if long else length)
    )


def about(years: int) -> st.SearchStrategy[dt.date]:
    """Days whose anniversary of ``years`` falls in the window (or next to it)."""
    return st.integers(-5, DAYS + 5).map(
        lambda offset: (
            day(offset).replace(year=day(offset).year - years)
            if not (day(offset).month == 2 and day(offset).day == 29)
            else dt.date(day(offset).year - years, 3, 1)
        )
    )


@st.composite
def plans(draw: st.DrawFn) -> Snapshot:
    authorisations: list[AuthorisationRow] = []
    authorised: list[AuthorisedMissionRow] = []
    for auth_id in (1, 2):
        start, end = draw(span())
        authorisations.append(
            AuthorisationRow(auth_id, f"A{auth_id}", "", day(auth_id), start, end, None)
        )
        for mission in MISSIONS:
            if draw(st.booleans()):
                some = st.sets(st.sampled_from(CATEGORIES), min_size=1, max_size=2)
                categories = draw(st.one_of(st.just(set()), some))  # empty: all
                authorised.append(
                    AuthorisedMissionRow(
                        len(authorised) + 1,
                        auth_id,
                        mission.id,
                        None,
                        frozenset(categories),
                        f"A{auth_id}",
                        mission.code,
                    )
                )
    rotations: list[RotationRow] = []
    for rotation_id in (1, 2, 3):
        start, end = draw(span())
        status = draw(st.sampled_from(["approved", "cancelled"]))
        rotations.append(
            make_rotation(rotation_id, f"R{rotation_id}", 1, None, start, end, status, "U1")
        )
    people = range(1, 7)
    persons = tuple(
        PersonRow(
            p,
            f"P{p}",
            "S",
            "G",
            draw(st.sampled_from("MF")),
            draw(st.one_of(st.none(), about(25), about(56))),  # the youngest and oldest
            draw(st.sampled_from(("Captain", "Major", "Colonel", *RANKS))),
            draw(st.one_of(st.none(), about(5))),
            draw(st.sampled_from(["en:B2, fr:B1", "en:C1, fr:C2", "", "fr:A2, en:C1", "ar:B1"])),
        )
        for p in people
    )
    credentials = []
    kinds = sorted({r.kind for r in DEFAULT_REQUIREMENTS})
    for p in people:
        # Most people hold every kind, so that the edges of their spans decide.
        missing = draw(st.one_of(st.just(set()), st.sets(st.sampled_from(kinds), max_size=1)))
        for kind in sorted(set(kinds) - missing):
            for _ in range(draw(st.integers(1, 3))):
                issued, expires = draw(span())
                credentials.append(make_credential(0, p, kind, issued, expires))
    absences = []
    for _ in range(draw(st.integers(0, 3))):
        start, end = draw(span())
        absences.append(make_absence(0, draw(st.sampled_from(people)), start, end))
    assignments = []
    for assignment_id in range(1, draw(st.integers(0, 16)) + 1):
        mission = draw(st.sampled_from(MISSIONS))
        rotation = None
        category = draw(st.sampled_from(CATEGORIES))
        if mission.id == 1 and category == "unit" and draw(st.booleans()):
            rotation = draw(st.sampled_from(rotations))
        start, end = draw(span(long=True))
        assignments.append(
            make_assignment(
                assignment_id,
                draw(st.sampled_from(people)),
                mission.id,
                rotation.id if rotation else None,
                category,
                start,
                end,
                draw(st.sampled_from(["planned", "planned", "cancelled"])),
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
        credentials=tuple(draw(st.permutations(credentials))),
        absences=tuple(absences),
        assignments=tuple(draw(st.permutations(assignments))),
        settings=RuleSettings(
            min_rest_days=draw(st.sampled_from([0, 1, 7, 30, 10**12])),
            passport_margin_days=draw(st.sampled_from([0, 1, 7, 10**12])),
            min_years_commissioned=draw(st.sampled_from([0, 5])),
        ),
    )


@settings(max_examples=400, deadline=None)
@given(plans())
def test_the_whole_plan_pass_agrees_on_random_plans(snapshot: Snapshot) -> None:
    _agrees(Index(snapshot))


def test_the_whole_plan_pass_agrees_on_each_edge() -> None:
    """Rows on the very first and last days each test allows, and one day beyond; each
    edge on its own person, so that no other doubt hides it."""
    birthday = day(20)  # the 25th: the first day an observer may start; the 56th: too old
    young, old = (birthday.replace(year=birthday.year - age) for age in (25, 56))
    days = {
        1: (young, [(19, 19)]),  # a day too young
        2: (young, [(20, 20)]),  # on the 25th birthday
        3: (old, [(19, 19)]),  # the last day aged 55
        4: (old, [(20, 20)]),  # the 56th birthday
        5: (young, [(20, 21), (30, 30)]),  # day 30 is 21 + 9: a day short of the rest
        6: (young, [(20, 21), (31, 31)]),  # enough rest
        7: (young, [(30, 30)]),  # the margin of 20 days reaches day 50, the last held
        8: (young, [(31, 31)]),  # ... and day 51
    }
    persons = tuple(
        PersonRow(p, f"P{p}", "S", "G", "F", born, "Major", None, "en:B2, fr:B2")
        for p, (born, _) in days.items()
    )
    kinds = sorted({r.kind for r in DEFAULT_REQUIREMENTS})
    held = {7: 50, 8: 50}  # the last day of the credentials held; others: day 80
    credentials = [
        make_credential(0, p, k, day(0), day(held.get(p, 80))) for p in days for k in kinds
    ]
    rows = [
        make_assignment(10 * p + i, p, 2, None, "observer", day(first), day(last), "planned")
        for p, (_, spans) in days.items()
        for i, (first, last) in enumerate(spans)
    ]
    snapshot = Snapshot(
        missions=MISSIONS,
        authorisations=(AuthorisationRow(1, "A1", "", day(0), day(0), day(40), None),),
        authorised_missions=(AuthorisedMissionRow(1, 1, 2, None, frozenset(), "A1", "M2"),),
        persons=persons,
        credentials=tuple(credentials),
        assignments=tuple(rows),
        settings=RuleSettings(min_rest_days=9, passport_margin_days=20, min_years_commissioned=0),
    )
    doubts = _agrees(Index(snapshot))
    assert {p: [a.id for a in d.individual] for p, d in doubts.items() if d.individual} == {
        1: [10],
        4: [40],
    }
    assert {p for p, d in doubts.items() if d.schedule} == {5}
    assert {p: [a.id for a in d.credential] for p, d in doubts.items() if d.credential} == {8: [80]}


@pytest.mark.parametrize("big", [1, 2**40, 2**62], ids=["small", "2**40", "2**62"])
def test_the_whole_plan_pass_agrees_whatever_the_ids(big: int) -> None:
    """Ids are packed above the day numbers: ids too large for that, a rotation id that
    could be mistaken for none, and a mission without a language change nothing."""
    person_ids = (big, big + 1)
    missions = (
        MissionRow(big, "M1", "One", "en", None, None),
        MissionRow(big + 1, "M2", "Two", None, None, None),  # type: ignore[arg-type]
    )
    rotation = make_rotation(-1, "R", 1, None, day(0), day(10), "approved", "U1")
    persons = tuple(
        PersonRow(p, f"P{p}", "S", "G", "F", None, "Major", None, "fr:B2") for p in person_ids
    )
    credentials = [
        make_credential(0, p, r.kind, day(0), day(30 + i))
        for i, p in enumerate(person_ids)
        for r in DEFAULT_REQUIREMENTS
    ]
    rows = [
        make_assignment(1, person_ids[0], big, -1, "unit", day(0), day(10), "planned"),
        make_assignment(2, person_ids[0], big, None, "unit", day(11), day(20), "planned"),
        make_assignment(3, person_ids[1], big, None, "unit", day(5), day(40), "planned"),
        make_assignment(4, person_ids[1], big + 1, None, "observer", day(0), day(3), "planned"),
    ]
    snapshot = Snapshot(
        missions=missions,
        authorisations=(AuthorisationRow(1, "A1", "", day(0), day(0), None, None),),
        authorised_missions=tuple(
            AuthorisedMissionRow(i, 1, m.id, None, frozenset(), "A1", m.code)
            for i, m in enumerate(missions, start=1)
        ),
        units=(UnitRow(1, "U1", "Unit", big, None, 14, "M1"),),
        rotations=(rotation,),
        persons=persons,
        credentials=tuple(credentials),
        assignments=tuple(rows),
        settings=RuleSettings(min_rest_days=1, passport_margin_days=0, min_years_commissioned=0),
    )
    doubts = _agrees(Index(snapshot))
    # Row 2 starts a day after row 1 ends: too soon. Row 3 needs credentials through day
    # 40; its person's end on day 31. Row 4: a mission without a language is no doubt.
    assert {p: d.schedule for p, d in doubts.items()} == {big: True, big + 1: False}
    assert [a.id for a in doubts[big + 1].credential] == [3]
    assert not doubts[big + 1].individual and not doubts[big].rotation
