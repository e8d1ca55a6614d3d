"""Alembic environment: always run from planner.migrate with a live connection."""

from __future__ import annotations

from alembic import context

from planner.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app never runs alembic without one
    raise RuntimeError("planner migrations run through planner.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
