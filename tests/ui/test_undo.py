"""Undo and redo restore the plan exactly: every row of every table, ids included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from sqlalchemy import select

from planner import services
from planner.entities import ENTITIES
from planner.models import Assignment, Mission, Person, Rotation
from planner.plan import Plan
from planner.services import ChangeSet
from ui.undo import ServiceCommand


def _dump(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    """Every editable table, rows sorted, without the version counter (a redo is a new
    write, so it counts up; everything else must be as it was)."""
    dump = {}
    with plan.read() as session:
        for name, entity in ENTITIES.items():
            columns = [c for c in entity.model.__table__.columns if c.key != "version"]
            rows = session.execute(select(*columns)).all()
            dump[name] = sorted(tuple(row) for row in rows)
    return dump


def _first(plan: Plan, model: Any, *where: Any) -> Any:
    with plan.read() as session:
        return session.scalar(select(model).where(*where).order_by(model.id).limit(1))


def _actions(plan: Plan) -> dict[str, Callable[[], ChangeSet]]:
    person = _first(plan, Person)
    mission = _first(plan, Mission, Mission.code == "UNIFIL")
    rotation = _first(plan, Rotation, Rotation.code == "KAZCON-R04")
    assignment = _first(plan, Assignment)
    return {
        "create": lambda: services.create(
            plan,
            "person",
            {
                "service_number": "KZ-900900",
                "surname": "Bekova",
                "given_name": "Aruzhan",
                "sex": "F",
                "rank": "Captain",
            },
        ),
        "update": lambda: services.update(
            plan, "mission", mission.id, mission.version, {"area": "South Lebanon"}
        ),
        "delete with dependents": lambda: services.delete(
            plan, "person", person.id, person.version
        ),
        "assign": lambda: services.assign_person(plan, person.id, rotation_id=rotation.id),
        "move rotation": lambda: services.move_rotation(
            plan, rotation.id, rotation.version, rotation.starts_on + dt.timedelta(days=30)
        ),
        "status": lambda: services.set_assignment_status(
            plan, assignment.id, assignment.version, "cancelled"
        ),
    }


@pytest.mark.parametrize(
    "action",
    ["create", "update", "delete with dependents", "assign", "move rotation", "status"],
)
def test_undo_and_redo_restore_every_row(demo_plan: Plan, qtbot: Any, action: str) -> None:
    stack = QUndoStack()
    seen: list[ChangeSet] = []
    errors: list[BaseException] = []
    before = _dump(demo_plan)
    command = ServiceCommand(demo_plan, _actions(demo_plan)[action], seen.append, errors.append)
    done = command.perform()
    stack.push(command)
    after = _dump(demo_plan)
    assert after != before
    assert stack.text(0) == done.description and done.description
    assert seen == [done]  # the window is told once, by the first redo

    stack.undo()
    assert _dump(demo_plan) == before
    stack.redo()
    assert _dump(demo_plan) == after
    stack.undo()
    assert _dump(demo_plan) == before
    assert errors == [] and len(seen) == 4
    assert {c.entity for c in seen[1].changes} == done.entities()


def test_a_refused_edit_never_reaches_the_stack(demo_plan: Plan) -> None:
    from planner.errors import ValidationError

    stack = QUndoStack()
    command = ServiceCommand(
        demo_plan,
        lambda: services.create(demo_plan, "mission", {"code": "UNIFIL", "name": "again"}),
        lambda _cs: None,
        lambda _exc: None,
    )
    with pytest.raises(ValidationError):
        command.perform()
    assert stack.count() == 0


def test_an_undo_that_meets_someone_elses_change_is_dropped_and_reported(
    demo_plan: Plan, qtbot: Any
) -> None:
    stack = QUndoStack()
    errors: list[BaseException] = []
    mission = _first(demo_plan, Mission, Mission.code == "UNTSO")
    command = ServiceCommand(
        demo_plan,
        lambda: services.update(demo_plan, "mission", mission.id, mission.version, {"area": "A"}),
        lambda _cs: None,
        errors.append,
    )
    command.perform()
    stack.push(command)
    current = services.get(demo_plan, "mission", mission.id)
    services.update(demo_plan, "mission", mission.id, current["version"], {"area": "B"})
    stack.undo()
    qtbot.waitUntil(lambda: bool(errors))
    assert "changed by someone else" in str(errors[0])
    assert services.get(demo_plan, "mission", mission.id)["area"] == "B"  # not overwritten
    assert stack.count() == 0 and not stack.canRedo()
