"""Reading a plan as the rules see it: one Snapshot of plain frozen rows.

``load_snapshot`` runs a handful of SELECTs of plain columns in one session (no ORM
objects, no per-row queries) and returns immutable rows (``planner.rules.rows``). Only
what the rules read is read: day numbers rather than dates (the database computes them),
only the credential kinds the requirements name, assignments without their natural keys
(findings look those up). The ``Reader`` methods read one table, optionally only some
rows: the checker rereads just the rows an edit changed (``planner.queries.patch``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Integer, Select, and_, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

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
from planner.rules.coverage import Coverage, ordered_coverage
from planner.rules.rows import (
    CANCELLED,
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
from planner.rules.snapshot import Snapshot, credential_kinds, paused_gc

__all__ = ["Reader", "Where", "day_number", "load_snapshot", "read_snapshot"]

Where = ColumnElement[bool] | None


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
    requirements = reader.requirements()
    kinds = credential_kinds(requirements)
    return Snapshot(
        missions=tuple(missions),
        authorisations=tuple(authorisations),
        authorised_missions=tuple(reader.authorised_missions(reference, mission_code)),
        units=tuple(units),
        rotations=tuple(reader.rotations({u.id: u.code for u in units})),
        persons=reader.persons(),
        coverage=reader.coverage(kinds),
        absences=reader.absences(),
        assignments=reader.assignments(),
        settings=reader.settings(),
        requirements=requirements,
        gender_targets=reader.gender_targets(),
        ordered=True,
    )


class day_number(FunctionElement[int]):
    """The day ordinal (``date.toordinal()``) of a date column, computed by the database:
    parsing dates row by row in Python would cost more than reading them."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _sqlite_day(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite stores ISO text; the Julian day of 0001-01-01 is 1721425.5 (ordinal 1).
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 1721424.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _postgresql_day(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(({compiler.process(element.clauses, **kw)}) - DATE '0001-01-01' + 1)"


def _date(ordinal: int | None) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal is not None else None


# NamedTuple rows are made from the driver's tuples by tuple.__new__ itself, in C: the
# NamedTuple constructor is a Python function, and these run once per row of the plan.
_assignment_row = partial(tuple.__new__, AssignmentRow)


class Reader:
    """Reads tables into rows; ``where`` limits a read to some rows.

    The large tables are read through the driver's own cursor, with the day numbers
    computed by the database: SQLAlchemy's per-row result processing would cost more
    than the rest of the read on a large plan."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.connection = session.connection()
        self.dialect = self.connection.dialect

    def fetch(self, statement: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        with self.cursor(statement) as cursor:
            return cast(list[tuple[Any, ...]], cursor.fetchall())  # a list, from both drivers

    @contextmanager
    def cursor(self, statement: Select[*tuple[Any, ...]]) -> Iterator[Any]:
        """The driver's cursor over ``statement``'s rows (plain tuples)."""
        sql = str(statement.compile(dialect=self.dialect, compile_kwargs={"literal_binds": True}))
        cursor = self.connection.connection.cursor()
        try:
            cursor.execute(sql)
            yield cursor
        finally:
            cursor.close()

    def _rows(self, columns: Sequence[Any], where: Where, order_by: Sequence[Any]) -> Any:
        statement = select(*columns).order_by(*order_by)
        if where is not None:
            statement = statement.where(where)
        return self.fetch(statement)

    def missions(self) -> list[MissionRow]:
        columns = (
            Mission.id,
            Mission.code,
            Mission.name,
            Mission.language,
            day_number(Mission.mandate_start),
            day_number(Mission.mandate_end),
        )
        return [
            MissionRow(i, code, name, language or "", _date(start), _date(end))
            for i, code, name, language, start, end in self._rows(columns, None, (Mission.id,))
        ]

    def authorisations(self) -> list[AuthorisationRow]:
        columns = (
            Authorisation.id,
            Authorisation.reference,
            Authorisation.title,
            day_number(Authorisation.adopted_on),
            day_number(Authorisation.valid_from),
            day_number(Authorisation.valid_until),
            Authorisation.total_ceiling,
        )
        day = dt.date.fromordinal
        return [
            AuthorisationRow(i, ref, title or "", day(adopted), day(start), _date(until), total)
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

    def rotations(self, unit_code: Mapping[int, str], where: Where = None) -> list[RotationRow]:
        columns = (
            Rotation.id,
            Rotation.code,
            Rotation.unit_id,
            Rotation.number,
            day_number(Rotation.starts_on),
            day_number(Rotation.ends_on),
            Rotation.status,
        )
        order = (Rotation.unit_id, Rotation.starts_on, Rotation.id)
        day = dt.date.fromordinal
        return [
            RotationRow(
                i,
                code,
                u,
                number,
                day(first),
                day(last),
                status,
                unit_code.get(u, "?"),
                first,
                last,
            )
            for i, code, u, number, first, last, status in self._rows(columns, where, order)
        ]

    def persons(self, where: Where = None) -> tuple[PersonRow, ...]:
        columns = (
            Person.id,
            Person.service_number,
            Person.surname,
            Person.given_name,
            Person.sex,
            day_number(Person.birth_date),
            Person.rank,
            day_number(Person.commissioned_on),
            Person.languages,
        )
        day = dt.date.fromordinal
        return tuple(
            _new(
                PersonRow,
                (
                    i,
                    sn,
                    surname,
                    given,
                    sex,
                    day(born) if born is not None else None,
                    rank,
                    day(comm) if comm is not None else None,
                    langs or "",
                ),
            )
            for i, sn, surname, given, sex, born, rank, comm, langs in self._rows(
                columns, where, (Person.id,)
            )
        )

    def credentials(self, kinds: Sequence[str], where: Where = None) -> list[CredentialRow]:
        """The credentials of ``kinds`` (those the requirements name: no other kind
        matters to the rules), each as (person id, kind, first, last) with the kind as
        its index in ``kinds`` (a small int the driver need not make a string for), by
        person, kind and first day, so that coverage merges in one pass."""
        if not kinds:
            return []
        rows: list[Any] = self.fetch(self._credentials(kinds, where))
        return rows

    def coverage(self, kinds: Sequence[str]) -> dict[int, dict[str, Coverage]]:
        """Everyone's coverage (see ``index.ordered_coverage``), merged as the rows come:
        the plan's many credentials are never all in memory at once."""
        if not kinds:
            return {}
        with self.cursor(self._credentials(kinds, None)) as cursor:
            return ordered_coverage(cursor, kinds)

    def _credentials(self, kinds: Sequence[str], where: Where) -> Select[int, int, int, int]:
        kind = case({kind: code for code, kind in enumerate(kinds)}, value=Credential.kind)
        first = func.coalesce(day_number(Credential.issued_on), 1)  # no issue date: always
        condition: ColumnElement[bool] = Credential.kind.in_(kinds)
        if where is not None:
            condition = and_(condition, where)
        return (
            select(Credential.person_id, kind, first, day_number(Credential.expires_on))
            .where(condition)
            .order_by(Credential.person_id, kind, first)
        )

    def absences(self, where: Where = None) -> list[AbsenceRow]:
        columns = (
            Absence.person_id,
            day_number(Absence.starts_on),
            day_number(Absence.ends_on),
            Absence.reason,
        )
        order = (Absence.person_id, Absence.starts_on, Absence.id)
        return [
            AbsenceRow(p, first, last, reason or "")
            for p, first, last, reason in self._rows(columns, where, order)
        ]

    def assignments(self, where: Where = None) -> list[AssignmentRow]:
        """Assignments and whether they count (neither they nor their rotation
        cancelled), by person, then first day, then id."""
        cancelled_rotations = select(Rotation.id).where(Rotation.status == CANCELLED)
        counted = and_(
            Assignment.status != CANCELLED,
            or_(
                Assignment.rotation_id.is_(None),
                Assignment.rotation_id.not_in(cancelled_rotations.scalar_subquery()),
            ),
        )
        columns = (
            Assignment.id,
            Assignment.person_id,
            Assignment.mission_id,
            Assignment.rotation_id,
            Assignment.category,
            day_number(Assignment.starts_on),
            day_number(Assignment.ends_on),
            counted,
        )
        statement = select(*columns)
        if where is not None:
            statement = statement.where(where)
        rows = self.fetch(statement)
        rows.sort(key=_by_person_start)
        return list(map(_assignment_row, rows))

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


_by_person_start = itemgetter(1, 5, 0)  # person, first day, id
_new = tuple.__new__
