"""A focused check: the findings that concern one roster (DESIGN.md section 4), without
checking the whole plan.

A roster is one rotation, or everyone on a mission on a date. The findings that concern
it are those of its rotation, those of its people over its days, and those of its
mission as a whole (its ceiling) over its days (``Scope.concerns``). Each comes from a
part of the check that reads only some rows (see ``parts``): a person's findings read
that person's rows; a mission's ceiling reads the assignments on that mission; a
rotation's findings read its unit's rotations. ``check_scope`` reads just those rows
and runs just those parts, with the same functions as the full check, so it returns
exactly the full check's findings that concern the roster.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import NamedTuple

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from planner.errors import NotFoundError, PlannerError
from planner.models import Absence, Assignment, Credential, Mission, Person, Rotation, Unit
from planner.plan import Plan
from planner.rules.authorisations import mission_ceiling_findings
from planner.rules.coverage import ordered_coverage
from planner.rules.findings import Finding, sort_findings
from planner.rules.headcount import Headcounts, person_pieces
from planner.rules.index import Index
from planner.rules.parts import Context, check_unit, counted_of, person_findings, scan
from planner.rules.rotations import roster_sizes
from planner.rules.rows import CANCELLED
from planner.rules.snapshot import Reader, Snapshot, credential_kinds, paused_gc

__all__ = ["Scope", "check_scope", "scope_findings"]


@dataclass(frozen=True)
class Scope:
    """What a roster covers: its mission (code), its days, its rotation (code, for a
    rotation's roster) and its people (service numbers)."""

    mission: str
    first: dt.date
    last: dt.date
    rotation: str | None
    persons: frozenset[str]

    def concerns(self, finding: Finding) -> bool:
        """Whether a finding concerns the roster: one of its rotation; one of its people
        on its days; one of its mission as a whole (no person, no rotation) on its days."""
        if self.rotation is not None and finding.rotation == self.rotation:
            return True
        if finding.person is not None:
            if finding.person not in self.persons:
                return False
        elif finding.mission != self.mission or finding.rotation is not None:
            return False
        first, last = self._days
        return (finding.start or first) <= last and (finding.end or last) >= first

    @cached_property
    def _days(self) -> tuple[str, str]:
        return self.first.isoformat(), self.last.isoformat()


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
    ix = _index(Reader(session), set(people), target.mission_id)
    return scope, _check(ix, scope, set(people), target.mission_id, target.unit_id)


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


def _index(reader: Reader, people: set[int], mission_id: int) -> Index:
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
    snapshot = Snapshot(
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
    return Index(snapshot)


def _check(
    ix: Index, scope: Scope, people: set[int], mission_id: int, unit_id: int | None
) -> list[Finding]:
    """The parts whose findings can concern the scope, filtered by it."""
    ctx = Context.of(ix)
    found: list[Finding] = []
    mine = [a for person_id in sorted(people) for a in counted_of(ix, person_id)]
    for person_id, doubts in scan(ix, ctx, mine).items():
        found.extend(person_findings(ix, ctx, person_id, counted_of(ix, person_id), doubts))
    # The mission's ceiling: its headcount from everyone on it (each person's pieces on
    # this mission only; the index holds everyone's assignments on it).
    on_mission = chain.from_iterable(
        person_pieces(a for a in rows if a.mission_id == mission_id)
        for rows in ix.by_person.values()
    )
    runs = Headcounts.build(ix, (), on_mission).runs.get(mission_id, [])
    found.extend(mission_ceiling_findings(scope.mission, runs, ix.timeline(mission_id)))
    if unit_id is not None:
        # The rotation's own roster size is exact: all its members are in ``people``.
        sizes = roster_sizes(chain.from_iterable(ix.by_person.get(p, ()) for p in sorted(people)))
        found.extend(check_unit(ix, unit_id, sizes))
    return sort_findings([f for f in found if scope.concerns(f)])
