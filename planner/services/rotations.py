"""Moving, resizing and editing rotations: their assignments follow them.

Each action in two forms, as in ``crud``: ``*_in(session, …)`` inside the caller's
transaction, and the plain name, one transaction of its own. ``edit_rotation`` (the
rotation dialog's save) composes an update and a move or resize in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.changes import Change, ChangeSet
from planner.domain import ROTATION_STATUSES
from planner.entities import ENTITIES
from planner.errors import FieldProblem, NotFoundError, ValidationError
from planner.fields import FIELDS, coerce
from planner.models import Assignment, Rotation
from planner.plan import Plan
from planner.services.crud import check_version, transact, update_in, update_record


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
    return transact(plan, lambda s: move_rotation_in(s, rotation_id, version, new_start))


def move_rotation_in(
    session: Session, rotation_id: int, version: int | None, new_start: dt.date
) -> ChangeSet:
    rotation = _rotation(session, rotation_id, version)
    description = f"Move rotation {rotation.code} to start {new_start}"
    delta = new_start - rotation.starts_on
    if not delta:
        return ChangeSet(description)
    changes = [
        update_in(
            session,
            "rotation",
            rotation_id,
            None,  # checked above
            {"starts_on": new_start, "ends_on": rotation.ends_on + delta},
        )
    ]
    for assignment in _assignments(session, rotation_id):
        try:
            shifted = {
                "starts_on": assignment.starts_on + delta,
                "ends_on": assignment.ends_on + delta,
            }
        except OverflowError:
            problem = (
                f"moving {rotation.code} to start {new_start} would take its assignment "
                f"{assignment.starts_on} – {assignment.ends_on} past the calendar's end"
            )
            raise ValidationError([FieldProblem("starts_on", problem)]) from None
        changes.append(update_in(session, "assignment", assignment.id, assignment.version, shifted))
    return ChangeSet(description, tuple(changes))


def resize_rotation(
    plan: Plan, rotation_id: int, version: int | None, starts_on: dt.date, ends_on: dt.date
) -> ChangeSet:
    """Give a rotation new dates. Assignments that ran with the rotation's old start or end
    take the new one; assignments that would fall outside are clipped to the new span."""
    return transact(plan, lambda s: resize_rotation_in(s, rotation_id, version, starts_on, ends_on))


def resize_rotation_in(
    session: Session, rotation_id: int, version: int | None, starts_on: dt.date, ends_on: dt.date
) -> ChangeSet:
    if ends_on < starts_on:
        raise ValidationError("the rotation would end before it starts")
    rotation = _rotation(session, rotation_id, version)
    description = f"Change rotation {rotation.code} to {starts_on} – {ends_on}"
    old_start, old_end = rotation.starts_on, rotation.ends_on
    changes = [
        update_in(
            session, "rotation", rotation_id, None, {"starts_on": starts_on, "ends_on": ends_on}
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
    return ChangeSet(description, tuple(changes))


def edit_rotation(
    plan: Plan, rotation_id: int, version: int | None, values: Mapping[str, Any]
) -> ChangeSet:
    """The rotation dialog's save, in one transaction: see ``edit_rotation_in``."""
    return transact(plan, lambda s: edit_rotation_in(s, rotation_id, version, values))


def edit_rotation_in(
    session: Session, rotation_id: int, version: int | None, values: Mapping[str, Any]
) -> ChangeSet:
    """Like ``update_record``, except that new dates move the rotation (both dates shift
    by the same days) or resize it, so that its people follow it instead of being left
    outside it. ``values`` may be raw (text as typed): the fields are validated as an
    update validates them, each problem named by its field."""
    rotation = _rotation(session, rotation_id, version)
    old_start, old_end = rotation.starts_on, rotation.ends_on
    start, end = _dates(values, old_start, old_end)
    if start is None or end is None or end < start or (start, end) == (old_start, old_end):
        # Same dates, or dates the update refuses (with its message under the field).
        return update_record(session, "rotation", rotation_id, None, values)
    # The other fields first, at the old dates: a problem in them stops here unsaved.
    others = update_record(
        session,
        "rotation",
        rotation_id,
        None,
        {**values, "starts_on": old_start, "ends_on": old_end},
    )
    if end - start == old_end - old_start:
        dates = move_rotation_in(session, rotation_id, None, start)
    else:
        dates = resize_rotation_in(session, rotation_id, None, start, end)
    changes = coalesce((*others.changes, *dates.changes))
    edited = any(_differs(c.before, c.after) for c in others.changes)  # not the dates
    text = f"{others.description} (now {start} – {end}, its people with it)"
    return ChangeSet(text if edited else dates.description, changes)


def _dates(
    values: Mapping[str, Any], old_start: dt.date, old_end: dt.date
) -> tuple[dt.date | None, dt.date | None]:
    """The new dates as given (the old ones where not given); None where unreadable."""
    specs = {spec.name: spec for spec in FIELDS["rotation"]}
    try:
        start = (
            coerce(specs["starts_on"], values["starts_on"]) if "starts_on" in values else old_start
        )
        end = coerce(specs["ends_on"], values["ends_on"]) if "ends_on" in values else old_end
    except ValueError:
        return None, None
    return start, end


def coalesce(changes: Iterable[Change]) -> tuple[Change, ...]:
    """One change per row where a row was updated twice in a row: one update from its
    first ``before`` to its last ``after``; an update that changed nothing but the version
    goes. Undoing the result restores exactly what the transaction found."""
    merged: list[Change] = []
    last: dict[tuple[str, int], int] = {}  # row -> the index of its latest change
    for change in changes:
        key = (change.entity, change.id)
        at = last.get(key)
        if at is not None and merged[at].kind == change.kind == "updated":
            merged[at] = Change(
                "updated", change.entity, change.id, merged[at].before, change.after
            )
        else:
            last[key] = len(merged)
            merged.append(change)
    return tuple(c for c in merged if c.kind != "updated" or _differs(c.before, c.after))


def _differs(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> bool:
    """Whether an update changed anything but the version (an unchanged save does not)."""

    def values(row: Mapping[str, Any] | None) -> dict[str, Any]:
        return {k: v for k, v in (row or {}).items() if k != "version"}

    return values(before) != values(after)


def set_rotation_status(
    plan: Plan, rotation_id: int, version: int | None, status: str
) -> ChangeSet:
    return transact(plan, lambda s: set_rotation_status_in(s, rotation_id, version, status))


def set_rotation_status_in(
    session: Session, rotation_id: int, version: int | None, status: str
) -> ChangeSet:
    if status not in ROTATION_STATUSES:
        raise ValidationError(
            f"'{status}' is not a rotation status ({', '.join(ROTATION_STATUSES)})"
        )
    code = _rotation(session, rotation_id, version).code
    change = update_in(session, "rotation", rotation_id, None, {"status": status})
    return ChangeSet(f"Set rotation {code} to {status}", (change,))


def _assignments(session: Session, rotation_id: int) -> list[Assignment]:
    return list(
        session.scalars(
            select(Assignment).where(Assignment.rotation_id == rotation_id).order_by(Assignment.id)
        )
    )
