"""Undo and redo restore the plan exactly: every row of every table, ids included. Each
step runs on the worker (Edits.submit); the stack moves at once, the plan when the step
is done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from planner import services
from planner.app import (
    AssignPerson,
    ChangeSet,
    CreateRecord,
    DeleteRecord,
    MoveRotation,
    Operation,
    PlanSession,
    SetAssignmentStatus,
    UpdateRecord,
)
from planner.entities import ENTITIES
from planner.models import Assignment, Mission, Person, Rotation
from planner.plan import Plan
from ui.ops.edits import Edits
from ui.ops.runner import TaskRunner


class Harness:
    """Edits over a bare window: what was announced, and reloads."""

    def __init__(self, qtbot: Any, plan: Plan, answers: Any) -> None:
        session = PlanSession(plan)
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.runner = TaskRunner(self.window, report=lambda exc: answers.error(None, exc))
        self.stack = QUndoStack(self.window)
        self.seen: list[ChangeSet] = []
        self.reloads = 0
        self.edits = Edits(
            self.window,
            runner=self.runner,
            messages=answers,
            undo_stack=self.stack,
            session=lambda: session,
            announce=self.seen.append,
            reload=self._reload,
        )

    def _reload(self) -> None:
        self.reloads += 1
        self.stack.clear()

    def wait(self) -> None:
        assert self.runner.wait_idle(30)


@pytest.fixture
def harness(qtbot: Any, demo_plan: Plan, answers: Any) -> Harness:
    return Harness(qtbot, demo_plan, answers)


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


def _actions(plan: Plan) -> dict[str, Operation[ChangeSet]]:
    person = _first(plan, Person)
    mission = _first(plan, Mission, Mission.code == "UNIFIL")
    rotation = _first(plan, Rotation, Rotation.code == "KAZCON-R04")
    assignment = _first(plan, Assignment)
    return {
        "create": CreateRecord(
            "person",
            {
                "service_number": "KZ-900900",
                "surname": "Bekova",
                "given_name": "Aruzhan",
                "sex": "F",
                "rank": "Captain",
            },
        ),
        "update": UpdateRecord("mission", mission.id, mission.version, {"area": "South Lebanon"}),
        "delete with dependents": DeleteRecord("person", person.id, person.version),
        "assign": AssignPerson(person.id, rotation_id=rotation.id),
        "move rotation": MoveRotation(
            rotation.id, rotation.version, rotation.starts_on + dt.timedelta(days=30)
        ),
        "status": SetAssignmentStatus(assignment.id, assignment.version, "cancelled"),
    }


@pytest.mark.parametrize(
    "action",
    ["create", "update", "delete with dependents", "assign", "move rotation", "status"],
)
def test_undo_and_redo_restore_every_row(
    demo_plan: Plan, harness: Harness, answers: Any, action: str
) -> None:
    before = _dump(demo_plan)
    harness.edits.run(_actions(demo_plan)[action])
    harness.wait()
    stack, seen = harness.stack, harness.seen
    (done,) = seen  # the window is told once, by the first redo
    after = _dump(demo_plan)
    assert after != before
    assert stack.text(0) == done.description and done.description

    stack.undo()
    harness.wait()
    assert _dump(demo_plan) == before
    stack.redo()
    harness.wait()
    assert _dump(demo_plan) == after
    stack.undo()
    harness.wait()
    assert _dump(demo_plan) == before
    assert answers.errors() == [] and len(seen) == 4
    assert {c.entity for c in seen[1].changes} == done.entities()


def test_a_refused_edit_never_reaches_the_stack(
    demo_plan: Plan, harness: Harness, answers: Any
) -> None:
    harness.edits.run(CreateRecord("mission", {"code": "UNIFIL", "name": "again"}))
    harness.wait()
    assert harness.stack.count() == 0 and harness.seen == []
    assert "UNIFIL" in answers.last_error().text()


def _someone_else_changes_after_an_edit(demo_plan: Plan, harness: Harness) -> int:
    mission = _first(demo_plan, Mission, Mission.code == "UNTSO")
    harness.edits.run(UpdateRecord("mission", mission.id, mission.version, {"area": "A"}))
    harness.wait()
    current = services.get(demo_plan, "mission", mission.id)
    services.update(demo_plan, "mission", mission.id, current["version"], {"area": "B"})
    return int(mission.id)


def test_an_undo_that_meets_someone_elses_change_offers_a_reload_not_an_overwrite(
    demo_plan: Plan, harness: Harness, answers: Any
) -> None:
    mission_id = _someone_else_changes_after_an_edit(demo_plan, harness)
    harness.stack.undo()
    harness.wait()
    ((message, _),) = answers.questions("reload")
    assert "changed by someone else" in message
    assert services.get(demo_plan, "mission", mission_id)["area"] == "B"  # not overwritten
    assert harness.reloads == 1
    assert harness.stack.count() == 0 and not harness.stack.canRedo()


def test_an_undo_that_failed_puts_the_stack_back_where_the_plan_is(
    demo_plan: Plan, harness: Harness, answers: Any
) -> None:
    answers.reload = False  # the planner keeps the window as it is
    mission_id = _someone_else_changes_after_an_edit(demo_plan, harness)
    harness.stack.undo()
    harness.wait()
    assert services.get(demo_plan, "mission", mission_id)["area"] == "B"
    # The edit is still done in the plan, so the stack says so again: undo is offered.
    assert harness.stack.index() == 1 and harness.stack.canUndo()
    assert len(harness.seen) == 1  # nothing else was announced
