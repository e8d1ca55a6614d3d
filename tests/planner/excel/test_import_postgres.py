"""The plan workbook on a real PostgreSQL server: the import's own INSERT statements
(multi-row, driver placeholders), its updates, and all-or-nothing there too.

Set PLANNER_TEST_PG_URL to a server URL whose user may create databases (CI starts one
with scripts/test-postgres); without it these tests are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from xlhelp import dump, read_values, write_workbook

from planner import services
from planner.excel import WorkbookError, export_plan, import_workbook
from planner.models import Person
from planner.plan import Plan, open_plan

ADMIN_URL = os.environ.get("PLANNER_TEST_PG_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ADMIN_URL, reason="PLANNER_TEST_PG_URL is not set"),
]


@pytest.fixture
def pg_plan() -> Iterator[Plan]:
    name = f"plan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    plan = open_plan(
        make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False),
        create=True,
    )
    try:
        yield plan
    finally:
        plan.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_demo_workbook_round_trips_through_postgresql(
    demo_plan: Plan, pg_plan: Plan, tmp_path: Path
) -> None:
    first = tmp_path / "from-sqlite.xlsx"
    export_plan(demo_plan, first)
    report = import_workbook(pg_plan, first)
    assert report.changed and report.sheets["Assignments"].created > 0
    second = tmp_path / "from-postgresql.xlsx"
    export_plan(pg_plan, second)
    assert read_values(second) == read_values(first)
    # Importing it again changes nothing, not even a version.
    before = dump(pg_plan)
    again = import_workbook(pg_plan, second)
    assert not again.changed
    assert dump(pg_plan) == before
    # The id sequences moved past the imported rows: a new record gets a fresh id.
    created = services.create(
        pg_plan,
        "person",
        {"service_number": "PG-1", "surname": "New", "given_name": "One", "sex": "F"}
        | {"rank": "Private"},
    )
    with pg_plan.read() as session:
        assert created.changes[0].id == session.scalar(select(func.max(Person.id)))


def test_an_update_bumps_the_version_and_a_bad_row_writes_nothing(
    demo_plan: Plan, pg_plan: Plan, tmp_path: Path
) -> None:
    workbook = tmp_path / "demo.xlsx"
    export_plan(demo_plan, workbook)
    import_workbook(pg_plan, workbook)
    people = read_values(workbook)["Personnel"]
    header, first = people[0], list(people[1])
    first[header.index("Surname*")] = "Renamed"
    report = import_workbook(
        pg_plan, write_workbook(tmp_path / "one.xlsx", {"Personnel": [header, first]})
    )
    assert (report.sheets["Personnel"].updated, report.sheets["Personnel"].unchanged) == (1, 0)
    with pg_plan.read() as session:
        person = session.scalars(select(Person).where(Person.surname == "Renamed")).one()
        assert person.version == 2
    before = dump(pg_plan)
    second = list(people[2])
    second[header.index("Sex*")] = "X"
    new = list(people[3])
    new[header.index("Service number*")] = "PG-NEW"
    bad = write_workbook(tmp_path / "bad.xlsx", {"Personnel": [header, new, second]})
    with pytest.raises(WorkbookError, match="1 error found; nothing was imported"):
        import_workbook(pg_plan, bad)
    assert dump(pg_plan) == before
