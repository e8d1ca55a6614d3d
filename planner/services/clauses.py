"""Ceiling clauses with their missions (DESIGN.md section 2).

A clause's missions are rows of their own (ceiling_clause_mission, whose foreign key is
the authorised mission), so adding, editing or deleting a clause is one transaction of
several Changes: the clause's, and one per mission row added or removed. The generic
``revert`` undoes such a ChangeSet exactly, rows in reverse order. Deleting a clause is
the generic delete: its mission rows are its children.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.changes import Change, ChangeSet
from planner.entities import ENTITIES, link_of, row_values
from planner.errors import NotFoundError
from planner.models import CeilingClause, CeilingClauseMission
from planner.plan import Plan
from planner.services.crud import check_version, delete_in, describe_values, run_transaction
from planner.services.validation import validate

ENTITY = "ceiling_clause"
LINK = link_of(ENTITY, "missions")


def clause_missions(session: Session, clause_id: int) -> tuple[int, ...]:
    """The ids of the missions a clause names, sorted (empty: every mission its
    authorisation lists)."""
    return tuple(
        session.scalars(
            select(CeilingClauseMission.mission_id)
            .where(CeilingClauseMission.clause_id == clause_id)
            .order_by(CeilingClauseMission.mission_id)
        )
    )


def get_clause(plan: Plan, clause_id: int) -> dict[str, Any]:
    """Every column of the clause, and ``missions``: the ids of the missions it names."""
    with plan.read() as session:
        row = _load(session, clause_id)
        return {**row_values(row), "missions": clause_missions(session, clause_id)}


def create_clause_in(session: Session, values: Mapping[str, Any]) -> list[Change]:
    """Insert a clause and its mission rows inside the caller's transaction."""
    clean = validate(session, ENTITY, values, links=True)
    missions: tuple[int, ...] = clean.pop("missions")
    row = CeilingClause(**clean)
    session.add(row)
    session.flush()
    changes = [Change("created", ENTITY, row.id, None, row_values(row))]
    changes.extend(_add_missions(session, row, missions))
    return changes


def update_clause_in(
    session: Session, clause_id: int, version: int | None, values: Mapping[str, Any]
) -> list[Change]:
    """Edit a clause, its missions included when ``values`` has them (else they stay):
    mission rows it no longer names are deleted first, then the clause is updated, then
    the rows of the missions it now names are added."""
    row = _load(session, clause_id)
    check_version(ENTITIES[ENTITY], row, version)
    before = row_values(row)
    current = clause_missions(session, clause_id)
    merged = {**before, "missions": current, **values}
    clean = validate(session, ENTITY, merged, row_id=clause_id, links=True)
    wanted: tuple[int, ...] = clean.pop("missions")
    moved = clean["authorisation_id"] != row.authorisation_id
    keep = set() if moved else set(wanted) & set(current)
    changes: list[Change] = []
    for child_id, mission_id in session.execute(
        select(CeilingClauseMission.id, CeilingClauseMission.mission_id)
        .where(CeilingClauseMission.clause_id == clause_id)
        .order_by(CeilingClauseMission.mission_id)
    ).all():
        if mission_id not in keep:
            changes.extend(delete_in(session, LINK.child, child_id, None))
    for name, value in clean.items():
        setattr(row, name, value)
    session.flush()
    changes.append(Change("updated", ENTITY, clause_id, before, row_values(row)))
    changes.extend(_add_missions(session, row, tuple(m for m in wanted if m not in keep)))
    return changes


def create_clause(plan: Plan, values: Mapping[str, Any]) -> ChangeSet:
    """Add a clause: ``values`` as the clause's fields, ``missions`` as mission ids."""
    changes = run_transaction(plan, lambda session: create_clause_in(session, values))
    return ChangeSet(f"Add ceiling clause {_describe(plan, changes)}", changes)


def update_clause(
    plan: Plan, clause_id: int, version: int | None, values: Mapping[str, Any]
) -> ChangeSet:
    """Edit a clause read at ``version``; ``missions`` in ``values`` replaces its missions."""
    changes = run_transaction(
        plan, lambda session: update_clause_in(session, clause_id, version, values)
    )
    return ChangeSet(f"Edit ceiling clause {_describe(plan, changes)}", changes)


def _add_missions(session: Session, row: CeilingClause, missions: tuple[int, ...]) -> list[Change]:
    """The clause's mission rows for ``missions`` (validated with the clause: each exists,
    is listed by its authorisation and is not yet named)."""
    added = [
        CeilingClauseMission(
            clause_id=row.id, authorisation_id=row.authorisation_id, mission_id=mission
        )
        for mission in missions
    ]
    session.add_all(added)
    session.flush()
    return [Change("created", LINK.child, child.id, None, row_values(child)) for child in added]


def _load(session: Session, clause_id: int) -> CeilingClause:
    row = session.get(CeilingClause, clause_id)
    if row is None:
        raise NotFoundError("The ceiling clause no longer exists (it was deleted).")
    return row


def _describe(plan: Plan, changes: tuple[Change, ...]) -> str:
    clause = next(c for c in changes if c.entity == ENTITY)
    return describe_values(ENTITY, clause.values, plan)
