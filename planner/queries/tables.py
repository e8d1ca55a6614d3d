"""The rows the window's tables show: one SELECT per table, plain tuples, no ORM objects.

Each loader returns a ``Table``: its columns (key, label, kind) and rows shaped
``(id, version, *values)`` in column order. Reference ids are resolved to natural keys in
the same SELECT (joins), so a view never needs a second query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from sqlalchemy import Executable, distinct, func, or_, select
from sqlalchemy.orm import Session, aliased

from planner.domain import split_categories
from planner.models import (
    Absence,
    Assignment,
    Authorisation,
    AuthorisedMission,
    Credential,
    CredentialRequirement,
    GenderTarget,
    Mission,
    Person,
    Rotation,
    Unit,
)

ColumnKind = Literal["text", "int", "date", "rank", "share"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Table:
    """Rows of one entity as shown in a table: ``(id, version, *values)``."""

    entity: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def _c(key: str, label: str, kind: ColumnKind = "text") -> Column:
    return Column(key, label, kind)


MISSION_COLUMNS: Final = (
    _c("code", "Code"),
    _c("name", "Name"),
    _c("area", "Area"),
    _c("language", "Language"),
    _c("mandate_start", "Mandate start", "date"),
    _c("mandate_end", "Mandate end", "date"),
)
AUTHORISATION_COLUMNS: Final = (
    _c("reference", "Reference"),
    _c("title", "Title"),
    _c("adopted_on", "Adopted on", "date"),
    _c("valid_from", "Valid from", "date"),
    _c("valid_until", "Valid until", "date"),
    _c("total_ceiling", "Total ceiling", "int"),
    _c("missions", "Missions (ceiling)"),
)
AUTHORISED_MISSION_COLUMNS: Final = (
    _c("mission", "Mission"),
    _c("mission_name", "Name"),
    _c("ceiling", "Ceiling", "int"),
    _c("categories", "Categories"),
)
MISSION_AUTHORISATION_COLUMNS: Final = (
    _c("reference", "Authorisation"),
    _c("adopted_on", "Adopted on", "date"),
    _c("valid_from", "Valid from", "date"),
    _c("valid_until", "Valid until", "date"),
    _c("ceiling", "Ceiling", "int"),
    _c("categories", "Categories"),
)
UNIT_COLUMNS: Final = (
    _c("code", "Code"),
    _c("name", "Name"),
    _c("mission", "Mission"),
    _c("strength", "Strength", "int"),
    _c("partner", "Partner"),
    _c("tour_months", "Tour months", "int"),
    _c("handover_days", "Handover days", "int"),
)
ROTATION_COLUMNS: Final = (
    _c("code", "Code"),
    _c("unit", "Unit"),
    _c("number", "No.", "int"),
    _c("starts_on", "Starts on", "date"),
    _c("ends_on", "Ends on", "date"),
    _c("status", "Status"),
    _c("roster", "Roster", "int"),
)
PERSON_COLUMNS: Final = (
    _c("service_number", "Service number"),
    _c("rank", "Rank", "rank"),
    _c("surname", "Surname"),
    _c("given_name", "Given name"),
    _c("patronymic", "Patronymic"),
    _c("sex", "Sex"),
    _c("birth_date", "Birth date", "date"),
    _c("specialty", "Specialty"),
    _c("commissioned_on", "Commissioned on", "date"),
    _c("languages", "Languages"),
)
CREDENTIAL_COLUMNS: Final = (
    _c("kind", "Kind"),
    _c("issued_on", "Issued on", "date"),
    _c("expires_on", "Expires on", "date"),
    _c("reference", "Reference"),
)
ABSENCE_COLUMNS: Final = (
    _c("starts_on", "From", "date"),
    _c("ends_on", "To", "date"),
    _c("reason", "Reason"),
)
PERSON_ASSIGNMENT_COLUMNS: Final = (
    _c("mission", "Mission"),
    _c("rotation", "Rotation"),
    _c("category", "Category"),
    _c("role", "Role"),
    _c("starts_on", "Starts on", "date"),
    _c("ends_on", "Ends on", "date"),
    _c("status", "Status"),
)
ROSTER_COLUMNS: Final = (
    _c("service_number", "Service number"),
    _c("rank", "Rank", "rank"),
    _c("surname", "Surname"),
    _c("given_name", "Given name"),
    _c("category", "Category"),
    _c("role", "Role"),
    _c("starts_on", "From", "date"),
    _c("ends_on", "To", "date"),
    _c("status", "Status"),
)
ON_MISSION_COLUMNS: Final = (
    _c("service_number", "Service number"),
    _c("rank", "Rank", "rank"),
    _c("surname", "Surname"),
    _c("given_name", "Given name"),
    _c("category", "Category"),
    _c("rotation", "Rotation"),
    _c("role", "Role"),
    _c("starts_on", "From", "date"),
    _c("ends_on", "To", "date"),
    _c("status", "Status"),
)
REQUIREMENT_COLUMNS: Final = (
    _c("kind", "Kind"),
    _c("applies_to", "Applies to"),
    _c("span", "Must be valid"),
)
GENDER_TARGET_COLUMNS: Final = (
    _c("year", "Year", "int"),
    _c("group", "Group"),
    _c("target_share", "Target share", "share"),
)


def _rows(session: Session, query: Executable) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session.execute(query)]


def missions(session: Session) -> Table:
    m = Mission
    query = select(
        m.id, m.version, m.code, m.name, m.area, m.language, m.mandate_start, m.mandate_end
    ).order_by(m.code)
    return Table("mission", MISSION_COLUMNS, _rows(session, query))


def authorisations(session: Session) -> Table:
    """Authorisations with a summary of the missions each lists (two SELECTs, no loop)."""
    a = Authorisation
    listed: dict[int, list[str]] = {}
    for authorisation_id, code, ceiling in session.execute(
        select(AuthorisedMission.authorisation_id, Mission.code, AuthorisedMission.ceiling)
        .join(Mission, Mission.id == AuthorisedMission.mission_id)
        .order_by(Mission.code)
    ):
        shown = code if ceiling is None else f"{code} {ceiling}"
        listed.setdefault(authorisation_id, []).append(shown)
    rows = [
        (*row, ", ".join(listed.get(row[0], ())))
        for row in session.execute(
            select(
                a.id,
                a.version,
                a.reference,
                a.title,
                a.adopted_on,
                a.valid_from,
                a.valid_until,
                a.total_ceiling,
            ).order_by(a.adopted_on, a.reference)
        )
    ]
    return Table("authorisation", AUTHORISATION_COLUMNS, rows)


def authorised_missions(session: Session, authorisation_id: int) -> Table:
    am = AuthorisedMission
    query = (
        select(am.id, am.version, Mission.code, Mission.name, am.ceiling, am.categories)
        .join(Mission, Mission.id == am.mission_id)
        .where(am.authorisation_id == authorisation_id)
        .order_by(Mission.code)
    )
    rows = [
        (*row[:5], ", ".join(sorted(split_categories(row[5]))) or "all")
        for row in session.execute(query)
    ]
    return Table("authorised_mission", AUTHORISED_MISSION_COLUMNS, rows)


def mission_authorisations(session: Session, mission_id: int) -> Table:
    """The authorisations that list a mission, with the ceiling each gives it."""
    a, am = Authorisation, AuthorisedMission
    query = (
        select(
            a.id,
            a.version,
            a.reference,
            a.adopted_on,
            a.valid_from,
            a.valid_until,
            am.ceiling,
            am.categories,
        )
        .join(am, am.authorisation_id == a.id)
        .where(am.mission_id == mission_id)
        .order_by(a.adopted_on, a.reference)
    )
    rows = [
        (*row[:7], ", ".join(sorted(split_categories(row[7]))) or "all")
        for row in session.execute(query)
    ]
    return Table("authorisation", MISSION_AUTHORISATION_COLUMNS, rows)


def units(session: Session, mission_id: int | None = None) -> Table:
    """Units (of one mission, or all) with their mission's code."""
    u = Unit
    query = (
        select(
            u.id,
            u.version,
            u.code,
            u.name,
            Mission.code,
            u.strength,
            u.partner,
            u.tour_months,
            u.handover_days,
        )
        .join(Mission, Mission.id == u.mission_id)
        .order_by(u.code)
    )
    if mission_id is not None:
        query = query.where(u.mission_id == mission_id)
    return Table("unit", UNIT_COLUMNS, _rows(session, query))


