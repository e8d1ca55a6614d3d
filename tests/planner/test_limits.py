"""Issue 14, classes 4 and 12: one set of limits (planner.limits) for every value, on
SQLite and PostgreSQL alike, enforced by validation with a clear message; no raw
database exception ever reaches the planner.

A 698-character Languages value passed SQLite and ended on PostgreSQL (varchar(200)) in a
multi-line internal error that printed SQL and row data; integers beyond int4 did the
same, and beyond 64 bits crashed on SQLite; a date of 9999-12-31 made 'check' fail."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Integer, String, create_engine, text
from sqlalchemy.engine import make_url

from planner import services
from planner.entities import ENTITIES
from planner.errors import PlannerError, ValidationError
from planner.fields import FIELDS
from planner.limits import LARGEST_INT, SMALLEST_INT
from planner.models import Person
from planner.plan import Plan, open_plan

ADMIN_URL = os.environ.get("PLANNER_TEST_PG_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_plan(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Plan]:
    """An empty plan on each database (PostgreSQL when PLANNER_TEST_PG_URL is set)."""
    if request.param == "sqlite":
        with open_plan(tmp_path / "plan.sqlite", create=True) as plan:
            yield plan
        return
    if not ADMIN_URL:
        pytest.skip("PLANNER_TEST_PG_URL is not set")
    name = f"plan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        with open_plan(url, create=True) as plan:
            yield plan
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


PERSON = {"service_number": "KZ-1", "surname": "Abenov", "given_name": "Daulet", "sex": "M"}
PERSON["rank"] = "Sergeant"


def test_every_text_limit_is_the_length_of_its_column() -> None:
    """One set of limits: a field's max_length is its column's length, so that what
    validation lets through, both databases store."""
    for entity_name, fields in FIELDS.items():
        table = ENTITIES[entity_name].model.__table__  # type: ignore[attr-defined]
        for field in fields:
            if field.name not in table.c:
                continue
            column_type = table.c[field.name].type
            if isinstance(column_type, String) and field.kind in ("text", "languages"):
                assert field.max_length == column_type.length, f"{entity_name}.{field.name}"
            if field.kind == "categories":
                assert isinstance(column_type, String) and column_type.length is not None
                assert len("observer,staff,contingent,police") <= column_type.length


def _refused(plan: Plan, entity: str, values: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        services.create(plan, entity, values)
    message = str(caught.value)
    assert "\n" not in message and "SQL" not in message and "INSERT" not in message
    return message


def test_a_698_character_languages_value_is_refused_clearly(any_plan: Plan) -> None:
    codes = [f"{a}{b}{c}" for a in "abcdefg" for b in "abcdefg" for c in "abc"][:88]
    languages = ", ".join(f"{code}:B2" for code in codes)
    assert len(languages) >= 698
    message = _refused(any_plan, "person", {**PERSON, "languages": languages})
    assert "Languages: is longer than 200 characters" in message


def test_every_text_field_one_character_too_long_is_refused_clearly(any_plan: Plan) -> None:
    for field in FIELDS["person"]:
        if field.kind != "text":
            continue
        values = {**PERSON, field.name: "x" * (field.max_length + 1)}
        message = _refused(any_plan, "person", values)
        assert f"is longer than {field.max_length} characters" in message, field.name
    services.create(any_plan, "person", {**PERSON, "surname": "x" * 100})


@pytest.mark.parametrize(
    "number", [LARGEST_INT + 1, 2**63, 2**64 + 5, 10**30, SMALLEST_INT - 1, "99999999999999999999"]
)
def test_numbers_beyond_what_a_plan_holds_are_refused_clearly(
    any_plan: Plan, number: object
) -> None:
    values = {"code": "UNIFIL", "name": "Interim Force"}
    services.create(any_plan, "mission", values)
    message = _refused(
        any_plan,
        "authorisation",
        {
            "reference": "LAW-1",
            "adopted_on": dt.date(2020, 1, 1),
            "valid_from": dt.date(2020, 1, 1),
            "total_ceiling": number,
        },
    )
    assert "Total ceiling:" in message
    assert "largest number a plan holds" in message or "below" in message


def test_the_largest_number_is_stored_on_both_databases(any_plan: Plan) -> None:
    services.create(
        any_plan,
        "authorisation",
        {
            "reference": "LAW-1",
            "adopted_on": dt.date(2020, 1, 1),
            "valid_from": dt.date(2020, 1, 1),
            "total_ceiling": LARGEST_INT,
        },
    )


@pytest.mark.parametrize(
    "day", [dt.date(9999, 12, 31), dt.date(1, 1, 1), "2200-01-01", "31.12.1899"]
)
def test_dates_outside_the_supported_range_are_refused_in_dialogs(
    any_plan: Plan, day: object
) -> None:
    message = _refused(any_plan, "person", {**PERSON, "birth_date": day})
    assert "outside the dates a plan holds (1900-01-01 to 2199-12-31)" in message


def test_a_date_argument_outside_the_range_gets_one_line(tmp_path: Path) -> None:
    db = tmp_path / "plan.sqlite"
    open_plan(db, create=True).close()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner.cli.main",
            "--db",
            str(db),
            "export",
            "roster",
            "--mission",
            "UNIFIL",
            "--on",
            "9999-12-31",
            "--out",
            str(tmp_path / "r.xlsx"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "outside the dates a plan holds" in done.stderr


def test_a_value_past_validation_is_one_clear_line_not_the_driver_error(any_plan: Plan) -> None:
    """The last line of defence (planner.plan.Plan.write): should a value reach the
    database unchecked, the planner reads one line without SQL or row data."""
    too_long = Person(**PERSON, languages="en:B2, " * 100)
    with pytest.raises(PlannerError) as caught, any_plan.write() as session:
        session.add(too_long)
        if any_plan.path is not None:
            # SQLite stores any length: stand in with a number beyond 64 bits.
            session.flush()
            session.execute(text("UPDATE person SET version = :v"), {"v": 2**70})
        session.flush()
    message = str(caught.value)
    assert "\n" not in message, message
    assert "[SQL" not in message and "parameters" not in message
    assert "nothing was saved" in message
    assert Integer  # the columns above are Integer: int4 on PostgreSQL
