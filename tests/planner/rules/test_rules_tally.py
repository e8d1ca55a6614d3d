"""The full check's one counting pass equals the separate, plainer counts."""

from __future__ import annotations

from itertools import chain, groupby

from planner.demo.synthetic import build_synthetic_plan
from planner.plan import Plan
from planner.rules.gender import GenderCounts, contribution
from planner.rules.headcount import Headcounts, person_pieces
from planner.rules.index import index_of
from planner.rules.parts import Context, scan, scan_counting
from planner.rules.rotations import roster_sizes
from planner.rules.rows import AssignmentRow
from planner.rules.snapshot import load_snapshot


def _gender_by_person(counted: list[AssignmentRow], women: set[int]) -> GenderCounts:
    """Each person's (group, year) pairs, counted person by person: the plain way."""
    expected: GenderCounts = {}
    for person_id, rows in groupby(counted, key=lambda a: a.person_id):
        for pair in contribution(rows):
            people_women = expected.setdefault(pair, [0, 0])
            people_women[0] += 1
            people_women[1] += person_id in women
    return expected


def _agrees(plan: Plan) -> int:
    ix = index_of(load_snapshot(plan))
    counted = [a for a in chain.from_iterable(ix.by_person.values()) if a.counted]
    doubts = scan(ix, Context.of(ix), counted)
    pieced = {p for p, d in doubts.items() if d.schedule}
    women = {p.id for p in ix.persons.values() if p.sex == "F"}
    pieces = list(
        chain.from_iterable(person_pieces(ix.by_person[p]) for p in doubts if p in pieced)
    )
    plain = [a for a in counted if a.person_id not in pieced]
    expected = Headcounts.build(ix, plain, pieces)
    # The quick pass that counts as it goes: the same doubts as the quick pass alone, and
    # counts equal to the separate ones, its days of the people counted as pieces taken
    # out again.
    fused_doubts, fused = scan_counting(ix, Context.of(ix), counted, women)
    assert {p: (d.schedule, d.absent) for p, d in fused_doubts.items()} == {
        p: (d.schedule, d.absent) for p, d in doubts.items()
    }
    assert fused.sizes == roster_sizes(counted)
    assert fused.gender == _gender_by_person(counted, women)
    minus = [(a.mission_id, a.first, a.last) for a in counted if a.person_id in pieced]
    again = Headcounts.from_days(ix, fused.firsts, fused.lasts, pieces, minus)
    assert again.mission_deltas == expected.mission_deltas
    assert again.runs == expected.runs
    assert again.totals == expected.totals
    return len(pieced)


def test_tally_agrees_on_the_demo_plan(demo_plan: Plan) -> None:
    _agrees(demo_plan)


def test_tally_agrees_on_a_synthetic_plan_with_overlaps(plan: Plan) -> None:
    # Too few people for the posts: many overlap themselves and are counted as pieces.
    build_synthetic_plan(plan, people=120, missions=5, years=4, assignments=1500)
    assert _agrees(plan) > 0
