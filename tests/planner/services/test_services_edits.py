"""Services for a planner's everyday edits: assigning people, moving and resizing
rotations, statuses; and validation that names every bad field and saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import Seeded, dump

from planner import services
from planner.errors import ValidationError

D = dt.date


def test_assign_from_a_rotation_takes_its_dates_and_mission(seeded: Seeded) -> None:
    plan = seeded.plan
    made = services.assign_person(plan, seeded.officer, rotation_id=seeded.rotation, role="CO")
    row = services.get(plan, "assignment", made.changes[0].id)
    assert (row["mission_id"], row["starts_on"], row["ends_on"]) == (
        seeded.mission,
        D(2018, 10, 31),
        D(2019, 4, 30),
    )
    assert (row["category"], row["role"], row["status"]) == ("unit", "CO", "planned")
    assert "Major Serikova (KZ-2) to UNIFIL KAZCOY-R01" in made.description
    # Own dates win over the rotation's where given.
    late = services.assign_person(
        plan, seeded.officer, rotation_id=seeded.rotation, starts_on=D(2019, 1, 1)
    )
    late_row = services.get(plan, "assignment", late.changes[0].id)
    assert (late_row["starts_on"], late_row["ends_on"]) == (D(2019, 1, 1), D(2019, 4, 30))


def test_assign_refuses_a_mission_that_is_not_the_rotations(seeded: Seeded) -> None:
    before = dump(seeded.plan)
    with pytest.raises(ValidationError, match="not the mission of rotation KAZCOY-R01") as refused:
        services.assign_person(
            seeded.plan,
            seeded.officer,
            rotation_id=seeded.rotation,
            mission_id=seeded.other_mission,
        )
    assert [p.field for p in refused.value.problems] == ["mission_id"]
    assert dump(seeded.plan) == before


def test_assign_to_an_individual_post_needs_mission_and_dates(seeded: Seeded) -> None:
    plan = seeded.plan
    with pytest.raises(ValidationError, match="rotation or a mission"):
        services.assign_person(plan, seeded.officer)
    with pytest.raises(ValidationError) as refused:
        services.assign_person(
            plan, seeded.officer, mission_id=seeded.other_mission, category="observer"
        )
    assert {p.field for p in refused.value.problems} == {"starts_on", "ends_on"}
    assert "Starts on: is required" in refused.value.message
    made = services.assign_person(
        plan,
        seeded.officer,
        mission_id=seeded.other_mission,
        category="observer",
        starts_on=D(2021, 1, 1),
        ends_on=D(2021, 12, 31),
    )
    assert services.get(plan, "assignment", made.changes[0].id)["rotation_id"] is None


def test_unassign_and_undo(seeded: Seeded) -> None:
    plan = seeded.plan
    before = dump(plan)
    removed = services.unassign_person(plan, seeded.assignment, 1)
    assert removed.description.startswith("Unassign Sergeant Abenov (KZ-1) to UNIFIL")
    assert dump(plan)["assignment"] == []
    services.revert(plan, removed)
    assert dump(plan) == before


def test_move_rotation_shifts_its_assignments(seeded: Seeded) -> None:
    plan = seeded.plan
    late = (
        services.assign_person(
            plan, seeded.officer, rotation_id=seeded.rotation, starts_on=D(2019, 1, 10)
        )
        .changes[0]
        .id
    )
    before = dump(plan)
    moved = services.move_rotation(plan, seeded.rotation, 1, D(2018, 11, 10))  # 10 days on
    rotation = services.get(plan, "rotation", seeded.rotation)
    assert (rotation["starts_on"], rotation["ends_on"]) == (D(2018, 11, 10), D(2019, 5, 10))
    first = services.get(plan, "assignment", seeded.assignment)
    assert (first["starts_on"], first["ends_on"]) == (D(2018, 11, 10), D(2019, 5, 10))
    second = services.get(plan, "assignment", late)
    assert (second["starts_on"], second["ends_on"]) == (D(2019, 1, 20), D(2019, 5, 10))
    assert moved.entities() == {"rotation", "assignment"} and len(moved) == 3
    undone = services.revert(plan, moved)
    assert services.get(plan, "rotation", seeded.rotation)["starts_on"] == D(2018, 10, 31)
    assert services.get(plan, "assignment", late)["starts_on"] == D(2019, 1, 10)
    services.revert(plan, undone)
    assert services.get(plan, "assignment", late)["starts_on"] == D(2019, 1, 20)
    assert before != dump(plan)


def test_moving_a_rotation_to_where_it_is_changes_nothing(seeded: Seeded) -> None:
    before = dump(seeded.plan)
    moved = services.move_rotation(seeded.plan, seeded.rotation, 1, D(2018, 10, 31))
    assert len(moved) == 0
    assert dump(seeded.plan) == before


def test_resize_rotation_carries_matching_ends_and_clips_the_rest(seeded: Seeded) -> None:
    plan = seeded.plan
    inside = (
        services.assign_person(
            plan,
            seeded.officer,
            rotation_id=seeded.rotation,
            starts_on=D(2018, 12, 1),
            ends_on=D(2019, 3, 1),
        )
        .changes[0]
        .id
    )
    resized = services.resize_rotation(plan, seeded.rotation, 1, D(2018, 11, 15), D(2019, 2, 1))
    full = services.get(plan, "assignment", seeded.assignment)
    assert (full["starts_on"], full["ends_on"]) == (D(2018, 11, 15), D(2019, 2, 1))
    clipped = services.get(plan, "assignment", inside)
    assert (clipped["starts_on"], clipped["ends_on"]) == (D(2018, 12, 1), D(2019, 2, 1))
    assert "2018-11-15" in resized.description
    with pytest.raises(ValidationError, match="end before it starts"):
        services.resize_rotation(plan, seeded.rotation, None, D(2019, 2, 1), D(2019, 1, 1))
    services.revert(plan, resized)
    assert services.get(plan, "assignment", inside)["ends_on"] == D(2019, 3, 1)


def test_statuses_are_set_and_checked(seeded: Seeded) -> None:
    plan = seeded.plan
    done = services.set_rotation_status(plan, seeded.rotation, 1, "approved")
    assert services.get(plan, "rotation", seeded.rotation)["status"] == "approved"
    assert done.description == "Set rotation KAZCOY-R01 to approved"
    services.set_assignment_status(plan, seeded.assignment, 1, "confirmed")
    assert services.get(plan, "assignment", seeded.assignment)["status"] == "confirmed"
    before = dump(plan)
    with pytest.raises(ValidationError, match="'sunk' is not a rotation status"):
        services.set_rotation_status(plan, seeded.rotation, 2, "sunk")
    with pytest.raises(ValidationError, match="not an assignment status"):
        services.set_assignment_status(plan, seeded.assignment, 2, "lost")
    assert dump(plan) == before
    services.revert(plan, done)
    assert services.get(plan, "rotation", seeded.rotation)["status"] == "draft"


def test_validation_names_every_bad_field_and_saves_nothing(seeded: Seeded) -> None:
    plan = seeded.plan
    before = dump(plan)
    with pytest.raises(ValidationError) as refused:
        services.create(
            plan,
            "person",
            {
                "service_number": "KZ-1",  # taken, but reported only once the rest is fine
                "surname": "",
                "given_name": "Arman",
                "sex": "X",
                "rank": "Admiral",
                "birth_date": "31.02.1990",
                "languages": "english",
            },
        )
    problems = {p.field: p.message for p in refused.value.problems}
    assert set(problems) == {"surname", "sex", "rank", "birth_date", "languages"}
    message = refused.value.message
    assert message.startswith("Person: ")
    for text in ("Surname: is required", "Sex: 'X' is not one of: F, M", "Birth date:", "Rank:"):
        assert text in message
    assert dump(plan) == before


@pytest.mark.parametrize(
    ("entity", "values", "field", "text"),
    [
        ("person", {"service_number": "KZ-1"}, "service_number", "already has KZ-1"),
        ("rotation", {"ends_on": "2018-01-01"}, "ends_on", "ends before it starts"),
        ("unit", {"mission_id": 999}, "mission_id", "no such mission"),
        ("authorisation", {"total_ceiling": -3}, "total_ceiling", "below the minimum of 0"),
        ("mission", {"language": "e1"}, "language", "not a language code"),
        ("authorised_mission", {"categories": "tanks"}, "categories", "'tanks' is not a category"),
        ("absence", {"starts_on": "someday"}, "starts_on", "'someday' is not a date"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(
    seeded: Seeded, entity: str, values: dict[str, object], field: str, text: str
) -> None:
    plan = seeded.plan
    row_id = {
        "person": seeded.officer,
        "rotation": seeded.rotation,
        "unit": seeded.unit,
        "authorisation": seeded.authorisation,
        "mission": seeded.mission,
        "authorised_mission": seeded.authorised_mission,
        "absence": seeded.absence,
    }[entity]
    before = dump(plan)
    with pytest.raises(ValidationError) as refused:
        services.update(plan, entity, row_id, None, values)
    assert [p.field for p in refused.value.problems] == [field]
    assert text in refused.value.message
    assert dump(plan) == before
