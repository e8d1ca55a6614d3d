"""Moving and resizing rotations: their assignments follow them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import ROTATION_STATUSES
from planner.entities import ENTITIES
from planner.errors import NotFoundError, ValidationError
from planner.models import Assignment, Rotation
from planner.plan import Plan
from planner.services.changes import Change, ChangeSet
from planner.services.crud import check_version, run_transaction, update_in


def _rotation(session: Session, rotation_id: int, version: int | None) -> Rotation:
    rotation = session.get(Rotation, rotation_id)
    if rotation is None:
        raise NotFoundError("The rotation no longer exists (it was deleted).")
    check_version(ENTITIES["rotation"], rotation, version)
    return rotation


def move_rotation(
    plan: Plan, rotation_id: int, version: int | None, new_start: dt.date
) -> ChangeSet:
    """Shift a rotation to start on ``new_start``; every assignment of it shifts by the
    same number of days."""
    code: list[str] = []

    def work(session: Session) -> list[Change]:
        rotation = _rotation(session, rotation_id, version)
        code.append(rotation.code)
        delta = new_start - rotation.starts_on
        if not delta:
            return []
        changes = [
            update_in(
                session,
                "rotation",
                rotation_id,
                version,
                {"starts_on": new_start, "ends_on": rotation.ends_on + delta},
            )
        ]
        for assignment in _assignments(session, rotation_id):
            changes.append(
                update_in(
                    session,
                    "assignment",
                    assignment.id,
                    assignment.version,
                    {
                        "starts_on": assignment.starts_on + delta,
                        "ends_on": assignment.ends_on + delta,
                    },
                )
            )
        return changes

    result = run_transaction(plan, work)
    return ChangeSet(f"Move rotation {code[0]} to start {new_start}", result)


def resize_rotation(
    plan: Plan, rotation_id: int, version: int | None, starts_on: dt.date, ends_on: dt.date
) -> ChangeSet:
    """Give a rotation new dates. Assignments that ran with the rotation's old start or end
    take the new one; assignments that would fall outside are clipped to the new span."""
    if ends_on < starts_on:
        raise ValidationError("the rotation would end before it starts")
    code: list[str] = []

    def work(session: Session) -> list[Change]:
        rotation = _rotation(session, rotation_id, version)
        code.append(rotation.code)
        old_start, old_end = rotation.starts_on, rotation.ends_on
        changes = [
            update_in(
                session,
                "rotation",
                rotation_id,
                version,
                {"starts_on": starts_on, "ends_on": ends_on},
            )
        ]
        for assignment in _assignments(session, rotation_id):
            start = starts_on if assignment.starts_on == old_start else assignment.starts_on
            end = ends_on if assignment.ends_on == old_end else assignment.ends_on
            start = min(max(start, starts_on), ends_on)
            end = max(min(end, ends_on), start)
            if (start, end) != (assignment.starts_on, assignment.ends_on):
                changes.append(
                    update_in(
                        session,
                        "assignment",
                        assignment.id,
                        assignment.version,
                        {"starts_on": start, "ends_on": end},
                    )
                )
        return changes

    result = run_transaction(plan, work)
    return ChangeSet(f"Change rotation {code[0]} to {starts_on} – {ends_on}", result)


def set_rotation_status(
    plan: Plan, rotation_id: int, version: int | None, status: str
) -> ChangeSet:
    if status not in ROTATION_STATUSES:
        raise ValidationError(
            f"'{status}' is not a rotation status ({', '.join(ROTATION_STATUSES)})"
        )
    code: list[str] = []

    def work(session: Session) -> list[Change]:
        code.append(_rotation(session, rotation_id, version).code)
        return [update_in(session, "rotation", rotation_id, version, {"status": status})]

    result = run_transaction(plan, work)
    return ChangeSet(f"Set rotation {code[0]} to {status}", result)


def _assignments(session: Session, rotation_id: int) -> list[Assignment]:
    return list(
        session.scalars(
            select(Assignment).where(Assignment.rotation_id == rotation_id).order_by(Assignment.id)
        )
    )