def unit_of_rotation(session: Session, rotation_code: str) -> str | None:
    """The code of the unit a rotation belongs to (to show a rotation a finding names)."""
    return session.scalar(
        select(Unit.code)
        .join(Rotation, Rotation.unit_id == Unit.id)
        .where(Rotation.code == rotation_code)
    )


def rotations(session: Session, unit_id: int | None = None) -> Table:
    """Rotations (of one unit, or all) with the size of their roster, counted in the same
    SELECT as the strength rule and the facts count it: distinct people with a
    non-cancelled assignment on it."""
    r = Rotation
    roster = (
        select(Assignment.rotation_id, func.count(distinct(Assignment.person_id)).label("n"))
        .where(Assignment.status != "cancelled", Assignment.rotation_id.is_not(None))
        .group_by(Assignment.rotation_id)
        .subquery()
    )
    query = (
        select(
            r.id,
            r.version,
            r.code,
            Unit.code,
            r.number,
            r.starts_on,
            r.ends_on,
            r.status,
            func.coalesce(roster.c.n, 0),
        )
        .join(Unit, Unit.id == r.unit_id)
        .outerjoin(roster, roster.c.rotation_id == r.id)
        .order_by(r.starts_on, r.code)
    )
    if unit_id is not None:
        query = query.where(r.unit_id == unit_id)
    return Table("rotation", ROTATION_COLUMNS, _rows(session, query))


