"""Storage: the database itself refuses bad rows, enforces foreign keys, runs with the
agreed pragmas, and never lets a stale edit overwrite a newer one."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import Seeded, dump
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planner import services
from planner.backup import list_backups
from planner.errors import ConflictError, PlanOpenError
from planner.models import (
    Assignment,
    Authorisation,
    AuthorisedMission,
    Mission,
    Person,
    Rotation,
    Settings,
)
from planner.plan import Plan, open_plan

D = dt.date


def _raw_insert(plan: Plan, model: type, **values: Any) -> None:
    """Insert straight through SQLAlchemy Core: no service, no validation."""
    with plan.engine.begin() as connection:
        connection.execute(insert(model).values(**values))


def _person(**overrides: Any) -> dict[str, Any]:
    return {
        "service_number": "RAW-1",
        "surname": "Raw",
        "given_name": "Row",
        "sex": "M",
        "rank": "Private",
        **overrides,
    }


@pytest.mark.parametrize(
    ("model", "values", "constraint"),
    [
        (
            Rotation,
            {"code": "R", "unit_id": None, "starts_on": D(2020, 2, 1), "ends_on": D(2020, 1, 1)},
            "period_order",
        ),
        (
            Authorisation,
            {
                "reference": "A",
                "adopted_on": D(2020, 1, 1),
                "valid_from": D(2020, 1, 1),
                "total_ceiling": -1,
            },
            "total_ceiling_not_negative",
        ),
        (
            Authorisation,
            {
                "reference": "B",
                "adopted_on": D(2020, 1, 1),
                "valid_from": D(2020, 1, 1),
                "valid_until": D(2019, 1, 1),
            },
            "validity_order",
        ),
        (Person, _person(sex="X"), "sex_known"),
        (Person, _person(rank="Admiral"), "rank_known"),
        (Person, _person(service_number=""), "service_number_not_empty"),
        (
            Mission,
            {
                "code": "M",
                "name": "M",
                "mandate_start": D(2020, 1, 1),
                "mandate_end": D(2019, 1, 1),
            },
            "mandate_order",
        ),
        (Settings, {"id": 2}, "single_row"),
    ],
)
def test_check_constraints_refuse_bad_rows(
    seeded: Seeded, model: type, values: dict[str, Any], constraint: str
) -> None:
    if model is Rotation:
        values = {**values, "unit_id": seeded.unit}
    before = dump(seeded.plan)
    with pytest.raises(IntegrityError, match=constraint):
        _raw_insert(seeded.plan, model, **values)
    assert dump(seeded.plan) == before


@pytest.mark.parametrize(
    ("column", "value", "constraint"),
    [
        ("category", "tourist", "category_known"),
        ("status", "maybe", "status_known"),
        ("ends_on", D(2000, 1, 1), "period_order"),
    ],
)
def test_assignment_constraints_refuse_bad_rows(
    seeded: Seeded, column: str, value: Any, constraint: str
) -> None:
    with pytest.raises(IntegrityError, match=constraint), seeded.plan.engine.begin() as connection:
        connection.execute(
            update(Assignment).where(Assignment.id == seeded.assignment).values({column: value})
        )


def test_negative_mission_ceiling_and_bad_rotation_status_are_refused(seeded: Seeded) -> None:
    with (
        pytest.raises(IntegrityError, match="ceiling_not_negative"),
        seeded.plan.engine.begin() as connection,
    ):
        connection.execute(update(AuthorisedMission).values(ceiling=-5))
    with (
        pytest.raises(IntegrityError, match="status_known"),
        seeded.plan.engine.begin() as connection,
    ):
        connection.execute(update(Rotation).values(status="postponed"))


def test_duplicate_natural_keys_are_refused_through_the_orm(seeded: Seeded) -> None:
    with Session(seeded.plan.engine) as session:
        session.add(Person(**_person(service_number="KZ-1")))  # KZ-1 exists
        with pytest.raises(IntegrityError, match="UNIQUE"):
            session.commit()
    with Session(seeded.plan.engine) as session:
        session.add(Mission(code="UNIFIL", name="again"))
        with pytest.raises(IntegrityError, match="UNIQUE"):
            session.commit()


def test_foreign_keys_are_enforced(seeded: Seeded) -> None:
    with seeded.plan.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        _raw_insert(
            seeded.plan,
            Assignment,
            person_id=9999,
            mission_id=seeded.mission,
            category="unit",
            starts_on=D(2020, 1, 1),
            ends_on=D(2020, 2, 1),
        )
    # A mission with units cannot go without them (RESTRICT) ...
    with (
        pytest.raises(IntegrityError, match="FOREIGN KEY"),
        seeded.plan.engine.begin() as connection,
    ):
        connection.execute(text("DELETE FROM mission WHERE id = :id"), {"id": seeded.mission})
    # ... and a person's credentials go with the person (CASCADE).
    with seeded.plan.engine.begin() as connection:
        connection.execute(text("DELETE FROM person WHERE id = :id"), {"id": seeded.officer})
        connection.execute(text("DELETE FROM person WHERE id = :id"), {"id": seeded.person})
        assert connection.exec_driver_sql("SELECT count(*) FROM credential").scalar() == 0


def test_every_connection_gets_the_pragmas(plan: Plan) -> None:
    # Several pooled connections at once: each one was set up, not just the first.
    connections = [plan.engine.connect() for _ in range(3)]
    try:
        for connection in connections:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
            assert pragma("PRAGMA busy_timeout").scalar() == 5000
            assert pragma("PRAGMA foreign_keys").scalar() == 1
    finally:
        for connection in connections:
            connection.close()


def test_read_only_plan_has_foreign_keys_and_refuses_writes(seeded: Seeded) -> None:
    path = seeded.plan.path
    assert path is not None
    with open_plan(path, read_only=True) as reader, reader.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(Exception, match="readonly"):
            connection.exec_driver_sql("DELETE FROM absence")


def test_stale_version_through_services_is_a_conflict(seeded: Seeded) -> None:
    plan = seeded.plan
    services.update(plan, "mission", seeded.mission, 1, {"name": "First edit"})
    before = dump(plan)
    with pytest.raises(ConflictError, match="changed by someone else"):
        services.update(plan, "mission", seeded.mission, 1, {"name": "Second edit"})
    with pytest.raises(ConflictError):
        services.delete(plan, "mission", seeded.mission, 1)
    assert dump(plan) == before
    assert services.get(plan, "mission", seeded.mission)["name"] == "First edit"


def test_two_orm_sessions_editing_one_row_second_gets_stale_data(seeded: Seeded) -> None:
    plan = seeded.plan
    with plan.sessions() as first, plan.sessions() as second:
        a = first.get(Person, seeded.person)
        first.commit()  # expire_on_commit is off: the row keeps the version it read
        b = second.get(Person, seeded.person)
        second.commit()
        assert a is not None and b is not None and a.version == b.version == 1
        a.surname = "First"
        first.commit()
        b.surname = "Second"
        with pytest.raises(StaleDataError):
            second.commit()
    with plan.read() as session:
        row = session.get(Person, seeded.person)
        assert row is not None and (row.surname, row.version) == ("First", 2)


def test_stale_data_inside_a_service_transaction_becomes_a_conflict(seeded: Seeded) -> None:
    """A row held from an earlier read (as a window holds it) and written back after
    someone else changed it: the version column stops the UPDATE and run_transaction
    reports a ConflictError, not a database error."""
    from planner.services.crud import run_transaction

    plan = seeded.plan
    with plan.read() as session:
        held = session.get(Mission, seeded.mission)
        assert held is not None
        session.expunge(held)
    services.update(plan, "mission", seeded.mission, 1, {"name": "Someone else's"})

    def work(session: Session) -> list[services.Change]:
        session.add(held)  # back into a session, still at version 1
        held.name = "Mine"
        session.flush()
        return []

    with pytest.raises(ConflictError, match="at the same moment"):
        run_transaction(plan, work)
    assert services.get(plan, "mission", seeded.mission)["name"] == "Someone else's"


def test_a_read_sees_one_consistent_state(seeded: Seeded) -> None:
    """Reads run in a transaction: a commit by another connection in the middle of a
    read does not show up half-way through it."""
    plan = seeded.plan
    with plan.read() as session:
        first = session.scalar(select(Mission.name).where(Mission.id == seeded.mission))
        services.update(plan, "mission", seeded.mission, 1, {"name": "Renamed"})
        again = session.scalar(select(Mission.name).where(Mission.id == seeded.mission))
    assert first == again == "Interim Force in Lebanon"
    assert services.get(plan, "mission", seeded.mission)["name"] == "Renamed"


def test_writes_from_two_threads_wait_for_each_other(seeded: Seeded) -> None:
    """Writers take the write lock when they begin: two threads writing at once both
    succeed (one waits), instead of one failing with 'database is locked'."""
    plan = seeded.plan
    errors: list[BaseException] = []

    def writer(prefix: str) -> None:
        try:
            for n in range(25):
                services.create(
                    plan,
                    "absence",
                    {
                        "person_id": seeded.officer,
                        "starts_on": D(2000 + n, 1 if prefix == "a" else 7, 1),
                        "ends_on": D(2000 + n, 1 if prefix == "a" else 7, 5),
                    },
                )
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with plan.read() as session:
        count = session.execute(text("SELECT count(*) FROM absence")).scalar()
    assert count == 51


@pytest.mark.parametrize("name", ["plan #2?.sqlite", "100% [draft].sqlite"])
def test_odd_file_names_open_back_up_and_lock(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "a ?#% folder"
    folder.mkdir()
    path = folder / name
    with open_plan(path, create=True) as plan:
        services.create(plan, "mission", {"code": "UNTSO", "name": "Truce"})
        copy = plan.backup()
        with pytest.raises(PlanOpenError, match="already open"):
            open_plan(path)
    assert path.exists() and copy.exists()
    assert [p.name for p in folder.iterdir() if p.suffix == ".sqlite"] == [name]
    assert list_backups(path) == [copy]
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT code FROM mission").fetchall() == [("UNTSO",)]


def test_opening_a_foreign_database_leaves_it_untouched(tmp_path: Path) -> None:
    path = tmp_path / "accounts.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE ledger (amount INTEGER)")
        connection.execute("INSERT INTO ledger VALUES (42)")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(PlanOpenError, match="not a Rotation Planner plan"):
        open_plan(path)
    with pytest.raises(PlanOpenError, match="not a Rotation Planner plan"):
        open_plan(path, read_only=True)
    assert path.read_bytes() == before  # still a rollback-journal file, not switched to WAL
    assert not (tmp_path / "accounts.sqlite-wal").exists()


def test_opening_an_empty_file_leaves_it_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    with pytest.raises(PlanOpenError, match="holds no plan"):
        open_plan(path)
    assert path.stat().st_size == 0
    with open_plan(path, create=True) as plan:  # init may still make a plan of it
        assert plan.schema_revision() is not None


def test_close_with_backup_keeps_a_bounded_number(tmp_path: Path) -> None:
    from planner.backup import DEFAULT_KEEP

    path = tmp_path / "plan.sqlite"
    open_plan(path, create=True).close()
    manual = open_plan(path)
    manual.backup()
    manual.close()
    for n in range(DEFAULT_KEEP + 3):
        plan = open_plan(path)
        services.create(plan, "mission", {"code": f"M{n}", "name": "x"})
        plan.close(backup=True)
    closes = list_backups(path, "close")
    assert len(closes) == DEFAULT_KEEP
    # The newest close backup holds the last edit; the manual backup was not pushed out.
    with sqlite3.connect(closes[-1]) as connection:
        assert connection.execute("SELECT count(*) FROM mission").fetchone()[0] == DEFAULT_KEEP + 3
    assert len(list_backups(path, "manual")) == 1
    assert len(list_backups(path)) == DEFAULT_KEEP + 1


def test_a_copied_plan_opens_with_its_data(seeded: Seeded, tmp_path: Path) -> None:
    path = seeded.plan.path
    assert path is not None
    seeded.plan.close()  # checkpoints the WAL into the file
    copy = tmp_path / "copy.sqlite"
    shutil.copy(path, copy)
    with open_plan(copy) as reopened, open_plan(path, read_only=True) as original:
        assert dump(reopened) == dump(original)
