"""The synthetic large-plan generator makes what it is asked for, and valid rows."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from planner.app.checking import check_plan
from planner.demo.synthetic import build_synthetic_plan
from planner.errors import PlannerError
from planner.models import (
    Assignment,
    Authorisation,
    Credential,
    Mission,
    Person,
    Rotation,
    Unit,
)
from planner.plan import Plan


def _count(plan: Plan, model: type) -> int:
    with plan.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    ("people", "missions", "years", "assignments"),
    [(400, 7, 6, 3000), (3, 2, 1, 40), (50, 1, 2, 0)],
)
def test_synthetic_plan_has_the_requested_counts(
    plan: Plan, people: int, missions: int, years: int, assignments: int
) -> None:
    build_synthetic_plan(
        plan, people=people, missions=missions, years=years, assignments=assignments
    )
    assert _count(plan, Person) == people
    assert _count(plan, Mission) == missions
    assert _count(plan, Assignment) == assignments
    assert _count(plan, Authorisation) >= 1
    assert _count(plan, Unit) >= 1
    # Six-monthly rotations over the years, for every unit.
    assert _count(plan, Rotation) == _count(plan, Unit) * years * 2
    with plan.read() as session:
        first, last = session.execute(
            select(func.min(Assignment.starts_on), func.max(Assignment.ends_on))
        ).one()
        if assignments:
            assert first.year == 2026 - years + 1
            assert last.year in (2026, 2027)  # a tiny pool pushes a few tours on
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []


def test_synthetic_plan_spreads_people_and_mixes_categories(plan: Plan) -> None:
    build_synthetic_plan(plan, people=500, missions=9, years=10, assignments=4000)
    with plan.read() as session:
        categories = dict(
            session.execute(
                select(Assignment.category, func.count()).group_by(Assignment.category)
            ).all()
        )
        busiest = session.scalar(
            select(func.count())
            .select_from(Assignment)
            .group_by(Assignment.person_id)
            .order_by(func.count().desc())
        )
    assert set(categories) == {"unit", "observer", "staff"}
    assert categories["unit"] > categories["observer"] + categories["staff"]
    assert busiest is not None and busiest <= 4000 // 500 * 3


def test_synthetic_plan_refuses_a_plan_that_is_not_empty(plan: Plan) -> None:
    build_synthetic_plan(plan, people=5, missions=2, years=1, assignments=10)
    with pytest.raises(PlannerError, match="empty plan"):
        build_synthetic_plan(plan, people=5, missions=2, years=1, assignments=10)
    assert _count(plan, Person) == 5


def test_synthetic_plan_holds_credentials_for_nearly_every_tour(plan: Plan) -> None:
    """Credentials are issued before each tour (passports renewed, a licence for
    observers); only the deliberate misses, one or two in a hundred tours, draw findings."""
    build_synthetic_plan(plan, people=500, missions=9, years=10, assignments=4000)
    findings = check_plan(plan)
    credential = [f for f in findings if f.rule == "credential"]
    assert 0 < len(credential) < 4000 * 0.08
    assert {f.detail for f in credential} >= {"medical", "predeployment-training", "screening"}
    with plan.read() as session:
        kinds = set(session.scalars(select(Credential.kind).distinct()))
    assert kinds == {
        "passport",
        "medical",
        "predeployment-training",
        "screening",
        "driving-licence",
    }


def test_synthetic_officers_are_posted_as_a_ministry_would(plan: Plan) -> None:
    """Observers and staff officers are rested, fit the profile and speak the mission's
    language; only the deliberate one or two in a hundred postings break each rule. (The
    plan asks of each person a tour every two and a half years, as the benchmark's does:
    a pool too small for its posts cannot rest.)"""
    build_synthetic_plan(plan, people=500, missions=9, years=10, assignments=2000)
    findings = check_plan(plan)
    with plan.read() as session:
        individual = int(
            session.scalar(
                select(func.count())
                .select_from(Assignment)
                .where(Assignment.category.in_(("observer", "staff")))
            )
            or 0
        )
    for rule in ("short-rest", "observer-profile", "language"):
        found = sum(1 for f in findings if f.rule == rule)
        assert 0 < found < individual * 0.06, (rule, found, individual)
