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

from planner.models import Base


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
