"""``planner info``'s counts: by table name (no model mapped), in step with the registry."""

from __future__ import annotations

from planner.entities import ENTITIES
from planner.plan import Plan
from planner.queries.counts import SHOWN, entity_counts


def test_the_tables_and_labels_are_the_registrys() -> None:
    by_table = {e.model.__tablename__: e for e in ENTITIES.values()}
    for table, label in SHOWN:
        assert by_table[table].plural.capitalize() == label


def test_the_demo_plan_is_counted(demo_plan: Plan) -> None:
    counts = entity_counts(demo_plan)
    assert list(counts) == [label for _, label in SHOWN]
    assert counts["Missions"] == 11 and counts["Ceiling clauses"] > 0 and counts["Posts"] > 0
