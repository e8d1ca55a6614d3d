"""How many of each entity a plan holds."""

from __future__ import annotations

from sqlalchemy import func, select

from planner.entities import ENTITIES
from planner.plan import Plan

_SHOWN = (
    "mission",
    "authorisation",
    "authorised_mission",
    "ceiling_clause",
    "unit",
    "post",
    "rotation",
    "person",
    "credential",
    "absence",
    "assignment",
)


def entity_counts(plan: Plan) -> dict[str, int]:
    """{plural label: count} in a fixed order, in one round trip per table."""
    with plan.read() as session:
        return {
            ENTITIES[name].plural.capitalize(): session.scalar(
                select(func.count()).select_from(ENTITIES[name].model)
            )
            or 0
            for name in _SHOWN
        }
