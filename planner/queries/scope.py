"""A focused check, read from a plan: the findings about one roster (DESIGN.md section 4)
without checking the whole plan. What the roster is and which rows its findings depend on
is read here; ``planner.rules.scope`` decides (see there why the result is exact)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from planner.errors import NotFoundError, PlannerError
from planner.models import Absence, Assignment, Credential, Mission, Person, Rotation, Unit
from planner.plan import Plan
from planner.queries.snapshot import Reader
from planner.rules.coverage import ordered_coverage
from planner.rules.findings import Finding
from planner.rules.rows import CANCELLED
from planner.rules.scope import Scope, scope_check
from planner.rules.snapshot import Snapshot, credential_kinds, paused_gc

__all__ = ["check_scope", "scope_findings"]


def check_scope(
    plan: Plan,
    *,
    rotation: str | None = None,
    mission: str | None = None,
    on: dt.date | None = None,
) -> list[Finding]:
    """The findings about the roster of ``rotation``, or of ``mission`` on the day ``on``
    (default today), sorted as a full check sorts them."""
    with paused_gc(), plan.read() as session:
        return scope_findings(session, rotation=rotation, mission=mission, on=on)[1]


def scope_findings(
    session: Session,
    *,
    rotation: str | None = None,
    mission: str | None = None,
    on: dt.date | None = None,
) -> tuple[Scope, list[Finding]]:
    """``check_scope`` within a session (the roster reads its rows in the same one)."""
    if (rotation is None) == (mission is None):
        raise PlannerError("A roster is of one rotation or of one mission on a date: name one.")
    if rotation is not None:
        target = _rotation_target(session, rotation)
    else:
        assert mission is not None
        target = _mission_target(session, mission, on or dt.date.today())
    people = {
        person_id: number
        for person_id, number in session.execute(
            select(Person.id, Person.service_number).where(
                Person.id.in_(select(Assignment.person_id).where(target.members).scalar_subquery())
            )
        )
    }
    scope = Scope(target.code, target.first, target.last, rotation, frozenset(people.values()))
    snapshot = _snapshot(Reader(session), set(people), target.mission_id)
    return scope, scope_check(snapshot, scope, set(people), target.mission_id, target.unit_id)


class _Target(NamedTuple):
    members: ColumnElement[bool]  # which assignments make the roster's people
    mission_id: int
    code: str  # the mission's
    first: dt.date
    last: dt.date
    unit_id: int | None  # a rotation's unit


def _rotation_target(session: Session, code: str) -> _Target:
    found = session.execute(
        select(
            Rotation.id,
            Rotation.unit_id,
            Rotation.starts_on,
            Rotation.ends_on,
            Mission.id,
            Mission.code,
        )
        .join(Unit, Unit.id == Rotation.unit_id)
        .join(Mission, Mission.id == Unit.mission_id)
        .where(Rotation.code == code)
    ).first()
    if found is None:
        raise NotFoundError(f"There is no rotation {code} in the plan.")
    rotation_id, unit_id, first, last, mission_id, mission_code = found
    members = and_(Assignment.rotation_id == rotation_id, Assignment.status != CANCELLED)
    return _Target(members, mission_id, mission_code, first, last, unit_id)


def _mission_target(session: Session, code: str, day: dt.date) -> _Target:
    mission_id = session.scalar(select(Mission.id).where(Mission.code == code))
    if mission_id is None:
        raise NotFoundError(f"There is no mission {code} in the plan.")
    # Cancelled rotations send nobody: their people are not on the mission that day.
    live_rotation = or_(
        Assignment.rotation_id.is_(None),
        Assignment.rotation_id.in_(
            select(Rotation.id).where(Rotation.status != CANCELLED).scalar_subquery()
        ),
    )
    members = and_(
        Assignment.mission_id == mission_id,
        Assignment.starts_on <= day,
        Assignment.ends_on >= day,
        Assignment.status != CANCELLED,
        live_rotation,
    )
    return _Target(members, mission_id, code, day, day, None)


def _snapshot(reader: Reader, people: set[int], mission_id: int) -> Snapshot:
    """The rows the scope's parts read: the plan's small tables whole; the people's
    persons, assignments, credentials and absences; every assignment on the mission."""
    missions = reader.missions()
    authorisations = reader.authorisations()
    mission_code = {m.id: m.code for m in missions}
    units = reader.units(mission_code)
    requirements = reader.requirements()
    kinds = credential_kinds(requirements)
    # The ids go into the SQL as literals (never user text): no IN list limits apply.
    theirs = sorted(people)
    assignments = reader.assignments(
        or_(Assignment.person_id.in_(theirs), Assignment.mission_id == mission_id)
    )
    coverage = ordered_coverage(reader.credentials(kinds, Credential.person_id.in_(theirs)), kinds)
    return Snapshot(
        missions=tuple(missions),
        authorisations=tuple(authorisations),
        authorised_missions=tuple(
            reader.authorised_missions({a.id: a.reference for a in authorisations}, mission_code)
        ),
        units=tuple(units),
        rotations=tuple(reader.rotations({u.id: u.code for u in units})),
        persons=reader.persons(Person.id.in_(theirs)),
        coverage=coverage,
        absences=reader.absences(Absence.person_id.in_(theirs)),
        assignments=assignments,
        settings=reader.settings(),
        requirements=requirements,
        gender_targets=reader.gender_targets(),
        ordered=True,
    )
