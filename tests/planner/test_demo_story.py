"""The demo plan tells the seeds' story (DESIGN.md section 7): the three resolutions as
their ceiling clauses, KAZCOY's and KAZCON's establishments filled by their rosters, the
history of seed 003 (520 servicemen through UNIFIL's company by mid-2022, 45 officers, 6
and 9 serving then), and each planted problem's finding (planner.demo.problems.EXPECTED),
the clause and establishment ones counted here straight from DESIGN.md's definitions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import pairwise
from typing import Any

from sqlalchemy import select

from planner.app.checking import check_plan
from planner.demo.problems import EXPECTED, PLANTED, PLANTED_FOR_NEW_RULES
from planner.domain import RANK_ORDER, split_categories
from planner.models import (
    Assignment,
    Authorisation,
    AuthorisedMission,
    CeilingClause,
    CeilingClauseMission,
    Mission,
    Person,
    Post,
    Rotation,
    Unit,
)
from planner.plan import Plan
from planner.queries.limits import load_clauses, load_posts

D = dt.date
DAY = dt.timedelta(days=1)
MID_2022 = D(2022, 6, 30)


def _codes(session: Any) -> dict[int, str]:
    return dict(session.execute(select(Mission.id, Mission.code)).all())


def test_the_three_resolutions_are_written_as_their_clauses(demo_plan: Plan) -> None:
    with demo_plan.read() as session:
        codes = _codes(session)
        named: dict[int, set[str]] = defaultdict(set)
        for row in session.scalars(select(CeilingClauseMission)):
            named[row.clause_id].add(codes[row.mission_id])
        clauses = {
            (reference, c.label): (sorted(named[c.id]), c.categories, c.ceiling)
            for c, reference in session.execute(
                select(CeilingClause, Authorisation.reference).join(
                    Authorisation, Authorisation.id == CeilingClause.authorisation_id
                )
            )
        }
        listed = defaultdict(set)
        for reference, mission in session.execute(
            select(Authorisation.reference, AuthorisedMission.mission_id).join(
                Authorisation, Authorisation.id == AuthorisedMission.authorisation_id
            )
        ):
            listed[reference].add(codes[mission])
    assert clauses == {
        ("2018-06-15", "officers"): (
            ["MINURSO", "UNFICYP", "UNIFIL", "UNMOGIP", "UNTSO"],
            "observer,staff",
            40,
        ),
        ("2018-06-15", "UNIFIL company"): (["UNIFIL"], "unit", 120),
        ("2022-06-30", "servicemen"): ([], "unit,observer,staff", 430),
        ("2024-01-19", "servicemen"): ([], "", 430),
    }
    assert listed["2022-06-30"] == {"MINURSO", "MINUSCA", "MONUSCO", "MINUSMA", "UNIFIL"}
    assert listed["2024-01-19"] == {"UNDOF", "UNTSO", "UNMISS", "UNISFA"}


def test_the_history_agrees_with_seed_003(demo_plan: Plan) -> None:
    with demo_plan.read() as session:
        codes = _codes(session)
        kazcoy = session.scalar(select(Unit.id).where(Unit.code == "KAZCOY"))
        company = session.execute(
            select(Assignment.person_id)
            .join(Rotation, Rotation.id == Assignment.rotation_id)
            .where(Rotation.unit_id == kazcoy, Assignment.starts_on <= MID_2022)
        ).all()
        individual = session.execute(
            select(Assignment.person_id, Assignment.mission_id, Assignment.starts_on)
            .where(Assignment.category.in_(("observer", "staff")))
            .where(Assignment.starts_on <= MID_2022)
        ).all()
        serving = session.execute(
            select(Assignment.person_id, Assignment.mission_id, Assignment.category).where(
                Assignment.starts_on <= MID_2022,
                Assignment.ends_on >= MID_2022,
                Assignment.status != "cancelled",
            )
        ).all()
    # 520 servicemen through UNIFIL's company since 2018, some of them twice.
    assert len({row.person_id for row in company}) == 520 < len(company)
    # 45 officers as observers and staff officers by mid-2022.
    assert len({row.person_id for row in individual}) == 45
    assert min(row.starts_on for row in individual) >= D(2014, 1, 1)
    # 6 in Western Sahara and 9 in Lebanon (beside the company) on 2022-06-30.
    officers: dict[str, set[int]] = defaultdict(set)
    for person, mission, category in serving:
        if category != "unit":
            officers[codes[mission]].add(person)
    assert (len(officers["MINURSO"]), len(officers["UNIFIL"])) == (6, 9)
    assert sum(1 for _, m, c in serving if codes[m] == "UNIFIL" and c == "unit") == 120


def _fills(posts: list[Post], members: list[tuple[str, str]]) -> dict[str, int]:
    """{post code: people filling it}: each person to the most specific post of his
    specialty he fills, highest minimum rank first (the posts of one specialty are nested
    by rank, so this fills as many as any assignment could)."""
    filled = {post.code: 0 for post in posts}
    left = sorted(members, key=lambda m: -RANK_ORDER[m[1]])
    ordered = sorted(posts, key=lambda p: -RANK_ORDER.get(p.min_rank or "", -1))
    for post in ordered:
        for member in list(left):
            if filled[post.code] == post.count:
                break
            specialty, rank = member
            if specialty == post.specialty and RANK_ORDER[rank] >= RANK_ORDER.get(
                post.min_rank or "", -1
            ):
                filled[post.code] += 1
                left.remove(member)
    return filled


def test_every_roster_fills_its_units_establishment_but_the_planted_one(
    demo_plan: Plan,
) -> None:
    with demo_plan.read() as session:
        units = {u.id: u for u in session.scalars(select(Unit))}
        posts: dict[int, list[Post]] = defaultdict(list)
        for post in session.scalars(select(Post)):
            posts[post.unit_id].append(post)
        rotations = session.scalars(select(Rotation).order_by(Rotation.code)).all()
        members: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for rotation_id, specialty, rank in session.execute(
            select(Assignment.rotation_id, Person.specialty, Person.rank)
            .join(Person, Person.id == Assignment.person_id)
            .where(Assignment.rotation_id.is_not(None), Assignment.status != "cancelled")
        ):
            members[rotation_id].append((specialty, rank))
    for unit in units.values():
        assert sum(p.count for p in posts[unit.id]) == unit.strength, unit.code
    kazcoy_id = next(u.id for u in units.values() if u.code == "KAZCOY")
    kazcoy = {p.code: (p.specialty, p.min_rank, p.count) for p in posts[kazcoy_id]}
    assert kazcoy["CDR"] == ("Infantry officer", "Captain", 1)
    assert kazcoy["PL"] == ("Infantry officer", "Lieutenant", 3)
    assert {"MED-1", "MED-2", "ENG", "MP", "DRV", "INF"} <= set(kazcoy)
    short = []
    for rotation in rotations:
        filled = _fills(posts[rotation.unit_id], members[rotation.id])
        for post in posts[rotation.unit_id]:
            if filled[post.code] < post.count:
                short.append((rotation.code, post.code, filled[post.code], post.count))
    (expected,) = EXPECTED["establishment"]
    assert short == [(expected.rotation, expected.detail, expected.value, expected.limit)]


def _governed(session: Any) -> dict[tuple[int, int], list[tuple[dt.date, dt.date]]]:
    """{(mission id, authorisation id): the runs of days that authorisation governs the
    mission}, as DESIGN.md section 2 defines it: among those in force on the day that
    list the mission, the one adopted last (ties: later valid from, then the later
    created). Governing changes only where an authorisation's validity starts or ends."""
    authorisations = session.scalars(select(Authorisation)).all()
    listing: dict[int, set[int]] = defaultdict(set)
    for row in session.scalars(select(AuthorisedMission)):
        listing[row.mission_id].add(row.authorisation_id)
    last = D(2100, 1, 1)
    cuts = sorted(
        {a.valid_from for a in authorisations}
        | {a.valid_until + DAY for a in authorisations if a.valid_until is not None}
        | {last}
    )
    runs: dict[tuple[int, int], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for mission, listed in listing.items():
        for first, after in pairwise(cuts):
            candidates = [
                a
                for a in authorisations
                if a.id in listed
                and a.valid_from <= first
                and (a.valid_until is None or first <= a.valid_until)
            ]
            if candidates:
                best = max(candidates, key=lambda a: (a.adopted_on, a.valid_from, a.id))
                runs[(mission, best.id)].append((first, after - DAY))
    return runs


def test_only_the_planted_clause_is_exceeded_counted_day_by_day(demo_plan: Plan) -> None:
    """The count of clause C of authorisation A on day d (DESIGN.md section 2): the
    distinct persons with a counted assignment on d whose mission is one of C's and is
    governed by A on d, and whose category is one of C's — each person's days as one set,
    so that two assignments on one day count him once."""
    with demo_plan.read() as session:
        governed = _governed(session)
        listed: dict[int, set[int]] = defaultdict(set)
        for row in session.scalars(select(AuthorisedMission)):
            listed[row.authorisation_id].add(row.mission_id)
        named: dict[int, set[int]] = defaultdict(set)
        for row in session.scalars(select(CeilingClauseMission)):
            named[row.clause_id].add(row.mission_id)
        references = dict(session.execute(select(Authorisation.id, Authorisation.reference)).all())
        clauses = session.scalars(select(CeilingClause)).all()
        cancelled = set(session.scalars(select(Rotation.id).where(Rotation.status == "cancelled")))
        assignments = [
            a
            for a in session.scalars(select(Assignment))
            if a.status != "cancelled" and a.rotation_id not in cancelled
        ]
    over = []
    for clause in clauses:
        missions = named[clause.id] or listed[clause.authorisation_id]
        categories = split_categories(clause.categories) or {"unit", "observer", "staff"}
        days: dict[int, set[dt.date]] = defaultdict(set)  # person → days counted
        for a in assignments:
            if a.mission_id not in missions or a.category not in categories:
                continue
            for first, last in governed[(a.mission_id, clause.authorisation_id)]:
                day, end = max(first, a.starts_on), min(last, a.ends_on)
                while day <= end:
                    days[a.person_id].add(day)
                    day += DAY
        count: dict[dt.date, int] = defaultdict(int)
        for person_days in days.values():
            for day in person_days:
                count[day] += 1
        exceeded = sorted(d for d, n in count.items() if n > clause.ceiling)
        if exceeded:
            assert exceeded == [
                exceeded[0] + DAY * n for n in range((exceeded[-1] - exceeded[0]).days + 1)
            ]  # one run of days
            over.append(
                (
                    references[clause.authorisation_id],
                    clause.label,
                    exceeded[0].isoformat(),
                    exceeded[-1].isoformat(),
                    max(count[d] for d in exceeded),
                    clause.ceiling,
                )
            )
    (expected,) = EXPECTED["clause-ceiling"]
    assert over == [
        (
            expected.authorisation,
            expected.detail,
            expected.start,
            expected.end,
            expected.value,
            expected.limit,
        )
    ]


def test_the_check_finds_each_planted_problem_as_expected(demo_plan: Plan) -> None:
    found = check_plan(demo_plan)
    assert set(EXPECTED) == set(PLANTED) | set(PLANTED_FOR_NEW_RULES)
    for rule in PLANTED:
        mine = [f for f in found if f.rule == rule]
        assert len(mine) == len(EXPECTED[rule]), rule
        for finding, expected in zip(mine, EXPECTED[rule], strict=True):
            for name, value in vars(expected).items():
                if value is not None:
                    assert getattr(finding, name) == value, (rule, name)


def test_the_rules_rows_of_clauses_and_posts_load_in_one_query_each(demo_plan: Plan) -> None:
    with demo_plan.read() as session:
        codes = {code: i for i, code in _codes(session).items()}
        clauses = load_clauses(session)
        posts = load_posts(session)
    officers = next(c for c in clauses if c.label == "officers")
    assert officers.authorisation == "2018-06-15"
    assert officers.missions == {
        codes[c] for c in ("UNTSO", "UNFICYP", "UNMOGIP", "UNIFIL", "MINURSO")
    }
    assert (officers.categories, officers.ceiling) == ({"observer", "staff"}, 40)
    later = [c for c in clauses if c.authorisation == "2024-01-19"]
    assert [(c.label, c.missions, c.categories, c.ceiling) for c in later] == [
        ("servicemen", frozenset(), frozenset(), 430)
    ]
    assert len(posts) == 24
    cdr = next(p for p in posts if (p.unit, p.code) == ("KAZCOY", "CDR"))
    assert (cdr.specialty, cdr.min_rank, cdr.count) == ("Infantry officer", "Captain", 1)
    assert next(p for p in posts if (p.unit, p.code) == ("KAZCON", "INF")).min_rank is None
