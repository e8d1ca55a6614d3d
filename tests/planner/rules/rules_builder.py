"""A small builder for hand-made plans in the rules tests: rows, as a snapshot holds them
(no database), with defaults that break no rule unless a test asks for it.

Its methods are those of ``tests/planner/plan_builder.PlanBuild`` (which writes the same
plans through the services into SQLite), and it fills in what the services would: an
assignment on a rotation takes the rotation's dates and mission unless given."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from planner.domain import split_categories
from planner.rules.engine import check
from planner.rules.findings import Finding
from planner.rules.rows import (
    DEFAULT_GENDER_TARGETS,
    DEFAULT_REQUIREMENTS,
    AbsenceRow,
    AssignmentRow,
    AuthorisationRow,
    AuthorisedMissionRow,
    CredentialRow,
    MissionRow,
    PersonRow,
    Requirement,
    RotationRow,
    RuleSettings,
    UnitRow,
    make_absence,
    make_assignment,
    make_credential,
    make_rotation,
)
from planner.rules.snapshot import Snapshot

D = dt.date
MANDATE_START = D(1990, 1, 1)
BORN = D(1985, 6, 15)
COMMISSIONED = D(2007, 7, 1)
KINDS = ("passport", "medical", "predeployment-training", "screening", "driving-licence")


class Build:
    """Rows by natural key, with ids given in order of making."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.missions: list[MissionRow] = []
        self.authorisations: list[AuthorisationRow] = []
        self.authorised: list[AuthorisedMissionRow] = []
        self.units: list[UnitRow] = []
        self.rotations: list[RotationRow] = []
        self.persons: list[PersonRow] = []
        self.credentials: list[CredentialRow] = []
        self.absences: list[AbsenceRow] = []
        self.assignments: list[AssignmentRow] = []
        self.rule_settings = RuleSettings()
        self.requirements: tuple[Requirement, ...] = DEFAULT_REQUIREMENTS

    def _id(self, entity: str, key: str) -> int:
        row_id = sum(1 for e, _ in self.ids if e == entity) + 1
        self.ids[(entity, key)] = row_id
        return row_id

    def id(self, entity: str, key: str) -> int:
        return self.ids[(entity, key)]

    def mission(
        self, code: str, *, start: dt.date = MANDATE_START, end: dt.date | None = None, **kw: Any
    ) -> int:
        row = MissionRow(
            self._id("mission", code), code, f"Mission {code}", kw.get("language", "en"), start, end
        )
        self.missions.append(row)
        return row.id

    def authorisation(
        self,
        reference: str,
        valid_from: dt.date,
        missions: dict[str, tuple[int | None, str]],
        *,
        until: dt.date | None = None,
        adopted: dt.date | None = None,
        total: int | None = None,
    ) -> int:
        """``missions``: code -> (ceiling, categories)."""
        auth_id = self._id("authorisation", reference)
        self.authorisations.append(
            AuthorisationRow(
                auth_id,
                reference,
                f"Authorisation {reference}",
                adopted or valid_from,
                valid_from,
                until,
                total,
            )
        )
        for code, (ceiling, categories) in missions.items():
            self.authorised.append(
                AuthorisedMissionRow(
                    self._id("authorised_mission", f"{reference}/{code}"),
                    auth_id,
                    self.id("mission", code),
                    ceiling,
                    split_categories(categories),
                    reference,
                    code,
                )
            )
        return auth_id

    def unit(
        self, code: str, mission: str, *, strength: int | None = None, handover: int = 14
    ) -> int:
        row = UnitRow(
            self._id("unit", code),
            code,
            f"Unit {code}",
            self.id("mission", mission),
            strength,
            handover,
            mission,
        )
        self.units.append(row)
        return row.id

    def rotation(
        self, code: str, unit: str, start: dt.date, end: dt.date, status: str = "approved"
    ) -> int:
        row = make_rotation(
            self._id("rotation", code), code, self.id("unit", unit), None, start, end, status, unit
        )
        self.rotations.append(row)
        return row.id

    def person(
        self,
        number: str,
        *,
        sex: str = "M",
        rank: str = "Major",
        born: dt.date = BORN,
        commissioned: dt.date | None = COMMISSIONED,
        languages: str = "en:C1, fr:B2",
        credentials: bool = True,
    ) -> int:
        """A person who fits every profile and, unless told otherwise, holds every
        credential from 2000 to 2040."""
        row = PersonRow(
            self._id("person", number),
            number,
            f"Surname{number}",
            "Given",
            sex,
            born,
            rank,
            commissioned,
            languages,
        )
        self.persons.append(row)
        if credentials:
            for kind in KINDS:
                self.credential(number, kind, D(2000, 1, 1), D(2040, 1, 1))
        return row.id

    def credential(self, number: str, kind: str, issued: dt.date | None, expires: dt.date) -> int:
        row_id = self._id("credential", f"{number}/{kind}/{expires}")
        self.credentials.append(
            make_credential(row_id, self.id("person", number), kind, issued, expires)
        )
        return row_id

    def absence(self, number: str, start: dt.date, end: dt.date, reason: str = "Hospital") -> int:
        row_id = self._id("absence", f"{number}/{start}")
        self.absences.append(make_absence(row_id, self.id("person", number), start, end, reason))
        return row_id

    def assign(
        self,
        number: str,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        mission: str | None = None,
        rotation: str | None = None,
        category: str | None = None,
        status: str = "planned",
    ) -> int:
        key = f"{number}/{start}/{mission or rotation}"  # as PlanBuild keys it
        on = next((r for r in self.rotations if r.code == rotation), None) if rotation else None
        if on is not None:
            unit = next(u for u in self.units if u.id == on.unit_id)
            mission = mission or unit.mission
            start, end = start or on.starts_on, end or on.ends_on
        assert mission is not None and start is not None and end is not None
        row_id = self._id("assignment", key)
        self.assignments.append(
            make_assignment(
                row_id,
                self.id("person", number),
                self.id("mission", mission),
                on.id if on is not None else None,
                category or ("unit" if rotation else "observer"),
                start,
                end,
                status,
                rotation=on,
            )
        )
        return row_id

    def settings(self, **values: Any) -> None:
        self.rule_settings = replace(self.rule_settings, **values)

    def snapshot(self) -> Snapshot:
        return Snapshot(
            missions=tuple(self.missions),
            authorisations=tuple(self.authorisations),
            authorised_missions=tuple(self.authorised),
            units=tuple(self.units),
            rotations=tuple(self.rotations),
            persons=tuple(self.persons),
            credentials=tuple(self.credentials),
            absences=tuple(self.absences),
            assignments=tuple(self.assignments),
            settings=self.rule_settings,
            requirements=self.requirements,
            gender_targets=DEFAULT_GENDER_TARGETS,
        )

    def findings(self, rule: str | None = None) -> list[Finding]:
        found = check(self.snapshot())
        return [f for f in found if rule is None or f.rule == rule]


def span(finding: Finding) -> tuple[str | None, str | None]:
    return finding.start, finding.end
