"""Rotation operations, and the rotation dialog's save as one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import Seeded, dump

from planner.app import (
    EditRotation,
    MoveRotation,
    PlanSession,
    ResizeRotation,
    SetRotationStatus,
    UpdateRecord,
)
from planner.errors import ConflictError, ValidationError

D = dt.date


def _dates(session: PlanSession, entity: str, row_id: int) -> tuple[dt.date, dt.date]:
    row = session.get(entity, row_id)
    return row["starts_on"], row["ends_on"]


def test_editing_fields_and_dates_is_one_transaction_and_one_undo_step(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    version = session.get("rotation", seeded.rotation)["version"]
    done = session.run(
        EditRotation(
            seeded.rotation,
            version,
            {
                "code": "KAZCOY-R01",
                "number": "7",
                "starts_on": "2018-11-30",
                "ends_on": "2019-05-30",
            },
        )
    )
    assert done.description == (
        "Edit rotation KAZCOY-R01 (now 2018-11-30 – 2019-05-30, its people with it)"
    )
    # One change per row: the rotation's fields and dates together, then its person.
    assert [(c.entity, c.id) for c in done.changes] == [
        ("rotation", seeded.rotation),
        ("assignment", seeded.assignment),
    ]
    rotation = session.get("rotation", seeded.rotation)
    assert (rotation["number"], rotation["starts_on"]) == (7, D(2018, 11, 30))
    assert _dates(session, "assignment", seeded.assignment) == (D(2018, 11, 30), D(2019, 5, 30))
    redo = session.revert(done)
    rotation = session.get("rotation", seeded.rotation)
    assert (rotation["number"], rotation["starts_on"]) == (1, D(2018, 10, 31))
    assert _dates(session, "assignment", seeded.assignment) == (D(2018, 10, 31), D(2019, 4, 30))
    session.revert(redo)
    assert _dates(session, "assignment", seeded.assignment) == (D(2018, 11, 30), D(2019, 5, 30))


def test_new_length_resizes_and_same_dates_just_update(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    done = session.run(EditRotation(seeded.rotation, None, {"ends_on": D(2019, 3, 31)}))
    assert done.description == "Change rotation KAZCOY-R01 to 2018-10-31 – 2019-03-31"
    assert _dates(session, "assignment", seeded.assignment) == (D(2018, 10, 31), D(2019, 3, 31))
    same = session.run(EditRotation(seeded.rotation, None, {"number": 2}))
    assert same.description == "Edit rotation KAZCOY-R01"
    assert [c.entity for c in same.changes] == ["rotation"]


def test_a_bad_field_or_a_stale_version_saves_nothing(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    before = dump(seeded.plan)
    with pytest.raises(ValidationError) as problem:
        session.run(
            EditRotation(seeded.rotation, None, {"status": "unknown", "starts_on": D(2018, 12, 1)})
        )
    assert [p.field for p in problem.value.problems] == ["status"]
    with pytest.raises(ValidationError) as problem:
        session.run(EditRotation(seeded.rotation, None, {"ends_on": "31.02.2019"}))
    assert [p.field for p in problem.value.problems] == ["ends_on"]
    with pytest.raises(ConflictError):
        session.run(EditRotation(seeded.rotation, 99, {"starts_on": D(2018, 12, 1)}))
    assert dump(seeded.plan) == before


def test_a_move_that_fails_after_the_fields_were_saved_saves_nothing(seeded: Seeded) -> None:
    """Before, the dialog saved the fields, then moved the rotation, and reverted the
    fields by hand when the move failed; now both are one transaction."""
    session = PlanSession(seeded.plan)
    # Its person stays on far beyond the rotation: moving it to the last days a plan holds
    # would take that assignment past 2199-12-31 (planner.limits).
    session.run(UpdateRecord("assignment", seeded.assignment, None, {"ends_on": D(2100, 1, 1)}))
    start = D(2199, 6, 1)
    end = start + (D(2019, 4, 30) - D(2018, 10, 31))  # the same length: a move
    before = dump(seeded.plan)
    with pytest.raises(ValidationError) as problem:
        session.run(
            EditRotation(
                seeded.rotation,
                None,
                {"number": 9, "starts_on": start, "ends_on": end},
            )
        )
    assert "outside the dates a plan holds" in problem.value.message
    assert dump(seeded.plan) == before  # the number too is as it was


def test_move_resize_and_status(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    moved = session.run(MoveRotation(seeded.rotation, None, D(2018, 11, 7)))
    assert moved.description == "Move rotation KAZCOY-R01 to start 2018-11-07"
    assert _dates(session, "assignment", seeded.assignment) == (D(2018, 11, 7), D(2019, 5, 7))
    resized = session.run(ResizeRotation(seeded.rotation, None, D(2018, 11, 7), D(2019, 1, 31)))
    assert _dates(session, "assignment", seeded.assignment) == (D(2018, 11, 7), D(2019, 1, 31))
    assert len(resized.changes) == 2
    status = session.run(SetRotationStatus(seeded.rotation, None, "approved"))
    assert status.description == "Set rotation KAZCOY-R01 to approved"
    with pytest.raises(ValidationError):
        session.run(ResizeRotation(seeded.rotation, None, D(2019, 1, 31), D(2018, 1, 1)))
