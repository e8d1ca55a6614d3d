"""New dates for a rotation in its edit dialog: its people follow (resized or moved with
it), as one undo step; a refused edit saves nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shiboken6 import Shiboken
from sqlalchemy import select

from planner import services
from planner.models import Assignment, Rotation
from ui.shell.window import MainWindow
from ui.units.view import UnitsView
from ui.widgets.form import EntityDialog

CHECK_TIMEOUT_MS = 120_000
Dates = dict[int, tuple[dt.date, dt.date]]


def _rotation(window: MainWindow, code: str) -> tuple[int, dt.date, dt.date, Dates]:
    """The rotation's id and dates, and each of its assignments' dates by id."""
    assert window.session.plan is not None
    with window.session.plan.read() as session:
        rotation = session.scalars(select(Rotation).where(Rotation.code == code)).one()
        rows = session.execute(
            select(Assignment.id, Assignment.starts_on, Assignment.ends_on).where(
                Assignment.rotation_id == rotation.id
            )
        ).all()
        return rotation.id, rotation.starts_on, rotation.ends_on, {i: (s, e) for i, s, e in rows}


def _edit_in_dialog(window: MainWindow, rotation: str, **values: Any) -> Any:
    """Select the rotation in the Units tab, press Edit, type ``values``, press OK."""
    assert window.show_record("rotation", rotation)
    window.tab(UnitsView).rotations.edit_selected()
    (dialog,) = [d for d in window.findChildren(EntityDialog) if d.isVisible()]
    for name, value in values.items():
        dialog.editors[name].set_value(value)
    _ok(window, dialog)
    return dialog


def _ok(window: MainWindow, dialog: EntityDialog) -> None:
    dialog.ok_button.click()
    assert window.runner.wait_idle(30)


def _closed(dialog: EntityDialog) -> bool:
    return not Shiboken.isValid(dialog) or not dialog.isVisible()


def _outside_rotation(window: MainWindow, qtbot: Any, code: str) -> list[Any]:
    qtbot.waitUntil(
        lambda: not window.runner.busy and not window.checks.running, timeout=CHECK_TIMEOUT_MS
    )
    return [f for f in window.findings if f.rule == "outside-rotation" and f.rotation == code]


def test_new_dates_in_the_dialog_take_the_people_along_and_undo_restores(
    window: MainWindow, qtbot: Any
) -> None:
    rid, start, end, people = _rotation(window, "KAZCOY-R15")
    assert people and all(dates == (start, end) for dates in people.values())
    steps = window.undo_stack.count()
    new_start, new_end = start + dt.timedelta(days=10), end - dt.timedelta(days=5)

    dialog = _edit_in_dialog(window, "KAZCOY-R15", starts_on=new_start, ends_on=new_end)

    assert _closed(dialog)
    _, saved_start, saved_end, moved = _rotation(window, "KAZCOY-R15")
    assert (saved_start, saved_end) == (new_start, new_end)
    assert set(moved.values()) == {(new_start, new_end)} and moved.keys() == people.keys()
    assert _outside_rotation(window, qtbot, "KAZCOY-R15") == []
    assert window.undo_stack.count() == steps + 1  # one step for the rotation and its people
    assert window.undo_stack.text(steps) == f"Change rotation KAZCOY-R15 to {new_start} – {new_end}"
    units = window.tab(UnitsView)
    assert units.rotations.model.row_values(units.rotations.selected_row())["starts_on"] == (
        new_start
    )

    window.undo_stack.undo()

    assert window.runner.wait_idle(30)
    assert _rotation(window, "KAZCOY-R15") == (rid, start, end, people)
    window.undo_stack.redo()
    assert window.runner.wait_idle(30)
    assert _rotation(window, "KAZCOY-R15")[3] == moved


def test_both_dates_shifted_alike_move_everyone_by_as_many_days_with_the_other_edits(
    window: MainWindow, qtbot: Any
) -> None:
    rid, start, end, people = _rotation(window, "KAZCON-R04")
    shift = dt.timedelta(days=14)
    steps = window.undo_stack.count()

    _edit_in_dialog(
        window, "KAZCON-R04", starts_on=start + shift, ends_on=end + shift, status="approved"
    )

    _, new_start, new_end, moved = _rotation(window, "KAZCON-R04")
    assert (new_start, new_end) == (start + shift, end + shift)
    assert moved == {i: (s + shift, e + shift) for i, (s, e) in people.items()}
    assert services.get(window.session.plan, "rotation", rid)["status"] == "approved"
    assert _outside_rotation(window, qtbot, "KAZCON-R04") == []
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.text(steps).startswith("Edit rotation KAZCON-R04 (now ")

    window.undo_stack.undo()

    assert window.runner.wait_idle(30)
    assert _rotation(window, "KAZCON-R04") == (rid, start, end, people)
    assert services.get(window.session.plan, "rotation", rid)["status"] == "draft"


def test_a_refused_edit_with_new_dates_saves_nothing(window: MainWindow) -> None:
    before = _rotation(window, "KAZCOY-R15")
    _, start, end, _people = before
    steps = window.undo_stack.count()

    dialog = _edit_in_dialog(window, "KAZCOY-R15", code="", ends_on=end + dt.timedelta(days=3))
    assert dialog.isVisible() and dialog.problem_text("code") == "is required"
    dialog.editors["code"].set_value("KAZCOY-R15")
    dialog.editors["ends_on"].set_value(start - dt.timedelta(days=1))
    _ok(window, dialog)
    assert dialog.isVisible() and dialog.problem_text("ends_on") == "it ends before it starts"
    dialog.reject()

    assert _rotation(window, "KAZCOY-R15") == before
    assert window.undo_stack.count() == steps


def test_when_the_people_cannot_follow_the_other_edits_are_taken_back_too(
    window: MainWindow, monkeypatch: Any, answers: Any
) -> None:
    """The dialog's save is one transaction (planner.app's EditRotation): if the people
    cannot follow (here: the database refuses their write), the other fields are not
    saved either, so nothing of the edit stays."""
    from planner.errors import PlannerError
    from planner.services import rotations

    def refused(*_args: Any) -> Any:
        raise PlannerError("The plan could not be saved: the database is busy.")

    monkeypatch.setattr(rotations, "resize_rotation_in", refused)
    before = _rotation(window, "KAZCOY-R15")
    rid, _start, end, _people = before
    steps = window.undo_stack.count()

    dialog = _edit_in_dialog(
        window, "KAZCOY-R15", status="cancelled", ends_on=end - dt.timedelta(days=3)
    )

    assert "database is busy" in answers.last_error().text()
    answers.last_error().close()
    dialog.reject()
    assert _rotation(window, "KAZCOY-R15") == before
    assert services.get(window.session.plan, "rotation", rid)["status"] == "completed"
    assert window.undo_stack.count() == steps
