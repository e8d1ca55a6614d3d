"""One read of everything the rules need, as plain frozen rows (DESIGN.md section 3).

The rules never touch the database: ``load_snapshot`` runs a handful of SELECTs of plain
columns in one session (no ORM objects, no per-row queries), resolves the natural keys a
finding names (mission code, rotation code, service number, authorisation reference) and
returns immutable rows (see ``rows``). The ``read_*`` functions read one table, optionally
only some rows: the incremental checker rereads just the rows an edit changed.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Date, String, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

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
    Settings,
    Unit,
)
from planner.plan import Plan
from planner.rules.rows import (
    CANCELLED,
    DEFAULT_GENDER_TARGETS,
    DEFAULT_REQUIREMENTS,
    AbsenceRow,
    AssignmentRow,
    AuthorisationRow,
    AuthorisedMissionRow,
    CredentialRow,
    GenderTargetRow,
    MissionRow,
    PersonRow,
    Requirement,
    RotationRow,
    RuleSettings,
    UnitRow,
)

__all__ = [
    "CANCELLED",
    "AbsenceRow",
    "AssignmentRow",
    "AuthorisationRow",
    "AuthorisedMissionRow",
    "CredentialRow",
    "GenderTargetRow",
    "MissionRow",
    "PersonRow",
    "Requirement",
    "RotationRow",
    "RuleSettings",
    "Snapshot",
    "UnitRow",
    "load_snapshot",
]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Every row the rules read, frozen. Build one with ``load_snapshot`` or, in tests,
    directly."""

    missions: tuple[MissionRow, ...] = ()
    authorisations: tuple[AuthorisationRow, ...] = ()
    authorised_missions: tuple[AuthorisedMissionRow, ...] = ()
    units: tuple[UnitRow, ...] = ()
    rotations: tuple[RotationRow, ...] = ()
    persons: tuple[PersonRow, ...] = ()
    credentials: tuple[CredentialRow, ...] = ()
    absences: tuple[AbsenceRow, ...] = ()
    assignments: tuple[AssignmentRow, ...] = ()
    settings: RuleSettings = field(default_factory=RuleSettings)
    requirements: tuple[Requirement, ...] = DEFAULT_REQUIREMENTS
    gender_targets: tuple[GenderTargetRow, ...] = DEFAULT_GENDER_TARGETS
    # True when the rows come sorted as load_snapshot sorts them (assignments, absences
    # and credentials by person, then start (credentials: kind, then issue date);
    # rotations by unit, then start), so that the rules need not sort them again.
    ordered: bool = False
    # Derived structures (the rules' index, headcounts), built on first use.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cycle collector while tens of thousands of rows are made: it would run
    again and again over objects that all stay alive (reference counting still frees
    the rest). Its previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_snapshot(plan: Plan) -> Snapshot:
    """Read the whole plan as the rules see it, in one session."""
    with paused_gc(), plan.read() as session:
        return read_snapshot(session)


def read_snapshot(session: Session) -> Snapshot:
    reader = Reader(session)
    missions = reader.missions()
    authorisations = reader.authorisations()
    mission_code = {m.id: m.code for m in missions}
    reference = {a.id: a.reference for a in authorisations}
    units = reader.units(mission_code)
    rotations = reader.rotations({u.id: u.code for u in units})
    persons = reader.persons()
    assignments = reader.assignments(
        {p.id: p.service_number for p in persons},
        mission_code,
        {r.id: r for r in rotations},
    )
    return Snapshot(
        missions=tuple(missions),
        authorisations=tuple(authorisations),
        authorised_missions=tuple(reader.authorised_missions(reference, mission_code)),
        units=tuple(units),
        rotations=tuple(rotations),
        persons=tuple(persons),
        credentials=tuple(reader.credentials()),
        absences=tuple(reader.absences()),
        assignments=tuple(assignments),
        settings=reader.settings(),
        requirements=reader.requirements(),
        gender_targets=reader.gender_targets(),
        ordered=True,
    )


DateParser = Callable[[Any], dt.date]
Where = ColumnElement[bool] | None

# Rows are made with tuple.__new__ directly: the NamedTuple constructor is a Python
# function, and these loops run once for every row of the plan.
_new = tuple.__new__