def roster(session: Session, rotation_id: int) -> Table:
    """The assignments of one rotation, with who they are."""
    a, p = Assignment, Person
    query = (
        select(
            a.id,
            a.version,
            p.service_number,
            p.rank,
            p.surname,
            p.given_name,
            a.category,
            a.role,
            a.starts_on,
            a.ends_on,
            a.status,
        )
        .join(p, p.id == a.person_id)
        .where(a.rotation_id == rotation_id)
        .order_by(p.surname, p.given_name)
    )
    return Table("assignment", ROSTER_COLUMNS, _rows(session, query))


def on_mission(session: Session, mission_id: int, day: dt.date) -> Table:
    """Who is on a mission on ``day``: its non-cancelled assignments covering that day."""
    a, p = Assignment, Person
    rotation = aliased(Rotation)
    query = (
        select(
            a.id,
            a.version,
            p.service_number,
            p.rank,
            p.surname,
            p.given_name,
            a.category,
            rotation.code,
            a.role,
            a.starts_on,
            a.ends_on,
            a.status,
        )
        .join(p, p.id == a.person_id)
        .outerjoin(rotation, rotation.id == a.rotation_id)
        .where(
            a.mission_id == mission_id,
            a.status != "cancelled",
            a.starts_on <= day,
            a.ends_on >= day,
            or_(rotation.id.is_(None), rotation.status != "cancelled"),
        )
        .order_by(p.surname, p.given_name)
    )
    return Table("assignment", ON_MISSION_COLUMNS, _rows(session, query))


