"""Assigning people to rotations and individual posts, and changing their status.

Each action in two forms, as in ``crud``: ``*_in(session, …)`` inside the caller's
transaction, and the plain name, one transaction of its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from planner.changes import ChangeSet
from planner.domain import ASSIGNMENT_STATUSES
from planner.errors import ValidationError
from planner.models import Assignment, Mission, Person, Rotation
from planner.plan import Plan
from planner.services.crud import create_in, delete_in, transact, update_in


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
    return transact(
        plan,
        lambda session: assign_in(
            session,
            person_id,
            rotation_id=rotation_id,
            mission_id=mission_id,
            category=category,
            role=role,
            starts_on=starts_on,
            ends_on=ends_on,
            status=status,
        ),
    )


def assign_in(
    session: Session,
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
    change = create_in(session, "assignment", values)
    return ChangeSet(f"Assign {_describe(session, change.values)}", (change,))


def unassign_person(plan: Plan, assignment_id: int, version: int | None) -> ChangeSet:
    return transact(plan, lambda session: unassign_in(session, assignment_id, version))


def unassign_in(session: Session, assignment_id: int, version: int | None) -> ChangeSet:
    row = session.get(Assignment, assignment_id)
    description = ""
    if row is not None:
        description = _describe(
            session,
            {
                "person_id": row.person_id,
                "mission_id": row.mission_id,
                "rotation_id": row.rotation_id,
                "starts_on": row.starts_on,
            },
        )
    changes = delete_in(session, "assignment", assignment_id, version)
    return ChangeSet(f"Unassign {description}", tuple(changes))


def set_assignment_status(
    plan: Plan, assignment_id: int, version: int | None, status: str
) -> ChangeSet:
    return transact(
        plan, lambda session: set_assignment_status_in(session, assignment_id, version, status)
    )


def set_assignment_status_in(
    session: Session, assignment_id: int, version: int | None, status: str
) -> ChangeSet:
    if status not in ASSIGNMENT_STATUSES:
        raise ValidationError(
            f"'{status}' is not an assignment status ({', '.join(ASSIGNMENT_STATUSES)})"
        )
    change = update_in(session, "assignment", assignment_id, version, {"status": status})
    return ChangeSet(f"Set assignment status to {status}", (change,))


def _describe(session: Session, values: dict[str, Any]) -> str:
    person = session.get(Person, values["person_id"])
    mission = session.get(Mission, values["mission_id"])
    who = f"{person.rank} {person.surname} ({person.service_number})" if person else "?"
    where = mission.code if mission else "?"
    if values.get("rotation_id"):
        rotation = session.get(Rotation, values["rotation_id"])
        where = f"{where} {rotation.code}" if rotation else where
    return f"{who} to {where}"
