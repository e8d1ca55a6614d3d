"""The same plan on a real PostgreSQL server (started by scripts/test-postgres in CI).

Set PLANNER_TEST_PG_URL to a server URL whose user may create databases; without it these
tests are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from planner import services
from planner.cli.main import main
from planner.errors import ConflictError, ValidationError
from planner.plan import Plan, open_plan

ADMIN_URL = os.environ.get("PLANNER_TEST_PG_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ADMIN_URL, reason="PLANNER_TEST_PG_URL is not set"),
]


@pytest.fixture
def pg_url() -> Iterator[str]:
    name = f"plan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_plan(pg_url: str) -> Iterator[Plan]:
    plan = open_plan(pg_url, create=True)
    try:
        yield plan
    finally:
        plan.close()


def test_init_demo_and_info_on_postgresql(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", pg_url, "init", "--demo"]) == 0
    assert main(["--db", pg_url, "info"]) == 0
    out = capsys.readouterr().out
    missions = next(line for line in out.splitlines() if "Missions" in line)
    assert missions.split()[-1] == "11"
    assert main(["--db", pg_url, "init"]) == 2  # refuses to replace it


def test_edits_after_the_demo_get_fresh_ids(pg_url: str) -> None:
    assert main(["--db", pg_url, "init", "--demo"]) == 0
    with open_plan(pg_url) as plan:
        made = services.create(plan, "mission", {"code": "UNMIK", "name": "Kosovo"})
        assert services.get(plan, "mission", made.changes[0].id)["code"] == "UNMIK"


def test_constraints_conflicts_and_undo_on_postgresql(pg_plan: Plan) -> None:
    made = services.create(
        pg_plan,
        "authorisation",
        {"reference": "2024-01-19", "adopted_on": "2024-01-19", "valid_from": "2024-01-19"},
    )
    row = made.changes[0]
    with pytest.raises(ValidationError, match="Reference"):
        services.create(
            pg_plan,
            "authorisation",
            {"reference": "2024-01-19", "adopted_on": "2024-01-19", "valid_from": "2024-01-19"},
        )
    edited = services.update(pg_plan, "authorisation", row.id, 1, {"total_ceiling": 430})
    with pytest.raises(ConflictError):
        services.update(pg_plan, "authorisation", row.id, 1, {"total_ceiling": 1})
    services.revert(pg_plan, edited)
    assert services.get(pg_plan, "authorisation", row.id)["total_ceiling"] is None
    removed = services.delete(pg_plan, "authorisation", row.id, None)
    services.revert(pg_plan, removed)
    assert services.get(pg_plan, "authorisation", row.id)["reference"] == "2024-01-19"
