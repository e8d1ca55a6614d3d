"""How many of each entity a plan holds (``planner info``).

Counted with plain table names, not the models: ``planner info`` then runs without
mapping a single class (a fifth of its time). A test holds the tables and labels here to
``planner.entities``."""

from __future__ import annotations

from typing import Final

from sqlalchemy import func, select, table

from planner.plan import Plan

# (table, plural label as ``planner.entities`` has it, capitalised), in the order shown.
SHOWN: Final = (
    ("mission", "Missions"),
    ("authorisation", "Authorisations"),
    ("authorised_mission", "Authorised missions"),
    ("ceiling_clause", "Ceiling clauses"),
    ("unit", "Units"),
    ("post", "Posts"),
    ("rotation", "Rotations"),
    ("person", "Personnel"),
    ("credential", "Credentials"),
    ("absence", "Absences"),
    ("assignment", "Assignments"),
)


def entity_counts(plan: Plan) -> dict[str, int]:
    """{plural label: count} in a fixed order, in one round trip per table."""
    with plan.read() as session:
        return {
            label: session.scalar(select(func.count()).select_from(table(name))) or 0
            for name, label in SHOWN
        }
