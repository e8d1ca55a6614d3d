"""The quick pass is exact: a check gives the same findings as when every assignment is
doubted in every family (each family's full rule then decides alone), on random plans
built from rows, on each edge of each test, whatever the ids. The pass's counts (heads,
roster sizes, genders) are held to the same answer: the reference counts person by person.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.demo.synthetic import build_synthetic_plan
from planner.domain import RANKS
from planner.plan import Plan
from planner.queries.snapshot import load_snapshot
from planner.rules.authorisations import mission_ceiling_findings, total_ceiling_findings
from planner.rules.engine import check
from planner.rules.findings import Finding, sort_findings
from planner.rules.gender import GenderCounts, contribution, count, gender_findings
from planner.rules.headcount import Headcounts, person_pieces
from planner.rules.index import Index
from planner.rules.parts import (
    CheckState,
    Context,
    Doubts,
    check_people,
    check_unit,
    counted_of,
    doubts_of,
    person_findings,
    woman,
)
from planner.rules.rows import (
    DEFAULT_REQUIREMENTS,
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
from planner.rules.snapshot import Snapshot
from planner.rules.vector import quick_pass

T = TypeVar("T")


def every_doubt_checked(snapshot: Snapshot) -> list[Finding]:
    """The findings when every assignment is doubted in every family, and every count is
    made person by person: no quick test decides anything."""
    ix = Index(snapshot)
    ctx = Context.of(ix)
    found: list[Finding] = []
    pieces = []
    gender: GenderCounts = {}
    for person_id in sorted(ix.by_person):
        counted = counted_of(ix, person_id)
        if counted:
            found += person_findings(ix, ctx, person_id, counted, Doubts.everything(counted))
        pieces += person_pieces(counted)
        count(gender, contribution(counted), woman(ix, person_id), 1)
    headcounts = Headcounts.build(ix, (), pieces)
    for mission_id, runs in headcounts.runs.items():
        code = ix.missions[mission_id].code
        found += mission_ceiling_findings(code, runs, ix.timeline(mission_id))
    for authorisation_id, totals in headcounts.totals.items():
        found += total_ceiling_findings(ix.authorisations[authorisation_id], totals)
    for unit_id in ix.units:
        found += check_unit(ix, unit_id)  # roster sizes from each rotation's rows
    found += gender_findings(gender, ix.gender_targets)
    return sort_findings(found)


def _exact(snapshot: Snapshot) -> dict[int, Doubts]:
    """The check equals the reference; so do the checks of a few people at a time (as
    the incremental checker and the focused check make them). The quick pass's doubts."""
    found = check(snapshot)
    assert found == every_doubt_checked(snapshot)
    ix = Index(snapshot)
    ctx = Context.of(ix)
    state = CheckState(ix)
    people = sorted(ix.by_person)
    for some in (people[::2], people[1::2]):
        for person_id, result in check_people(ix, ctx, some).items():
            assert result.findings == state.person_findings.get(person_id, []), person_id
    rows = [a for a in ix.grouped_assignments() if a.counted]
    return doubts_of(rows, quick_pass(ix, ctx, rows).doubts)


def test_an_empty_plan_has_no_doubts_and_no_counts() -> None:
    ix = Index(Snapshot())
    quick = quick_pass(ix, Context.of(ix), [])
    assert quick.doubts == {} and quick.rows_of == {} and quick.counts is None
    assert check(Snapshot()) == [] == every_doubt_checked(Snapshot())


def test_the_quick_pass_is_exact_on_the_demo_plan(demo_plan: Plan) -> None:
    doubts = _exact(load_snapshot(demo_plan))
    # The demo's planted problems put people in doubt of every kind.
    assert any(d.credential for d in doubts.values())
    assert any(d.individual for d in doubts.values())
    assert any(d.authorisation for d in doubts.values())
    assert any(d.schedule for d in doubts.values())
    assert any(d.absent for d in doubts.values())


def test_the_quick_pass_is_exact_on_a_synthetic_plan_with_overlaps(plan: Plan) -> None:
    # Too few people for the posts: many overlap themselves and are counted as pieces.
    build_synthetic_plan(plan, people=120, missions=5, years=4, assignments=1500)
    doubts = _exact(load_snapshot(plan))
    assert sum(d.schedule for d in doubts.values()) > 0


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
    # Rows in any order (the rules sort them): one random draw, not one per row.
    order = draw(st.randoms(use_true_random=False))

    def shuffled(rows: list[T]) -> list[T]:
        order.shuffle(rows)
        return rows

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
        # Most people hold every kind, so that the edges of their spans decide. (Drawn
        # from the random stream: a draw per credential would make the plans slow to make.)
        missing = {order.choice(kinds)} if order.random() < 0.3 else set()
        for kind in sorted(set(kinds) - missing):
            for _ in range(order.randint(1, 3)):
                first = order.randint(0, DAYS)
                issued, expires = day(first), day(first + order.randint(0, DAYS))
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
        credentials=tuple(shuffled(credentials)),
        absences=tuple(absences),
        assignments=tuple(shuffled(assignments)),
        settings=RuleSettings(
            min_rest_days=draw(st.sampled_from([0, 1, 7, 30, 10**12])),
            passport_margin_days=draw(st.sampled_from([0, 1, 7, 10**12])),
            min_years_commissioned=draw(st.sampled_from([0, 5])),
        ),
    )


@settings(max_examples=200, deadline=None)
@given(plans())
def test_the_quick_pass_is_exact_on_random_plans(snapshot: Snapshot) -> None:
    _exact(snapshot)


def test_the_quick_pass_is_exact_on_each_edge() -> None:
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
    doubts = _exact(snapshot)
    assert {p: [a.id for a in d.individual] for p, d in doubts.items() if d.individual} == {
        1: [10],
        4: [40],
    }
    assert {p for p, d in doubts.items() if d.schedule} == {5}
    assert {p: [a.id for a in d.credential] for p, d in doubts.items() if d.credential} == {8: [80]}


@pytest.mark.parametrize("big", [1, 2**40, 2**62], ids=["small", "2**40", "2**62"])
def test_the_quick_pass_is_exact_whatever_the_ids(big: int) -> None:
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
    doubts = _exact(snapshot)
    # Row 2 starts a day after row 1 ends: too soon. Row 3 needs credentials through day
    # 40; its person's end on day 31. Row 4: a mission without a language is no doubt.
    assert {p: d.schedule for p, d in doubts.items()} == {big: True, big + 1: False}
    assert [a.id for a in doubts[big + 1].credential] == [3]
    assert not doubts[big + 1].individual and not doubts[big].rotation