def personnel(session: Session, ids: Collection[int] | None = None) -> Table:
    """Everyone, or only the people with ``ids`` (to patch a table after an edit)."""
    p = Person
    query = select(
        p.id,
        p.version,
        p.service_number,
        p.rank,
        p.surname,
        p.given_name,
        p.patronymic,
        p.sex,
        p.birth_date,
        p.specialty,
        p.commissioned_on,
        p.languages,
    ).order_by(p.surname, p.given_name, p.service_number)
    if ids is not None:
        query = query.where(p.id.in_(list(ids)))
    return Table("person", PERSON_COLUMNS, _rows(session, query))


def credentials(session: Session, person_id: int) -> Table:
    c = Credential
    query = (
        select(c.id, c.version, c.kind, c.issued_on, c.expires_on, c.reference)
        .where(c.person_id == person_id)
        .order_by(c.kind, c.expires_on)
    )
    return Table("credential", CREDENTIAL_COLUMNS, _rows(session, query))


def absences(session: Session, person_id: int) -> Table:
    a = Absence
    query = (
        select(a.id, a.version, a.starts_on, a.ends_on, a.reason)
        .where(a.person_id == person_id)
        .order_by(a.starts_on)
    )
    return Table("absence", ABSENCE_COLUMNS, _rows(session, query))


def person_assignments(session: Session, person_id: int) -> Table:
    a = Assignment
    rotation = aliased(Rotation)
    query = (
        select(
            a.id,
            a.version,
            Mission.code,
            rotation.code,
            a.category,
            a.role,
            a.starts_on,
            a.ends_on,
            a.status,
        )
        .join(Mission, Mission.id == a.mission_id)
        .outerjoin(rotation, rotation.id == a.rotation_id)
        .where(a.person_id == person_id)
        .order_by(a.starts_on)
    )
    return Table("assignment", PERSON_ASSIGNMENT_COLUMNS, _rows(session, query))


def credential_requirements(session: Session) -> Table:
    r = CredentialRequirement
    query = select(r.id, r.version, r.kind, r.applies_to, r.span).order_by(r.kind, r.applies_to)
    return Table("credential_requirement", REQUIREMENT_COLUMNS, _rows(session, query))


def gender_targets(session: Session) -> Table:
    g = GenderTarget
    query = select(g.id, g.version, g.year, g.group, g.target_share).order_by(g.year, g.group)
    return Table("gender_target", GENDER_TARGET_COLUMNS, _rows(session, query))


# What a reference field shows for each entity it can point to: the natural key, and for
# people their name too (a service number alone means little to a planner).
_CHOICE_QUERIES: Final[dict[str, Callable[[], Executable]]] = {
    "mission": lambda: select(Mission.id, Mission.code).order_by(Mission.code),
    "authorisation": lambda: select(Authorisation.id, Authorisation.reference).order_by(
        Authorisation.adopted_on, Authorisation.reference
    ),
    "unit": lambda: select(Unit.id, Unit.code).order_by(Unit.code),
    "rotation": lambda: select(Rotation.id, Rotation.code).order_by(Rotation.code),
    "person": lambda: select(
        Person.id,
        Person.service_number
        + " — "
        + Person.rank
        + " "
        + Person.surname
        + " "
        + Person.given_name,
    ).order_by(Person.service_number),
}


def ref_choices(session: Session, entity: str) -> list[tuple[int, str]]:
    """``(id, label)`` of every row a reference to ``entity`` may name, in one SELECT."""
    return [(int(row[0]), str(row[1])) for row in session.execute(_CHOICE_QUERIES[entity]())]


def choice_key(label: str) -> str:
    """The natural key at the start of a choice label (a person's service number)."""
    return label.split(" — ", 1)[0].strip()


def roster_choices(session: Session) -> tuple[list[str], list[str]]:
    """(rotation codes, mission codes), sorted: what a roster can be of."""
    rotations = list(session.scalars(select(Rotation.code).order_by(Rotation.code)))
    missions = list(session.scalars(select(Mission.code).order_by(Mission.code)))
    return rotations, missions
