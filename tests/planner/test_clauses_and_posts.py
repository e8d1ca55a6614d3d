"""Ceiling clauses and posts in the plan: their rows, every bad value named, a clause's
missions kept to those its authorisation lists (by the database itself), unlisting a
mission a clause names refused by name, and undo through the generic revert."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from planner import services
from planner.errors import PlannerError, ValidationError
from planner.models import (
    AuthorisedMission,
    CeilingClause,
    CeilingClauseMission,
    Post,
)
from planner.plan import Plan, open_plan
from planner.services.clauses import clause_missions, create_clause, get_clause, update_clause

D = dt.date


@dataclass
class Law:
    plan: Plan
    missions: dict[str, int]
    authorisation: int
    later: int
    listed: dict[str, int]  # mission code → authorised mission id (of ``authorisation``)


def _id(change_set: services.ChangeSet) -> int:
    return change_set.changes[0].id


ADMIN_URL = os.environ.get("PLANNER_TEST_PG_URL", "")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not ADMIN_URL, reason="PLANNER_TEST_PG_URL is not set"),
            ],
        ),
    ]
)
def any_plan(request: pytest.FixtureRequest, plan: Plan) -> Iterator[Plan]:
    """The empty plan on SQLite, and on a PostgreSQL server when one is given."""
    if request.param == "sqlite":
        yield plan
        return
    name = f"plan_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    opened = open_plan(url, create=True)
    try:
        yield opened
    finally:
        opened.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def law(any_plan: Plan) -> Law:
    plan = any_plan
    missions = {
        code: _id(services.create(plan, "mission", {"code": code, "name": code}))
        for code in ("UNTSO", "UNFICYP", "UNIFIL", "MINURSO", "UNDOF")
    }
    authorisation = _id(
        services.create(
            plan,
            "authorisation",
            {"reference": "2018-06-15", "adopted_on": D(2018, 6, 15), "valid_from": D(2018, 6, 15)},
        )
    )
    later = _id(
        services.create(
            plan,
            "authorisation",
            {"reference": "2024-01-19", "adopted_on": D(2024, 1, 19), "valid_from": D(2024, 1, 19)},
        )
    )
    listed = {
        code: _id(
            services.create(
                plan,
                "authorised_mission",
                {"authorisation_id": authorisation, "mission_id": missions[code]},
            )
        )
        for code in ("UNTSO", "UNFICYP", "UNIFIL", "MINURSO")
    }
    services.create(
        plan, "authorised_mission", {"authorisation_id": later, "mission_id": missions["UNDOF"]}
    )
    return Law(plan, missions, authorisation, later, listed)


def _officers(law: Law, **values: Any) -> services.ChangeSet:
    return create_clause(
        law.plan,
        {
            "authorisation_id": law.authorisation,
            "label": "officers",
            "missions": [law.missions[c] for c in ("UNTSO", "UNFICYP", "UNIFIL", "MINURSO")],
            "categories": "staff, Observer",
            "ceiling": 40,
            **values,
        },
    )


def _rows(plan: Plan) -> list[tuple[Any, ...]]:
    """Every clause and clause-mission row, versions left out."""
    with plan.read() as session:
        clauses = session.execute(
            select(
                CeilingClause.id,
                CeilingClause.authorisation_id,
                CeilingClause.label,
                CeilingClause.categories,
                CeilingClause.ceiling,
            )
        ).all()
        named = session.execute(
            select(
                CeilingClauseMission.clause_id,
                CeilingClauseMission.authorisation_id,
                CeilingClauseMission.mission_id,
            )
        ).all()
    return sorted(tuple(r) for r in clauses) + sorted(tuple(r) for r in named)


def test_a_clause_is_its_row_and_one_row_per_mission_in_one_change_set(law: Law) -> None:
    made = _officers(law)
    assert made.description == "Add ceiling clause 'officers' of 2018-06-15"
    assert [(c.kind, c.entity) for c in made.changes] == [
        ("created", "ceiling_clause"),
        *[("created", "ceiling_clause_mission")] * 4,
    ]
    clause = get_clause(law.plan, _id(made))
    assert clause["categories"] == "observer,staff" and clause["ceiling"] == 40
    assert clause["missions"] == tuple(
        sorted(law.missions[c] for c in ("UNTSO", "UNFICYP", "UNIFIL", "MINURSO"))
    )
    with law.plan.read() as session:
        rows = session.scalars(select(CeilingClauseMission)).all()
        assert {r.authorisation_id for r in rows} == {law.authorisation}
    # Undo takes the clause and its missions back; redo puts them again.
    with_clause = _rows(law.plan)
    undone = services.revert(law.plan, made)
    assert _rows(law.plan) == []
    services.revert(law.plan, undone)
    assert _rows(law.plan) == with_clause


def test_a_clause_without_missions_counts_every_mission_its_authorisation_lists(
    law: Law,
) -> None:
    made = create_clause(
        law.plan, {"authorisation_id": law.authorisation, "label": "total", "ceiling": 160}
    )
    assert get_clause(law.plan, _id(made))["missions"] == ()
    assert get_clause(law.plan, _id(made))["categories"] == ""


def test_editing_a_clauses_missions_adds_and_removes_rows_and_undoes_exactly(law: Law) -> None:
    clause = _id(_officers(law))
    before = _rows(law.plan)
    edited = update_clause(
        law.plan,
        clause,
        1,
        {"missions": [law.missions["UNIFIL"]], "ceiling": 120, "categories": "unit"},
    )
    assert [(c.kind, c.entity) for c in edited.changes] == [
        ("deleted", "ceiling_clause_mission"),
        ("deleted", "ceiling_clause_mission"),
        ("deleted", "ceiling_clause_mission"),
        ("updated", "ceiling_clause"),
    ]
    with law.plan.read() as session:
        assert clause_missions(session, clause) == (law.missions["UNIFIL"],)
    services.revert(law.plan, edited)
    assert _rows(law.plan) == before
    # An edit that leaves the missions out keeps them.
    update_clause(law.plan, clause, None, {"ceiling": 41})
    assert len(get_clause(law.plan, clause)["missions"]) == 4


def test_a_clause_moved_to_another_authorisation_takes_missions_that_one_lists(
    law: Law,
) -> None:
    clause = _id(_officers(law))
    with pytest.raises(ValidationError, match="UNTSO is not one of the missions"):
        update_clause(law.plan, clause, None, {"authorisation_id": law.later})
    moved = update_clause(
        law.plan, clause, None, {"authorisation_id": law.later, "missions": [law.missions["UNDOF"]]}
    )
    assert get_clause(law.plan, clause)["missions"] == (law.missions["UNDOF"],)
    services.revert(law.plan, moved)
    assert get_clause(law.plan, clause)["authorisation_id"] == law.authorisation
    assert len(get_clause(law.plan, clause)["missions"]) == 4


def test_every_bad_value_of_a_clause_is_named(law: Law) -> None:
    _officers(law)
    with pytest.raises(ValidationError) as caught:
        create_clause(
            law.plan,
            {
                "authorisation_id": law.authorisation,
                "label": "",
                "missions": [law.missions["UNDOF"], 9999],
                "categories": "unit, sailors",
                "ceiling": -1,
            },
        )
    text = str(caught.value)
    assert "Clause: is required" in text
    assert "Missions: UNDOF is not one of the missions authorisation 2018-06-15 lists" in text
    assert "Missions: no such mission (id 9999)" in text
    assert "Categories: 'sailors' is not a category" in text
    assert "Ceiling: -1 is below the minimum of 0" in text
    with pytest.raises(
        ValidationError, match="Clause: another ceiling clause already has officers"
    ):
        _officers(law)
    with pytest.raises(ValidationError, match="Ceiling: is required"):
        create_clause(law.plan, {"authorisation_id": law.authorisation, "label": "no ceiling"})
    # The same label under another authorisation is another clause.
    create_clause(law.plan, {"authorisation_id": law.later, "label": "officers", "ceiling": 5})


def test_unlisting_a_mission_a_clause_names_is_refused_by_name(law: Law) -> None:
    clause = _id(_officers(law))
    before = _rows(law.plan)
    unifil = law.missions["UNIFIL"]
    named = "UNIFIL is named by ceiling clause 'officers' of authorisation 2018-06-15"
    with pytest.raises(ValidationError, match=named):
        services.delete(law.plan, "mission", unifil, None)
    with pytest.raises(ValidationError, match=named):
        services.delete(law.plan, "authorised_mission", law.listed["UNIFIL"], None)
    with pytest.raises(ValidationError, match=f"Mission: cannot change: {named}"):
        services.update(
            law.plan,
            "authorised_mission",
            law.listed["UNIFIL"],
            None,
            {"mission_id": law.missions["UNDOF"]},
        )
    assert _rows(law.plan) == before
    with law.plan.read() as session:
        assert session.get(AuthorisedMission, law.listed["UNIFIL"]) is not None
    # Out of the clause, the mission can go.
    update_clause(
        law.plan, clause, None, {"missions": [law.missions[c] for c in ("UNTSO", "MINURSO")]}
    )
    services.delete(law.plan, "authorised_mission", law.listed["UNIFIL"], None)
    services.delete(law.plan, "mission", unifil, None)


def test_the_database_itself_keeps_a_clauses_missions_to_those_listed(law: Law) -> None:
    """Even a writer that goes round the services cannot name an unlisted mission nor
    unlist a named one: the clause mission's foreign key is the authorised mission."""
    clause = _id(_officers(law))
    insert = text(
        "INSERT INTO ceiling_clause_mission (clause_id, authorisation_id, mission_id, version) "
        "VALUES (:clause, :authorisation, :mission, 1)"
    )
    attempts = (
        (insert, {"clause": clause, "authorisation": law.authorisation, "mission": 5}),
        (text("DELETE FROM authorised_mission WHERE id = :id"), {"id": law.listed["UNIFIL"]}),
        # A mission of another authorisation than the clause's.
        (insert, {"clause": clause, "authorisation": law.later, "mission": 5}),
    )
    assert law.missions["UNDOF"] == 5
    for statement, values in attempts:
        with pytest.raises(IntegrityError), law.plan.engine.begin() as connection:
            connection.execute(statement, values)
    assert len(get_clause(law.plan, clause)["missions"]) == 4


