"""A small builder for hand-made plans in SQLite (the checker's and the CLI's tests): every
row goes in through the services, as a planner's edits would, with defaults that break no
rule unless a test asks for it. The rules' own tests build rows instead
(``tests/planner/rules/rules_builder.py``, the same methods)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.app.checking import check_plan
from planner.changes import ChangeSet
from planner.plan import Plan
from planner.rules.findings import Finding
from planner.services import create, update

D = dt.date
MANDATE_START = D(1990, 1, 1)
BORN = D(1985, 6, 15)
COMMISSIONED = D(2007, 7, 1)
KINDS = ("passport", "medical", "predeployment-training", "screening", "driving-licence")


class PlanBuild:
    """Rows by natural key; ids are kept for the services."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.ids: dict[tuple[str, str], int] = {}
        self.last: ChangeSet | None = None

    def _create(self, entity: str, key: str, values: dict[str, Any]) -> int:
        self.last = create(self.plan, entity, values)
        row_id = self.last.changes[0].id
        self.ids[(entity, key)] = row_id
        return row_id

    def id(self, entity: str, key: str) -> int:
        return self.ids[(entity, key)]

    def mission(
        self, code: str, *, start: dt.date = MANDATE_START, end: dt.date | None = None, **kw: Any
    ) -> int:
        values = {"code": code, "name": f"Mission {code}", "language": "en", **kw}
        values |= {"mandate_start": start, "mandate_end": end}
        return self._create("mission", code, values)

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
        auth_id = self._create(
            "authorisation",
            reference,
            {
                "reference": reference,
                "title": f"Authorisation {reference}",
                "adopted_on": adopted or valid_from,
                "valid_from": valid_from,
                "valid_until": until,
                "total_ceiling": total,
            },
        )
        for code, (ceiling, categories) in missions.items():
            self._create(
                "authorised_mission",
                f"{reference}/{code}",
                {
                    "authorisation_id": auth_id,
                    "mission_id": self.id("mission", code),
                    "ceiling": ceiling,
                    "categories": categories,
                },
            )
        return auth_id

    def unit(
        self, code: str, mission: str, *, strength: int | None = None, handover: int = 14
    ) -> int:
        return self._create(
            "unit",
            code,
            {
                "code": code,
                "name": f"Unit {code}",
                "mission_id": self.id("mission", mission),
                "strength": strength,
                "handover_days": handover,
            },
        )

    def rotation(
        self, code: str, unit: str, start: dt.date, end: dt.date, status: str = "approved"
    ) -> int:
        return self._create(
            "rotation",
            code,
            {
                "code": code,
                "unit_id": self.id("unit", unit),
                "starts_on": start,
                "ends_on": end,
                "status": status,
            },
        )

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
        person_id = self._create(
            "person",
            number,
            {
                "service_number": number,
                "surname": f"Surname{number}",
                "given_name": "Given",
                "sex": sex,
                "birth_date": born,
                "rank": rank,
                "commissioned_on": commissioned,
                "languages": languages,
            },
        )
        if credentials:
            for kind in KINDS:
                self.credential(number, kind, D(2000, 1, 1), D(2040, 1, 1))
        return person_id

    def credential(self, number: str, kind: str, issued: dt.date | None, expires: dt.date) -> int:
        return self._create(
            "credential",
            f"{number}/{kind}/{expires}",
            {
                "person_id": self.id("person", number),
                "kind": kind,
                "issued_on": issued,
                "expires_on": expires,
            },
        )

    def absence(self, number: str, start: dt.date, end: dt.date, reason: str = "Hospital") -> int:
        return self._create(
            "absence",
            f"{number}/{start}",
            {
                "person_id": self.id("person", number),
                "starts_on": start,
                "ends_on": end,
                "reason": reason,
            },
        )

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
        values: dict[str, Any] = {
            "person_id": self.id("person", number),
            "rotation_id": self.id("rotation", rotation) if rotation else None,
            "mission_id": self.id("mission", mission) if mission else None,
            "category": category or ("unit" if rotation else "observer"),
            "starts_on": start,
            "ends_on": end,
            "status": status,
        }
        if rotation and not mission:
            values["mission_id"] = self._rotation_mission(rotation)
        return self._create("assignment", f"{number}/{start}/{mission or rotation}", values)

    def _rotation_mission(self, rotation: str) -> int:
        from sqlalchemy import select

        from planner.models import Rotation, Unit

        with self.plan.read() as session:
            mission_id = session.scalar(
                select(Unit.mission_id)
                .join(Rotation, Rotation.unit_id == Unit.id)
                .where(Rotation.id == self.id("rotation", rotation))
            )
        assert mission_id is not None
        return int(mission_id)

    def settings(self, **values: Any) -> None:
        self.last = update(self.plan, "settings", 1, None, values)

    def findings(self, rule: str | None = None) -> list[Finding]:
        found = check_plan(self.plan)
        return [f for f in found if rule is None or f.rule == rule]


def span(finding: Finding) -> tuple[str | None, str | None]:
    return finding.start, finding.end
