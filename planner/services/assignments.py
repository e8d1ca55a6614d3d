"""Assigning people to rotations and individual posts, and changing their status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from planner.domain import ASSIGNMENT_STATUSES
from planner.errors import ValidationError
from planner.models import Assignment, Mission, Person, Rotation
from planner.plan import Plan
from planner.services.changes import Change, ChangeSet
from planner.services.crud import create_in, delete_in, run_transaction, update_in


def assign_person(
    plan: Plan,
    person_id: int,
    *,
    rotation_id: int | None = None,
    mission_id: int | None = None,
    category: str | None = None,
    role: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    status: str = "planned",
) -> ChangeSet:
    """Put a person on a rotation (dates and mission from the rotation unless given) or on
    an individual post (mission, category and dates required)."""
    if rotation_id is None and mission_id is None:
        raise ValidationError("choose a rotation or a mission for the assignment")
    values: dict[str, Any] = {
        "person_id": person_id,
        "rotation_id": rotation_id,
        "mission_id": mission_id,
        "category": category or ("unit" if rotation_id is not None else None),
        "role": role,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "status": status,
    }
    description: list[str] = []

    def work(session: Session) -> list[Change]:
        change = create_in(session, "assignment", values)
        description.append(_describe(session, change.values))
        return [change]

    result = run_transaction(plan, work)
    return ChangeSet(f"Assign {description[0]}", result)


def unassign_person(plan: Plan, assignment_id: int, version: int | None) -> ChangeSet:
    description: list[str] = []

    def work(session: Session) -> list[Change]:
        row = session.get(Assignment, assignment_id)
        if row is not None:
            description.append(
                _describe(
                    session,
                    {
                        "person_id": row.person_id,
                        "mission_id": row.mission_id,
                        "rotation_id": row.rotation_id,
                        "starts_on": row.starts_on,
                    },
                )
            )
        return delete_in(session, "assignment", assignment_id, version)

    result = run_transaction(plan, work)
    return ChangeSet(f"Unassign {description[0] if description else ''}", result)


def set_assignment_status(
    plan: Plan, assignment_id: int, version: int | None, status: str
) -> ChangeSet:
    if status not in ASSIGNMENT_STATUSES:
        raise ValidationError(
            f"'{status}' is not an assignment status ({', '.join(ASSIGNMENT_STATUSES)})"
        )
    result = run_transaction(
        plan, lambda s: [update_in(s, "assignment", assignment_id, version, {"status": status})]
    )
    return ChangeSet(f"Set assignment status to {status}", result)


def _describe(session: Session, values: dict[str, Any]) -> str:
    person = session.get(Person, values["person_id"])
    mission = session.get(Mission, values["mission_id"])
    who = f"{person.rank} {person.surname} ({person.service_number})" if person else "?"
    where = mission.code if mission else "?"
    if values.get("rotation_id"):
        rotation = session.get(Rotation, values["rotation_id"])
        where = f"{where} {rotation.code}" if rotation else where
    return f"{who} to {where}"