def test_deleting_an_authorisation_deletes_its_clauses_and_undo_restores_them(law: Law) -> None:
    _officers(law)
    before = _rows(law.plan)
    assert services.dependents(law.plan, "authorisation", law.authorisation) == {
        "ceiling clauses": 1,
        "missions of ceiling clauses": 4,
        "authorised missions": 4,
    }
    deleted = services.delete(law.plan, "authorisation", law.authorisation, None)
    assert deleted.description == "Delete authorisation 2018-06-15 and 9 dependent records"
    assert _rows(law.plan) == []
    services.revert(law.plan, deleted)
    assert _rows(law.plan) == before


def test_the_generic_edit_refuses_missions_rather_than_drop_them(law: Law) -> None:
    clause = _id(_officers(law))
    with pytest.raises(PlannerError, match="saved by the ceiling clause's own operation"):
        services.create(
            law.plan,
            "ceiling_clause",
            {"authorisation_id": law.authorisation, "label": "x", "ceiling": 1, "missions": []},
        )
    with pytest.raises(PlannerError, match="own operation"):
        services.update(law.plan, "ceiling_clause", clause, None, {"missions": []})
    with pytest.raises(ValidationError, match="Authorisation: cannot change while the clause"):
        services.update(law.plan, "ceiling_clause", clause, None, {"authorisation_id": law.later})
    with pytest.raises(PlannerError, match="not edited on its own"):
        services.create(
            law.plan,
            "ceiling_clause_mission",
            {"clause_id": clause, "authorisation_id": law.authorisation, "mission_id": 1},
        )
    # Without missions, the generic edit changes the clause and keeps its missions.
    edited = services.update(law.plan, "ceiling_clause", clause, None, {"ceiling": 42})
    assert edited.description == "Edit ceiling clause 'officers' of 2018-06-15"
    assert get_clause(law.plan, clause)["ceiling"] == 42
    assert len(get_clause(law.plan, clause)["missions"]) == 4


