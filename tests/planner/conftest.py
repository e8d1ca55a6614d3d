"""Fixtures of the foundation tests: a small plan made through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import inspect, select

from planner import services
from planner.models import Base
from planner.plan import Plan

D = dt.date


@dataclass
class Seeded:
    """Ids of the rows of a small plan."""

    plan: Plan
    mission: int
    other_mission: int
    authorisation: int
    authorised_mission: int
    unit: int
    rotation: int
    person: int
    officer: int
    credential: int
    absence: int
    assignment: int


def created_id(change_set: services.ChangeSet) -> int:
    return change_set.changes[0].id


@pytest.fixture
def seeded(plan: Plan) -> Seeded:
    def add(entity: str, **values: Any) -> int:
        return created_id(services.create(plan, entity, values))

    mission = add("mission", code="UNIFIL", name="Interim Force in Lebanon", language="en")
    other = add("mission", code="MINURSO", name="Western Sahara", language="fr")
    authorisation = add(
        "authorisation",
        reference="LAW-2018",
        adopted_on=D(2018, 6, 15),
        valid_from=D(2018, 6, 15),
        total_ceiling=160,
    )
    authorised = add(
        "authorised_mission", authorisation_id=authorisation, mission_id=mission, ceiling=120
    )
    unit = add("unit", code="KAZCOY", name="Kazakh company", mission_id=mission, strength=120)
    rotation = add(
        "rotation",
        code="KAZCOY-R01",
        unit_id=unit,
        number=1,
        starts_on=D(2018, 10, 31),
        ends_on=D(2019, 4, 30),
    )
    person = add(
        "person",
        service_number="KZ-1",
        surname="Abenov",
        given_name="Daulet",
        sex="M",
        rank="Sergeant",
        birth_date=D(1995, 3, 1),
    )
    officer = add(
        "person",
        service_number="KZ-2",
        surname="Serikova",
        given_name="Aigerim",
        sex="F",
        rank="Major",
        birth_date=D(1985, 5, 5),
        commissioned_on=D(2007, 6, 1),
        languages="en:C1, fr:B1",
    )
    credential = add("credential", person_id=person, kind="passport", expires_on=D(2030, 1, 1))
    absence = add("absence", person_id=person, starts_on=D(2020, 1, 1), ends_on=D(2020, 1, 20))
    assignment = created_id(services.assign_person(plan, person, rotation_id=rotation))
    return Seeded(
        plan,
        mission,
        other,
        authorisation,
        authorised,
        unit,
        rotation,
        person,
        officer,
        credential,
        absence,
        assignment,
    )


def dump(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two dumps are equal when the data is."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with plan.read() as session:
        names = inspect(session.connection()).get_table_names()
        for table in Base.metadata.sorted_tables:
            if table.name in names:
                rows = session.execute(select(table)).all()
                tables[table.name] = sorted(tuple(r) for r in rows)
    return tables
