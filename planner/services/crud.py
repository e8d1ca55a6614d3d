"""Create, update and delete of every entity, and the exact reversal of any ChangeSet.

Each function is one transaction. An update or delete names the version it read: if the
row changed since (another planner, another window), ConflictError is raised and nothing
is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planner.changes import Change, ChangeSet
from planner.entities import ENTITIES, Entity, row_values
from planner.errors import ConflictError, NotFoundError, PlannerError
from planner.models import Base
from planner.plan import Plan
from planner.services.describe import describe_row
from planner.services.validation import explain_integrity_error, refuse_delete, validate


def _entity(name: str) -> Entity:
    try:
        return ENTITIES[name]
    except KeyError:
        raise PlannerError(f"There is no kind of record called '{name}'.") from None


def _load(session: Session, entity: Entity, row_id: int) -> Base:
    row = session.get(entity.model, row_id)
    if row is None:
        raise NotFoundError(f"The {entity.label} no longer exists (it was deleted).")
    return row


def check_version(entity: Entity, row: Base, version: int | None) -> None:
    if version is not None and getattr(row, "version", None) != version:
        raise ConflictError(
            f"The {entity.label} {describe_row(entity.name, row)} was changed by someone else "
            "since you opened it; reload to see the current values."
        )


def get(plan: Plan, entity_name: str, row_id: int) -> dict[str, Any]:
    entity = _entity(entity_name)
    with plan.read() as session:
        return row_values(_load(session, entity, row_id))


def create_in(session: Session, entity_name: str, values: Mapping[str, Any]) -> Change:
    """Insert one row inside the caller's transaction (for services that do several)."""
    entity = _entity(entity_name)
    if entity.name == "settings":
        raise PlannerError("A plan has one set of settings: edit them instead of adding more.")
    clean = validate(session, entity_name, values)
    row = entity.model(**clean)
    session.add(row)
    session.flush()
    return Change("created", entity.name, row.id, None, row_values(row))  # type: ignore[attr-defined]


def update_in(
    session: Session, entity_name: str, row_id: int, version: int | None, values: Mapping[str, Any]
) -> Change:
    entity = _entity(entity_name)
    row = _load(session, entity, row_id)
    check_version(entity, row, version)
    before = row_values(row)
    merged = {**before, **values}
    clean = validate(session, entity_name, merged, row_id=row_id)
    for name, value in clean.items():
        setattr(row, name, value)
    session.flush()
    return Change("updated", entity.name, row_id, before, row_values(row))


def delete_in(session: Session, entity_name: str, row_id: int, version: int | None) -> list[Change]:
    """Delete a row and everything that goes with it, children first."""
    entity = _entity(entity_name)
    if entity.name == "settings":
        raise PlannerError("The settings cannot be deleted: the rules need them; edit them.")
    row = _load(session, entity, row_id)
    check_version(entity, row, version)
    refuse_delete(session, entity.name, row_id)
    changes: list[Change] = []
    for child_name, fk in entity.children:
        child = ENTITIES[child_name]
        child_ids = session.scalars(
            select(child.model.id).where(getattr(child.model, fk) == row_id)  # type: ignore[attr-defined]
        ).all()
        for child_id in child_ids:
            if session.get(child.model, child_id) is not None:
                changes.extend(delete_in(session, child_name, child_id, None))
    before = row_values(row)
    session.delete(row)
    session.flush()
    changes.append(Change("deleted", entity.name, row_id, before, None))
    return changes


def run_transaction(plan: Plan, work: Callable[[Session], list[Change]]) -> tuple[Change, ...]:
    """Run ``work`` in one transaction and translate database refusals into plain errors."""
    return transact(plan, lambda session: ChangeSet("", tuple(work(session)))).changes