def _unit(plan: Plan, law: Law, code: str) -> int:
    return _id(
        services.create(
            plan, "unit", {"code": code, "name": code, "mission_id": law.missions["UNIFIL"]}
        )
    )


def test_posts_of_a_unit_with_every_bad_value_named(law: Law) -> None:
    plan = law.plan
    unit = _unit(plan, law, "KAZCOY")
    other = _unit(plan, law, "KAZCON")
    made = services.create(
        plan,
        "post",
        {
            "unit_id": unit,
            "code": "CDR",
            "title": "Company commander",
            "specialty": "Infantry officer",
            "min_rank": "captain",
            "count": "1",
        },
    )
    assert made.description == "Add post CDR of KAZCOY"
    with plan.read() as session:
        post = session.get(Post, _id(made))
        assert post is not None and (post.min_rank, post.count) == ("Captain", 1)
    any_rank = services.create(
        plan, "post", {"unit_id": unit, "code": "INF", "specialty": "Infantry", "count": 80}
    )
    assert services.get(plan, "post", _id(any_rank))["min_rank"] is None
    with pytest.raises(ValidationError) as caught:
        services.create(
            plan,
            "post",
            {"unit_id": unit, "code": "", "specialty": "", "min_rank": "Marshal", "count": 0},
        )
    text = str(caught.value)
    for expected in (
        "Code: is required",
        "Specialty: is required",
        "Minimum rank: 'Marshal' is not one of: Private",
        "Count: 0 is below the minimum of 1",
    ):
        assert expected in text
    with pytest.raises(ValidationError, match="Count: is required"):
        services.create(plan, "post", {"unit_id": unit, "code": "X", "specialty": "Medic"})
    with pytest.raises(ValidationError, match="Code: another post already has CDR"):
        services.create(
            plan, "post", {"unit_id": unit, "code": "CDR", "specialty": "X", "count": 1}
        )
    services.create(plan, "post", {"unit_id": other, "code": "CDR", "specialty": "X", "count": 1})


def test_deleting_a_unit_deletes_its_posts_and_undo_restores_them(law: Law) -> None:
    plan = law.plan
    unit = _unit(plan, law, "KAZCOY")
    for code in ("CDR", "MED-1"):
        services.create(
            plan, "post", {"unit_id": unit, "code": code, "specialty": "Medic", "count": 2}
        )
    assert services.dependents(plan, "unit", unit) == {"posts": 2}
    deleted = services.delete(plan, "unit", unit, None)
    assert [(c.kind, c.entity) for c in deleted.changes] == [
        ("deleted", "post"),
        ("deleted", "post"),
        ("deleted", "unit"),
    ]
    with plan.read() as session:
        assert session.scalars(select(Post)).all() == []
    services.revert(plan, deleted)
    with plan.read() as session:
        assert sorted(p.code for p in session.scalars(select(Post))) == ["CDR", "MED-1"]
