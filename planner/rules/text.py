"""Wording shared by the rules: dates, people, languages, and a quick way to make findings.

Messages are one plain sentence a planner understands, with names, dates and numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final, NamedTuple

from planner.rules.findings import Finding, Severity
from planner.rules.rows import AssignmentRow, MissionRow, PersonRow, RotationRow

MIN_DAY: Final = dt.date.min.toordinal()
MAX_DAY: Final = dt.date.max.toordinal()

LANGUAGE_NAMES: Final[dict[str, str]] = {
    "ar": "Arabic",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "kk": "Kazakh",
    "pt": "Portuguese",
    "ru": "Russian",
    "zh": "Chinese",
}

CATEGORY_WORDS: Final[dict[str, str]] = {
    "unit": "unit member",
    "observer": "military observer",
    "staff": "staff officer",
}


class _IsoDays(dict[int, str]):
    """Day ordinal -> ISO date, learnt on first use: findings repeat the same few dates,
    and a subscript of a known day costs no Python call."""

    def __missing__(self, day: int) -> str:
        text = self[day] = dt.date.fromordinal(day).isoformat()
        return text


ISO: Final = _IsoDays()


def iso(day: int) -> str:
    """The ISO date of a day ordinal."""
    return ISO[day]


def ordinal(day: dt.date | None, default: int) -> int:
    return day.toordinal() if day is not None else default


def span_text(first: int, last: int) -> str:
    if first == last:
        return f"on {ISO[first]}"
    return f"from {ISO[first]} to {ISO[last]}"


def person_label(person: PersonRow | None, service_number: str) -> str:
    if person is None:
        return service_number
    return f"{person.rank} {person.given_name} {person.surname} ({person.service_number})"


class Subject(NamedTuple):
    """What a person's findings name: the person (a label and the service number) and,
    looked up only when a finding is made, the codes of missions and rotations."""

    who: str  # "Major Given Surname (service number)"
    person: str  # service number
    missions: Mapping[int, MissionRow]
    rotations: Mapping[int, RotationRow]

    def mission(self, a: AssignmentRow) -> str:
        mission = self.missions.get(a.mission_id)
        return mission.code if mission is not None else "?"

    def rotation(self, a: AssignmentRow) -> str | None:
        if a.rotation_id is None:
            return None
        rotation = self.rotations.get(a.rotation_id)
        return rotation.code if rotation is not None else None

    def where(self, a: AssignmentRow) -> str:
        """The mission of an assignment, with its rotation when it has one."""
        mission = self.missions.get(a.mission_id)
        code = mission.code if mission is not None else "?"
        if a.rotation_id is None:
            return code
        rotation = self.rotations.get(a.rotation_id)
        return f"{code} ({rotation.code})" if rotation is not None else code


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def finding(
    rule: str,
    severity: Severity,
    message: str,
    *,
    mission: str | None = None,
    authorisation: str | None = None,
    rotation: str | None = None,
    person: str | None = None,
    first: int | None = None,
    last: int | None = None,
    value: int | None = None,
    limit: int | None = None,
    detail: str | None = None,
) -> Finding:
    """A finding whose range is given as day ordinals."""
    made = _new(Finding)
    # A large plan can have tens of thousands of findings; filling the instance's dict in
    # one step costs half of the frozen dataclass's __init__ (one object.__setattr__ per
    # field). The result is an ordinary Finding: equal, hashable, printable as usual.
    _set(
        made,
        "__dict__",
        {
            "rule": rule,
            "severity": severity,
            "message": message,
            "mission": mission,
            "authorisation": authorisation,
            "rotation": rotation,
            "person": person,
            "start": ISO[first] if first is not None else None,
            "end": ISO[last] if last is not None else None,
            "value": value,
            "limit": limit,
            "detail": detail,
        },
    )
    return made


_new = object.__new__
_set = object.__setattr__
