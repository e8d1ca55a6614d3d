"""A 500-person roster added to a generated plan: shared by the rules and Excel benchmarks
(run them as scripts from this folder's parent, which puts this folder on sys.path)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select

from planner.models import Assignment, Mission, Person, Rotation, Unit
from planner.plan import Plan

ROSTER_SIZE = 500


def add_big_rotation(plan: Plan) -> str:
    """A unit rotation of ROSTER_SIZE people, after every other tour of the plan."""
    with plan.write() as session:
        mission_id = session.scalar(select(func.min(Mission.id)))
        unit_id = session.execute(
            insert(Unit).returning(Unit.id),
            [{"code": "BIGUNIT", "name": "Large unit", "mission_id": mission_id, "strength": 500}],
        ).scalar_one()
        start, end = dt.date(2031, 1, 1), dt.date(2031, 6, 30)
        rotation_id = session.execute(
            insert(Rotation).returning(Rotation.id),
            [
                {
                    "code": "BIGUNIT-R01",
                    "unit_id": unit_id,
                    "number": 1,
                    "starts_on": start,
                    "ends_on": end,
                    "status": "approved",
                }
            ],
        ).scalar_one()
        people = session.scalars(select(Person.id).order_by(Person.id).limit(ROSTER_SIZE)).all()
        session.execute(
            insert(Assignment),
            [
                {
                    "person_id": p,
                    "mission_id": mission_id,
                    "rotation_id": rotation_id,
                    "category": "unit",
                    "role": "Rifleman",
                    "starts_on": start,
                    "ends_on": end,
                    "status": "planned",
                }
                for p in people
            ],
        )
    return "BIGUNIT-R01"
