"""The checker and the headcount on a real PostgreSQL server: the same findings and facts
as on SQLite (the snapshot's day numbers come from each database's own SQL), and the
incremental recheck rereads rows there too. Skipped without PLANNER_TEST_PG_URL."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from planner.app import MoveRotation, PlanSession, SetRotationStatus
from planner.plan import Plan

ADMIN_URL = os.environ.get("PLANNER_TEST_PG_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ADMIN_URL, reason="PLANNER_TEST_PG_URL is not set"),
]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def pg_demo() -> Iterator[PlanSession]:
    name = f"plan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        session = PlanSession.create(url, demo=True)
        try:
            yield session
        finally:
            session.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_same_findings_and_facts_as_on_sqlite(pg_demo: PlanSession, demo_plan: Plan) -> None:
    here = PlanSession(demo_plan, today=lambda: TODAY).checker.refresh()
    there = PlanSession(pg_demo.plan, today=lambda: TODAY).checker.refresh()
    assert there.findings == here.findings
    assert there.facts.on() == here.facts.on() and there.facts.upcoming == here.facts.upcoming
    undof = there.facts.missions["UNDOF"].headcount.runs()
    assert undof == here.facts.missions["UNDOF"].headcount.runs()


def test_a_recheck_on_postgresql_agrees_with_a_full_check(pg_demo: PlanSession) -> None:
    checker = pg_demo.checker
    checker.refresh()
    (row,) = [r for r in pg_demo.rotations().rows if r[2] == "KAZCOY-R01"]
    moved = pg_demo.run(MoveRotation(row[0], row[1], row[5] + dt.timedelta(days=9)))
    after = checker.refresh(moved)
    assert after.findings == tuple(pg_demo.check())
    version = pg_demo.get("rotation", row[0])["version"]
    cancelled = pg_demo.run(SetRotationStatus(row[0], version, "cancelled"))
    assert checker.refresh(cancelled).findings == tuple(pg_demo.check())
    assert checker.full_checks == 1


def test_roster_and_headcount_read_postgresql(
    pg_demo: PlanSession, demo_plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.cli.main import main

    here = PlanSession(demo_plan)
    for code in ("KAZCOY-R01", "KAZCON-R03"):
        assert pg_demo.check_roster(rotation=code) == here.check_roster(rotation=code)
    assert main(["--db", pg_demo.url, "headcount", "--mission", "UNDOF", "--json"]) == 0
    there = capsys.readouterr().out
    assert main(["--db", str(demo_plan.path), "headcount", "--mission", "UNDOF", "--json"]) == 0
    assert there == capsys.readouterr().out