def _raw(*columns: Any) -> list[ColumnElement[Any]]:
    # Dates are read as they are stored and parsed here: SQLAlchemy's per-value date
    # processing costs more than the rest of the read on a large plan.
    return [type_coerce(c, String) if isinstance(c.type, Date) else c for c in columns]


class Reader:
    """Reads tables into rows; ``where`` limits a read to some rows."""

    def __init__(self, session: Session) -> None:
        self.session = session
        if session.get_bind().dialect.name == "sqlite":
            self.day: DateParser = dt.date.fromisoformat  # SQLite stores ISO text
        else:
            self.day = lambda value: value  # PostgreSQL hands back dates

    def _rows(self, columns: Sequence[Any], where: Where, order_by: Sequence[Any]) -> Any:
        statement = select(*_raw(*columns)).order_by(*order_by)
        if where is not None:
            statement = statement.where(where)
        return self.session.connection().execute(statement).all()

    def _opt(self, value: Any) -> dt.date | None:
        return self.day(value) if value is not None else None

    def missions(self) -> list[MissionRow]:
        columns = (
            Mission.id,
            Mission.code,
            Mission.name,
            Mission.language,
            Mission.mandate_start,
            Mission.mandate_end,
        )
        opt = self._opt
        return [
            MissionRow(i, code, name, language or "", opt(start), opt(end))
            for i, code, name, language, start, end in self._rows(columns, None, (Mission.id,))
        ]

    def authorisations(self) -> list[AuthorisationRow]:
        columns = (
            Authorisation.id,
            Authorisation.reference,
            Authorisation.title,
            Authorisation.adopted_on,
            Authorisation.valid_from,
            Authorisation.valid_until,
            Authorisation.total_ceiling,
        )
        day, opt = self.day, self._opt
        return [
            AuthorisationRow(i, ref, title or "", day(adopted), day(start), opt(until), total)
            for i, ref, title, adopted, start, until, total in self._rows(
                columns, None, (Authorisation.id,)
            )
        ]

    def authorised_missions(
        self, reference: dict[int, str], mission_code: dict[int, str]
    ) -> list[AuthorisedMissionRow]:
        columns = (
            AuthorisedMission.id,
            AuthorisedMission.authorisation_id,
            AuthorisedMission.mission_id,
            AuthorisedMission.ceiling,
            AuthorisedMission.categories,
        )
        return [
            AuthorisedMissionRow(
                i, a, m, ceiling, split_categories(cats), reference[a], mission_code[m]
            )
            for i, a, m, ceiling, cats in self._rows(columns, None, (AuthorisedMission.id,))
        ]

    def units(self, mission_code: dict[int, str]) -> list[UnitRow]:
        columns = (
            Unit.id,
            Unit.code,
            Unit.name,
            Unit.mission_id,
            Unit.strength,
            Unit.handover_days,
        )
        return [
            UnitRow(i, code, name, m, strength, handover, mission_code[m])
            for i, code, name, m, strength, handover in self._rows(columns, None, (Unit.id,))
        ]

    def rotations(self, unit_code: dict[int, str], where: Where = None) -> list[RotationRow]:
        columns = (
            Rotation.id,
            Rotation.code,
            Rotation.unit_id,
            Rotation.number,
            Rotation.starts_on,
            Rotation.ends_on,
            Rotation.status,
        )
        order = (Rotation.unit_id, Rotation.starts_on, Rotation.id)
        day = self.day
        made: list[RotationRow] = []
        for i, code, u, number, start, end, status in self._rows(columns, where, order):
            starts_on, ends_on = day(start), day(end)
            made.append(
                _new(
                    RotationRow,
                    (
                        i,
                        code,
                        u,
                        number,
                        starts_on,
                        ends_on,
                        status,
                        unit_code.get(u, "?"),
                        starts_on.toordinal(),
                        ends_on.toordinal(),
                    ),
                )
            )
        return made

    def persons(self, where: Where = None) -> list[PersonRow]:
        columns = (
            Person.id,
            Person.service_number,
            Person.surname,
            Person.given_name,
            Person.sex,
            Person.birth_date,
            Person.rank,
            Person.commissioned_on,
            Person.languages,
        )
        opt = self._opt
        return [
            _new(PersonRow, (i, sn, surname, given, sex, opt(born), rank, opt(comm), langs or ""))
            for i, sn, surname, given, sex, born, rank, comm, langs in self._rows(
                columns, where, (Person.id,)
            )
        ]

    def credentials(self, where: Where = None) -> list[CredentialRow]:
        columns = (
            Credential.id,
            Credential.person_id,
            Credential.kind,
            Credential.issued_on,
            Credential.expires_on,
            Credential.reference,
        )
        # By issue date within a kind (no date first: valid from always), so that the
        # spans merge in one pass.
        order = (
            Credential.person_id,
            Credential.kind,
            Credential.issued_on.nulls_first(),
            Credential.id,
        )
        day = self.day
        made: list[CredentialRow] = []
        for i, p, kind, issued, expires, ref in self._rows(columns, where, order):
            issued_on = day(issued) if issued is not None else None
            expires_on = day(expires)
            made.append(
                _new(
                    CredentialRow,
                    (
                        i,
                        p,
                        kind,
                        issued_on,
                        expires_on,
                        ref or "",
                        issued_on.toordinal() if issued_on is not None else 1,
                        expires_on.toordinal(),
                    ),
                )
            )
        return made

    def absences(self, where: Where = None) -> list[AbsenceRow]:
        columns = (
            Absence.id,
            Absence.person_id,
            Absence.starts_on,
            Absence.ends_on,
            Absence.reason,
        )
        order = (Absence.person_id, Absence.starts_on, Absence.id)
        day = self.day
        made: list[AbsenceRow] = []
        for i, p, start, end, reason in self._rows(columns, where, order):
            starts_on, ends_on = day(start), day(end)
            made.append(
                _new(
                    AbsenceRow,
                    (
                        i,
                        p,
                        starts_on,
                        ends_on,
                        reason or "",
                        starts_on.toordinal(),
                        ends_on.toordinal(),
                    ),
                )
            )
        return made

    def assignments(
        self,
        service_number: dict[int, str],
        mission_code: dict[int, str],
        rotation_of: dict[int, RotationRow],
        where: Where = None,
    ) -> list[AssignmentRow]:
        """Assignments with their natural keys and whether they count (neither they nor
        their rotation cancelled), by person, then first day, then id."""
        columns = (
            Assignment.id,
            Assignment.person_id,
            Assignment.mission_id,
            Assignment.rotation_id,
            Assignment.category,
            Assignment.role,
            Assignment.starts_on,
            Assignment.ends_on,
            Assignment.status,
        )
        order = (Assignment.person_id, Assignment.starts_on, Assignment.id)
        day = self.day
        made: list[AssignmentRow] = []
        append = made.append
        for i, p, m, r, category, role, start, end, status in self._rows(columns, where, order):
            starts_on = day(start)
            ends_on = day(end)
            rotation = rotation_of.get(r) if r is not None else None
            append(
                _new(
                    AssignmentRow,
                    (
                        i,
                        p,
                        m,
                        r,
                        category,
                        role or "",
                        starts_on,
                        ends_on,
                        status,
                        service_number.get(p, "?"),
                        mission_code.get(m, "?"),
                        rotation.code if rotation is not None else None,
                        starts_on.toordinal(),
                        ends_on.toordinal(),
                        status != CANCELLED and (rotation is None or rotation.status != CANCELLED),
                    ),
                )
            )
        return made

    def settings(self) -> RuleSettings:
        row = (
            self.session.connection()
            .execute(
                select(
                    Settings.min_rest_days,
                    Settings.passport_margin_days,
                    Settings.language_min_level,
                    Settings.individual_min_age,
                    Settings.individual_max_age,
                    Settings.min_years_commissioned,
                    Settings.min_rank,
                ).where(Settings.id == 1)
            )
            .first()
        )
        return RuleSettings(*row) if row is not None else RuleSettings()

    def requirements(self) -> tuple[Requirement, ...]:
        rows = self.session.connection().execute(
            select(
                CredentialRequirement.kind,
                CredentialRequirement.applies_to,
                CredentialRequirement.span,
            ).order_by(CredentialRequirement.id)
        )
        return tuple(Requirement(*row) for row in rows)

    def gender_targets(self) -> tuple[GenderTargetRow, ...]:
        rows = self.session.connection().execute(
            select(GenderTarget.year, GenderTarget.group, GenderTarget.target_share).order_by(
                GenderTarget.year, GenderTarget.group
            )
        )
        return tuple(GenderTargetRow(*row) for row in rows)
