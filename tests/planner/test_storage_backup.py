"""Online backups: taken while another thread or process writes, each copy is a whole,
consistent plan; automatic backups are bounded."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from planner import services
from planner.backup import backup_sqlite, list_backups, prune_backups
from planner.errors import PlannerError
from planner.plan import Plan, open_plan


def _check_copy(copy: Path) -> int:
    """The copy passes integrity_check, opens as a plan; returns its mission count."""
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    with open_plan(copy, read_only=True) as plan, plan.read() as session:
        missions = session.connection().exec_driver_sql("SELECT count(*) FROM mission").scalar()
        units = session.connection().exec_driver_sql("SELECT count(*) FROM unit").scalar()
    # The writer adds a mission and its unit in one transaction: a copy holds both or
    # neither of each pair.
    assert missions == units
    return int(missions or 0)


def test_backup_while_a_thread_writes(plan: Plan, tmp_path: Path) -> None:
    stop, started = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        from planner.services.crud import create_in, run_transaction

        n = 0
        try:
            while not stop.is_set():
                n += 1

                def work(session, n=n):  # type: ignore[no-untyped-def]
                    mission = create_in(session, "mission", {"code": f"T{n}", "name": "x"})
                    unit = {"code": f"U{n}", "name": "u", "mission_id": mission.id}
                    return [mission, create_in(session, "unit", unit)]

                run_transaction(plan, work)
                started.set()
        except BaseException as exc:  # reported below
            errors.append(exc)
            started.set()

    thread = threading.Thread(target=writer)
    thread.start()
    counts = []
    try:
        assert started.wait(30)
        for index in range(6):
            copy = plan.backup(tmp_path / f"copy{index}.sqlite")
            counts.append(_check_copy(copy))
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert counts == sorted(counts) and counts[-1] > 0


WRITER = textwrap.dedent(
    """
    import sys
    from planner.plan import open_plan
    from planner.services.crud import create_in, run_transaction
    plan = open_plan(sys.argv[1])
    n = 0
    while True:
        n += 1
        def work(session, n=n):
            mission = create_in(session, "mission", {"code": f"P{n}", "name": "x"})
            unit = {"code": f"U{n}", "name": "u", "mission_id": mission.id}
            return [mission, create_in(session, "unit", unit)]
        run_transaction(plan, work)
        print(n, flush=True)
    """
)


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite"
    open_plan(path, create=True).close()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "1"  # it is writing
        counts = []
        for index in range(6):
            # The writer holds the plan's lock: a backup does not need it.
            copy = backup_sqlite(path, tmp_path / f"copy{index}.sqlite")
            counts.append(_check_copy(copy))
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
    finally:
        child.kill()
        child.wait()
        for pipe in (child.stdout, child.stderr):  # else a ResourceWarning (an error here)
            if pipe is not None:
                pipe.close()
    assert counts == sorted(counts) and counts[-1] >= 1


def test_automatic_backups_are_bounded(plan: Plan) -> None:
    path = plan.path
    assert path is not None
    made = [plan.backup() for _ in range(5)]
    prune_backups(path, 3)
    assert list_backups(path) == made[-3:]
    for _ in range(4):
        backup_sqlite(path, keep=2)
    assert len(list_backups(path, "manual")) == 2


def test_a_backup_never_overwrites_a_file(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "keep.sqlite"
    out.write_text("mine")
    with pytest.raises(PlannerError, match="already exists"):
        plan.backup(out)
    assert out.read_text() == "mine"


def test_a_backup_holds_the_last_committed_edit(plan: Plan, tmp_path: Path) -> None:
    services.create(
        plan,
        "authorisation",
        {"reference": "LAW-1", "adopted_on": dt.date(2024, 1, 19), "valid_from": "2024-01-19"},
    )
    copy = plan.backup(tmp_path / "now.sqlite")
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT reference FROM authorisation").fetchall() == [("LAW-1",)]
    connection.close()


def test_a_failed_backup_leaves_no_file_behind(tmp_path: Path) -> None:
    missing = tmp_path / "gone.sqlite"
    out = tmp_path / "copy.sqlite"
    with pytest.raises(PlannerError, match="Could not back up"):
        backup_sqlite(missing, out)
    assert not out.exists() and not missing.exists()
