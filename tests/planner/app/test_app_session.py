"""The one door: a PlanSession opens, reads, runs operations and reverts them."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from conftest import Seeded, dump

from planner.app import (
    AssignPerson,
    ChangeSet,
    CreateRecord,
    DeleteRecord,
    PlanSession,
    SetAssignmentStatus,
    UnassignPerson,
    UpdateRecord,
    describe_dependents,
    same_plan,
)
from planner.errors import ConflictError, PlanLockedError, ValidationError

D = dt.date


def test_open_create_and_what_is_open(tmp_path: Path) -> None:
    target = tmp_path / "new.sqlite"
    with PlanSession.create(target) as session:
        assert (session.name, session.path, session.read_only) == ("new", target, False)
        assert session.where == str(target)
        assert session.is_same_plan(str(tmp_path / "." / "new.sqlite"))
        assert not session.is_same_plan(tmp_path / "other.sqlite")
        assert not session.is_same_plan("postgresql+unknown://x")  # not valid: not the same
        with pytest.raises(PlanLockedError):
            PlanSession.open(target)  # the window holds it
        with PlanSession.open(target, read_only=True) as reader:  # the CLI may still read
            assert reader.read_only
            assert reader.entity_counts()["Missions"] == 0
    assert session.closed
    assert same_plan(f"sqlite:///{target}", target)


def test_run_revert_and_redo_restore_every_row(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    before = dump(seeded.plan)
    done = session.run(CreateRecord("mission", {"code": "UNDOF", "name": "Golan"}))
    assert done.description == "Add mission UNDOF"
    assert [c.kind for c in done.changes] == ["created"]
    undone = session.revert(done)
    assert dump(seeded.plan) == before
    session.revert(undone)  # redo
    assert [row[2] for row in session.missions().rows] == ["MINURSO", "UNDOF", "UNIFIL"]


def test_updates_name_the_version_they_saw(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    version = session.get("mission", seeded.mission)["version"]
    done = session.run(UpdateRecord("mission", seeded.mission, version, {"name": "Lebanon"}))
    assert done.description == "Edit mission UNIFIL"
    with pytest.raises(ConflictError):  # the window still shows the old version
        session.run(UpdateRecord("mission", seeded.mission, version, {"name": "Again"}))
    assert session.get("mission", seeded.mission)["name"] == "Lebanon"
    with pytest.raises(ValidationError) as problem:
        session.run(UpdateRecord("mission", seeded.mission, None, {"code": ""}))
    assert [p.field for p in problem.value.problems] == ["code"]


def test_delete_takes_its_dependents_and_says_so(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    counts = session.dependents("person", seeded.person)
    assert counts == {"credentials": 1, "absences": 1, "assignments": 1}
    assert describe_dependents(counts) == (
        "It also deletes 1 credential, 1 absence and 1 assignment."
    )
    done = session.run(DeleteRecord("person", seeded.person, None))
    assert done.description == "Delete person KZ-1 Abenov Daulet and 3 dependent records"
    assert len(session.personnel()) == 1
    session.revert(done)
    assert len(session.personnel()) == 2
    assert len(session.credentials(seeded.person)) == 1


def test_assignment_operations(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    done = session.run(
        AssignPerson(
            seeded.officer,
            mission_id=seeded.mission,
            category="staff",
            starts_on=D(2019, 1, 1),
            ends_on=D(2019, 12, 31),
        )
    )
    assert done.description == "Assign Major Serikova (KZ-2) to UNIFIL"
    assignment = done.changes[0].id
    status = session.run(SetAssignmentStatus(assignment, None, "confirmed"))
    assert status.changes[0].values["status"] == "confirmed"
    gone = session.run(UnassignPerson(assignment, status.changes[0].values["version"]))
    assert gone.description == "Unassign Major Serikova (KZ-2) to UNIFIL"
    assert [row[2] for row in session.person_assignments(seeded.officer).rows] == []


def test_every_table_and_choice_list_reads(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan)
    assert [r[2] for r in session.authorisations().rows] == ["LAW-2018"]
    assert [r[2] for r in session.authorised_missions(seeded.authorisation).rows] == ["UNIFIL"]
    assert [r[2] for r in session.mission_authorisations(seeded.mission).rows] == ["LAW-2018"]
    assert [r[2] for r in session.units().rows] == ["KAZCOY"]
    assert [r[2] for r in session.units(seeded.other_mission).rows] == []
    assert [(r[2], r[-1]) for r in session.rotations(seeded.unit).rows] == [("KAZCOY-R01", 1)]
    assert [r[2] for r in session.roster(seeded.rotation).rows] == ["KZ-1"]
    assert [r[2] for r in session.on_mission(seeded.mission, D(2019, 1, 1)).rows] == ["KZ-1"]
    assert [r[2] for r in session.personnel({seeded.officer}).rows] == ["KZ-2"]
    assert [r[2] for r in session.absences(seeded.person).rows] == [D(2020, 1, 1)]
    assert len(session.credential_requirements()) == 5
    assert len(session.gender_targets()) > 0
    assert session.choices("unit") == [(seeded.unit, "KAZCOY")]
    assert session.choices("person")[0][1] == "KZ-1 — Sergeant Abenov Daulet"
    assert session.roster_choices() == (["KAZCOY-R01"], ["MINURSO", "UNIFIL"])
    assert session.unit_of_rotation("KAZCOY-R01") == "KAZCOY"
    assert session.settings()["min_rest_days"] == 365
    assert session.describe("assignment", session.get("assignment", seeded.assignment)) == (
        "KZ-1 to UNIFIL (KAZCOY-R01) from 2018-10-31"
    )


def test_operations_run_from_a_worker_thread(seeded: Seeded) -> None:
    """No Qt, no thread-bound state: the window runs them on its worker."""
    session = PlanSession(seeded.plan)
    results: list[ChangeSet] = []
    worker = threading.Thread(
        target=lambda: results.append(
            session.run(CreateRecord("mission", {"code": "X", "name": "X"}))
        )
    )
    worker.start()
    worker.join()
    assert results[0].description == "Add mission X"
    assert session.choices("mission")[-1][1] == "X"


def test_the_checker_keeps_findings_and_facts_current(seeded: Seeded) -> None:
    session = PlanSession(seeded.plan, today=lambda: D(2019, 1, 1))
    first = session.checker.refresh()
    assert list(first.findings) == session.check()
    assert first.facts.on().missions[1].headcount == 1  # UNIFIL, by code after MINURSO
    done = session.run(DeleteRecord("assignment", seeded.assignment, None))
    after = session.checker.refresh(done)
    assert list(after.findings) == session.check()
    assert after.facts.on().missions[1].headcount == 0
    assert session.checker.full_checks == 1
