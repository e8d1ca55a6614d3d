"""Bulk inserts of rows whose ids are given (demo and generated plans).

SQLite takes the next id from the table itself, but PostgreSQL takes it from a sequence
that explicit ids do not advance: after such an insert the sequence is moved past the
highest id, or the next ordinary insert would collide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from planner.models import (
    Absence,
    Assignment,
    Authorisation,
    AuthorisedMission,
    Base,
    CeilingClause,
    CeilingClauseMission,
    Credential,
    Mission,
    Person,
    Post,
    Rotation,
    Unit,
)

# Parents before children, so that every foreign key finds its row.
INSERT_ORDER: tuple[type[Base], ...] = (
    Mission,
    Authorisation,
    AuthorisedMission,
    CeilingClause,
    CeilingClauseMission,
    Unit,
    Post,
    Rotation,
    Person,
    Credential,
    Absence,
    Assignment,
)


def insert_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    session.execute(insert(model), list(rows))
    if session.get_bind().dialect.name == "postgresql":
        table: Any = model.__table__
        highest = session.scalar(select(func.max(table.c.id)))
        session.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :value)"),
            {"table": table.name, "value": highest},
        )


def insert_all(session: Session, rows: dict[type, list[dict[str, Any]]]) -> None:
    """Insert generated rows of every table, parents first."""
    for model in INSERT_ORDER:
        insert_rows(session, model, rows.get(model, []))
