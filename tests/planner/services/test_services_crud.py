"""Services: create, update and delete of every entity, each undone exactly by revert;
bad input is refused with the field named and nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from conftest import Seeded, dump

from planner import services
from planner.errors import ConflictError, NotFoundError, PlannerError, ValidationError

D = dt.date
Values = Callable[[Seeded], dict[str, Any]]

# entity: (values to create, what they are stored as, a change to make, field it sets)
CASES: dict[str, tuple[Values, dict[str, Any], dict[str, Any]]] = {
    "mission": (
        lambda s: {
            "code": "UNDOF",
            "name": "Golan",
            "language": "EN",
            "mandate_start": "31.05.1974",
        },
        {"code": "UNDOF", "language": "en", "mandate_start": D(1974, 5, 31), "mandate_end": None},
        {"area": "Golan Heights"},
    ),
    "authorisation": (
        lambda s: {
            "reference": "LAW-2024",
            "adopted_on": "19.01.2024",
            "valid_from": D(2024, 1, 19),
            "total_ceiling": "430",
        },
        {"adopted_on": D(2024, 1, 19), "total_ceiling": 430, "valid_until": None},
        {"total_ceiling": 400},
    ),
    "authorised_mission": (
        lambda s: {
            "authorisation_id": s.authorisation,
            "mission_id": s.other_mission,
            "ceiling": 40,
            "categories": "Staff, observer",
        },
        {"categories": "observer,staff", "ceiling": 40},
        {"ceiling": None},
    ),
    "unit": (
        lambda s: {"code": "KAZCON", "name": "Contingent", "mission_id": s.other_mission},
        {"strength": None, "handover_days": 14, "partner": ""},
        {"strength": 139},
    ),
    "rotation": (
        lambda s: {
            "code": "KAZCOY-R02",
            "unit_id": s.unit,
            "starts_on": "2019-04-17",
            "ends_on": "2019-10-31",
        },
        {"status": "draft", "starts_on": D(2019, 4, 17)},
        {"status": "approved"},
    ),
    "person": (
        lambda s: {
            "service_number": "KZ-3",
            "surname": "Nurlanov",
            "given_name": "Timur",
            "sex": "m",
            "rank": "captain",
            "languages": "fr:b1, EN:c1",
        },
        {"sex": "M", "rank": "Captain", "languages": "en:C1, fr:B1", "patronymic": ""},
        {"rank": "Major"},
    ),
    "credential": (
        lambda s: {"person_id": s.officer, "kind": "medical", "expires_on": "2027-02-01"},
        {"issued_on": None, "reference": ""},
        {"reference": "MED-7"},
    ),
    "absence": (
        lambda s: {"person_id": s.officer, "starts_on": "2021-07-01", "ends_on": "2021-07-21"},
        {"reason": ""},
        {"reason": "Annual leave"},
    ),
    "assignment": (
        lambda s: {
            "person_id": s.officer,
            "mission_id": s.other_mission,
            "category": "observer",
            "starts_on": "2022-01-01",
            "ends_on": "2022-12-31",
        },
        {"rotation_id": None, "status": "planned", "role": ""},
        {"role": "Team leader"},
    ),
    "credential_requirement": (
        lambda s: {"kind": "kazcent-course", "applies_to": "observer", "span": "start"},
        {"kind": "kazcent-course"},
        {"span": "tour"},
    ),
    "gender_target": (
        lambda s: {"year": 2030, "group": "individual", "target_share": "30 %"},
        {"target_share": 0.3},
        {"target_share": 0.35},
    ),
}


def _without_versions(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    # An undone edit restores every value, but the version moves on (a window that read
    # the edited row must not be able to write over the restored one).
    return {name: [row[:-1] for row in rows] for name, rows in tables.items()}


@pytest.mark.parametrize("entity", sorted(CASES))
def test_create_update_delete_and_revert_each(seeded: Seeded, entity: str) -> None:
    plan = seeded.plan
    values, stored, change = CASES[entity]
    empty = dump(plan)

    created = services.create(plan, entity, values(seeded))
    (made,) = created.changes
    assert made.kind == "created" and made.entity == entity
    row = services.get(plan, entity, made.id)
    assert {k: row[k] for k in stored} == stored
    assert row["version"] == 1
    assert created.description.startswith("Add ")
    with_row = dump(plan)

    updated = services.update(plan, entity, made.id, 1, change)
    row = services.get(plan, entity, made.id)
    assert {k: row[k] for k in change} == change and row["version"] == 2
    (edit,) = updated.changes
    assert edit.before is not None and edit.after == row
    assert edit.before["version"] == 1
    with_edit = dump(plan)

    undo_edit = services.revert(plan, updated)
    assert _without_versions(dump(plan)) == _without_versions(with_row)
    assert services.get(plan, entity, made.id)["version"] == 3
    services.revert(plan, undo_edit)  # redo
    assert _without_versions(dump(plan)) == _without_versions(with_edit)

    version = services.get(plan, entity, made.id)["version"]
    before_delete = dump(plan)
    deleted = services.delete(plan, entity, made.id, version)
    assert [c.kind for c in deleted.changes] == ["deleted"]
    with pytest.raises(NotFoundError):
        services.get(plan, entity, made.id)
    redo_delete = services.revert(plan, deleted)
    assert dump(plan) == before_delete  # versions too: the row comes back as it was
    services.revert(plan, redo_delete)
    assert dump(plan) == empty


def test_revert_of_create_removes_the_row_and_its_revert_puts_it_back(seeded: Seeded) -> None:
    plan = seeded.plan
    before = dump(plan)
    created = services.create(plan, "mission", {"code": "UNISFA", "name": "Abyei"})
    after = dump(plan)
    undone = services.revert(plan, created)
    assert dump(plan) == before
    services.revert(plan, undone)
    assert dump(plan) == after


def test_settings_are_edited_not_created_or_deleted(seeded: Seeded) -> None:
    plan = seeded.plan
    settings = services.get(plan, "settings", 1)
    assert settings["min_rest_days"] == 365 and settings["min_rank"] == "Captain"
    changed = services.update(
        plan, "settings", 1, settings["version"], {"min_rest_days": "180", "min_rank": "major"}
    )
    row = services.get(plan, "settings", 1)
    assert (row["min_rest_days"], row["min_rank"]) == (180, "Major")
    services.revert(plan, changed)
    assert services.get(plan, "settings", 1)["min_rest_days"] == 365
    before = dump(plan)
    with pytest.raises(PlannerError, match="settings"):
        services.create(plan, "settings", {**settings, "id": None})
    with pytest.raises(PlannerError, match="settings"):
        services.delete(plan, "settings", 1, None)
    with pytest.raises(ValidationError, match="Maximum age") as refused:
        services.update(plan, "settings", 1, None, {"individual_max_age": 20})
    assert refused.value.problems[0].field == "individual_max_age"
    assert dump(plan) == before


def test_deleting_a_person_takes_credentials_absences_assignments_and_revert_restores(
    seeded: Seeded,
) -> None:
    plan = seeded.plan
    services.create(
        plan,
        "credential",
        {"person_id": seeded.person, "kind": "medical", "expires_on": "2026-01-01"},
    )
    before = dump(plan)
    assert services.dependents(plan, "person", seeded.person) == {
        "credentials": 2,
        "absences": 1,
        "assignments": 1,
    }
    deleted = services.delete(plan, "person", seeded.person, 1)
    assert sorted(c.entity for c in deleted.changes) == [
        "absence",
        "assignment",
        "credential",
        "credential",
        "person",
    ]
    assert deleted.changes[-1].entity == "person"  # children first
    assert "3 dependent" not in deleted.description and "4 dependent" in deleted.description
    after = dump(plan)
    assert not [r for r in after["credential"] if r[1] == seeded.person]
    assert after["assignment"] == []
    undone = services.revert(plan, deleted)
    assert dump(plan) == before
    services.revert(plan, undone)  # redo: deleted again
    assert dump(plan) == after


def test_deleting_a_mission_takes_its_whole_tree(seeded: Seeded) -> None:
    plan = seeded.plan
    before = dump(plan)
    assert services.dependents(plan, "mission", seeded.mission) == {
        "authorised missions": 1,
        "units": 1,
        "rotations": 1,
        "assignments": 1,
    }
    deleted = services.delete(plan, "mission", seeded.mission, 1)
    assert len(deleted) == 5
    assert dump(plan)["unit"] == [] and dump(plan)["rotation"] == []
    services.revert(plan, deleted)
    assert dump(plan) == before


def test_a_stale_version_is_a_conflict_and_changes_nothing(seeded: Seeded) -> None:
    plan = seeded.plan
    services.update(plan, "person", seeded.person, 1, {"rank": "Senior Sergeant"})
    before = dump(plan)
    for attempt in (
        lambda: services.update(plan, "person", seeded.person, 1, {"rank": "Private"}),
        lambda: services.delete(plan, "person", seeded.person, 1),
        lambda: services.set_assignment_status(plan, seeded.assignment, 7, "confirmed"),
        lambda: services.move_rotation(plan, seeded.rotation, 9, D(2019, 1, 1)),
    ):
        with pytest.raises(ConflictError, match="changed by someone else"):
            attempt()
    assert dump(plan) == before


def test_revert_refuses_when_the_row_changed_since(seeded: Seeded) -> None:
    plan = seeded.plan
    first = services.update(plan, "unit", seeded.unit, 1, {"strength": 100})
    services.update(plan, "unit", seeded.unit, 2, {"strength": 110})
    before = dump(plan)
    with pytest.raises(ConflictError):
        services.revert(plan, first)
    assert dump(plan) == before


def test_an_unknown_entity_or_a_missing_row_is_a_plain_error(seeded: Seeded) -> None:
    with pytest.raises(PlannerError, match="no kind of record called 'spaceship'"):
        services.create(seeded.plan, "spaceship", {})
    with pytest.raises(NotFoundError, match="no longer exists"):
        services.update(seeded.plan, "mission", 999, None, {"name": "x"})
    with pytest.raises(NotFoundError):
        services.delete(seeded.plan, "rotation", 999, None)


def test_a_plan_too_busy_to_write_is_a_plain_error(seeded: Seeded, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another program holding the write lock past the busy timeout: a PlannerError
    saying nothing was saved, not a database exception."""
    import sqlite3

    from planner import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    path = seeded.plan.path
    assert path is not None
    seeded.plan.close()
    from planner.plan import open_plan

    plan = open_plan(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(PlannerError, match=r"could not be written \(database is locked\)"):
            services.create(plan, "mission", {"code": "UNMISS", "name": "South Sudan"})
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        plan.close()
