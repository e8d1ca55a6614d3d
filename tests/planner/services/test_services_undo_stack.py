"""Undo and redo through a stack of several steps on the same row, as the window does."""

from __future__ import annotations

import pytest

from planner import services
from planner.errors import ConflictError
from planner.models import Mission
from planner.plan import Plan


def test_undo_edit_then_undo_create_succeeds(plan: Plan) -> None:
    created = services.create(plan, "mission", {"code": "UNMIK", "name": "Kosovo"})
    mission_id = created.changes[0].id
    edited = services.update(plan, "mission", mission_id, 1, {"name": "Kosovo mission"})
    undo_edit = services.revert(plan, edited)
    undo_create = services.revert(plan, created)  # the version moved on, the values did not
    with plan.read() as session:
        assert session.get(Mission, mission_id) is None
    services.revert(plan, undo_create)  # redo the create
    services.revert(plan, undo_edit)  # redo the edit
    assert services.get(plan, "mission", mission_id)["name"] == "Kosovo mission"


def test_full_undo_redo_cycle_of_three_steps(plan: Plan) -> None:
    created = services.create(plan, "mission", {"code": "UNMIK", "name": "Kosovo"})
    mission_id = created.changes[0].id
    first = services.update(plan, "mission", mission_id, 1, {"name": "Two"})
    second = services.update(plan, "mission", mission_id, 2, {"area": "Balkans"})
    undone = [services.revert(plan, step) for step in (second, first, created)]
    redone = [services.revert(plan, step) for step in reversed(undone)]
    assert len(redone) == 3
    values = services.get(plan, "mission", mission_id)
    assert (values["name"], values["area"]) == ("Two", "Balkans")


def test_undo_after_someone_else_changed_the_values_is_a_conflict(plan: Plan) -> None:
    created = services.create(plan, "mission", {"code": "UNMIK", "name": "Kosovo"})
    mission_id = created.changes[0].id
    edited = services.update(plan, "mission", mission_id, 1, {"name": "Mine"})
    services.update(plan, "mission", mission_id, 2, {"name": "Theirs"})  # another planner
    with pytest.raises(ConflictError, match="changed by someone else"):
        services.revert(plan, edited)
    assert services.get(plan, "mission", mission_id)["name"] == "Theirs"