def transact(plan: Plan, work: Callable[[Session], ChangeSet]) -> ChangeSet:
    """Run ``work`` (a service's ``*_in`` form, or several of them) in one transaction,
    committed when it returns; database refusals become plain errors, nothing saved."""
    try:
        with plan.write() as session:
            return work(session)
    except StaleDataError as exc:
        raise ConflictError(
            "Someone else changed this record at the same moment; reload and try again."
        ) from exc
    except IntegrityError as exc:
        raise explain_integrity_error(exc) from exc
    except OperationalError as exc:
        # Busy past the timeout, disk full, file gone: the transaction was rolled back.
        lines = str(exc.orig or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        raise PlannerError(f"The plan could not be written ({reason}); nothing was saved.") from exc


# Each action in two forms: ``*_record(session, …)`` inside the caller's transaction (so
# that one operation can compose several), and ``create``/``update``/``delete(plan, …)``,
# one transaction of its own.


def create_record(session: Session, entity_name: str, values: Mapping[str, Any]) -> ChangeSet:
    change = create_in(session, entity_name, values)
    label = ENTITIES[change.entity].label
    return ChangeSet(f"Add {label} {describe_in(session, change.entity, change.values)}", (change,))


def update_record(
    session: Session, entity_name: str, row_id: int, version: int | None, values: Mapping[str, Any]
) -> ChangeSet:
    change = update_in(session, entity_name, row_id, version, values)
    label = ENTITIES[change.entity].label
    return ChangeSet(
        f"Edit {label} {describe_in(session, change.entity, change.values)}", (change,)
    )


def delete_record(
    session: Session, entity_name: str, row_id: int, version: int | None
) -> ChangeSet:
    entity = _entity(entity_name)
    name = describe_row(entity.name, _load(session, entity, row_id), session)
    changes = delete_in(session, entity_name, row_id, version)
    extra = len(changes) - 1
    suffix = f" and {extra} dependent records" if extra else ""
    return ChangeSet(f"Delete {entity.label} {name}{suffix}", tuple(changes))


def create(plan: Plan, entity_name: str, values: Mapping[str, Any]) -> ChangeSet:
    return transact(plan, lambda s: create_record(s, entity_name, values))


def update(
    plan: Plan, entity_name: str, row_id: int, version: int | None, values: Mapping[str, Any]
) -> ChangeSet:
    return transact(plan, lambda s: update_record(s, entity_name, row_id, version, values))


def delete(plan: Plan, entity_name: str, row_id: int, version: int | None) -> ChangeSet:
    return transact(plan, lambda s: delete_record(s, entity_name, row_id, version))


def dependents(plan: Plan, entity_name: str, row_id: int) -> dict[str, int]:
    """What a delete would take with it: {entity plural: count}, for the confirmation."""
    found: dict[str, set[int]] = {}
    with plan.read() as session:
        _collect_dependents(session, _entity(entity_name), row_id, found)
    return {ENTITIES[name].plural: len(ids) for name, ids in found.items() if ids}


def _collect_dependents(
    session: Session, entity: Entity, row_id: int, found: dict[str, set[int]]
) -> None:
    # Sets, not counts: a row can hang below its parent twice (an assignment under the
    # mission directly and under the mission's unit's rotation) and is deleted once.
    for child_name, fk in entity.children:
        child = ENTITIES[child_name]
        child_ids = session.scalars(
            select(child.model.id).where(getattr(child.model, fk) == row_id)  # type: ignore[attr-defined]
        ).all()
        seen = found.setdefault(child_name, set())
        for child_id in child_ids:
            if child_id not in seen:
                seen.add(child_id)
                _collect_dependents(session, child, child_id, found)


def revert(plan: Plan, change_set: ChangeSet) -> ChangeSet:
    """Undo a ChangeSet exactly; returns the ChangeSet of the undo, which reverts the
    original in its turn (so redo is ``revert(plan, revert(plan, cs))``)."""
    return transact(plan, lambda session: revert_in(session, change_set))


def revert_in(session: Session, change_set: ChangeSet) -> ChangeSet:
    """``revert`` inside the caller's transaction."""
    if change_set.whole_plan and not change_set.changes:
        raise PlannerError(f"{change_set.description} cannot be undone.")
    done = [_revert_one(session, change) for change in reversed(change_set.changes)]
    return ChangeSet(change_set.description, tuple(done))


def _check_unchanged_since(entity: Entity, row: Base, expected: Mapping[str, Any]) -> None:
    """Undo may proceed only if the row still holds what the change left in it.

    Values are compared, not versions: undoing a later step of the same undo stack bumps
    the version while restoring the very values this change left (create, edit, undo the
    edit, undo the create), and that must not count as someone else's change.
    """
    current = row_values(row)
    if any(current.get(k) != v for k, v in expected.items() if k != "version"):
        raise ConflictError(
            f"The {entity.label} {describe_row(entity.name, row)} was changed by someone else "
            "since; reload to see the current values."
        )


def _revert_one(session: Session, change: Change) -> Change:
    entity = ENTITIES[change.entity]
    if change.kind == "created":
        assert change.after is not None
        row = session.get(entity.model, change.id)
        if row is None:
            raise ConflictError(f"The {entity.label} was already deleted by someone else.")
        _check_unchanged_since(entity, row, change.after)
        before = row_values(row)
        session.delete(row)
        session.flush()
        return Change("deleted", entity.name, change.id, before, None)
    if change.kind == "updated":
        assert change.before is not None and change.after is not None
        row = _load(session, entity, change.id)
        _check_unchanged_since(entity, row, change.after)
        current = row_values(row)
        for name, value in change.before.items():
            if name not in ("id", "version"):
                setattr(row, name, value)
        session.flush()
        return Change("updated", entity.name, change.id, current, row_values(row))
    assert change.before is not None
    if session.get(entity.model, change.id) is not None:
        raise ConflictError(f"Cannot restore the {entity.label}: its place was taken meanwhile.")
    row = entity.model(**change.before)
    session.add(row)
    session.flush()
    # The ORM inserts every row at version 1; put back the version it had, so that a
    # window still holding an older version (older values) cannot write over it.
    model: Any = entity.model
    session.execute(
        sql_update(model).where(model.id == change.id).values(version=change.before["version"]),
        execution_options={"synchronize_session": False},
    )
    session.expire(row)
    return Change("created", entity.name, change.id, None, row_values(row))


def describe_values(entity_name: str, values: Mapping[str, Any], plan: Plan) -> str:
    with plan.read() as session:
        return describe_in(session, entity_name, values)


def describe_in(session: Session, entity_name: str, values: Mapping[str, Any]) -> str:
    """A short name of the record holding ``values`` (its references read in ``session``)."""
    row = ENTITIES[entity_name].model(**dict(values))
    return describe_row(entity_name, row, session)
