"""The plain, frozen rows a plan snapshot is made of (see ``snapshot``).

Periods carry their day ordinals (``first``/``last``, inclusive): every rule compares
days, and integers compare fastest. The rows a plan has many of (assignments, credentials,
absences) carry only those; a date is made where a finding shows one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from planner.domain import INDIVIDUAL_CATEGORIES

CANCELLED = "cancelled"


class MissionRow(NamedTuple):
    id: int
    code: str
    name: str
    language: str
    mandate_start: dt.date | None
    mandate_end: dt.date | None


class AuthorisationRow(NamedTuple):
    id: int
    reference: str
    title: str
    adopted_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    total_ceiling: int | None


class AuthorisedMissionRow(NamedTuple):
    id: int
    authorisation_id: int
    mission_id: int
    ceiling: int | None
    categories: frozenset[str]  # empty: every category allowed
    authorisation: str  # reference
    mission: str  # code


class UnitRow(NamedTuple):
    id: int
    code: str
    name: str
    mission_id: int
    strength: int | None
    handover_days: int
    mission: str  # code


class RotationRow(NamedTuple):
    id: int
    code: str
    unit_id: int
    number: int | None
    starts_on: dt.date
    ends_on: dt.date
    status: str
    unit: str  # code
    first: int  # day ordinals, inclusive
    last: int


class PersonRow(NamedTuple):
    id: int
    service_number: str
    surname: str
    given_name: str
    sex: str
    birth_date: dt.date | None
    rank: str
    commissioned_on: dt.date | None
    languages: str  # canonical "en:B2, fr:A2"


class CredentialRow(NamedTuple):
    """A credential as the rules read it: only what coverage needs."""

    person_id: int
    kind: str
    first: int  # day ordinals of its validity, inclusive (no issue date: from always)
    last: int


class AbsenceRow(NamedTuple):
    person_id: int
    first: int  # day ordinals, inclusive
    last: int
    reason: str


class AssignmentRow(NamedTuple):
    """An assignment as the rules read it. Its natural keys (service number, mission and
    rotation codes) are looked up only when a finding names them (see ``text.Subject``):
    most assignments draw none."""

    id: int
    person_id: int
    mission_id: int
    rotation_id: int | None
    category: str
    first: int  # day ordinals, inclusive
    last: int
    # Whether it counts (DESIGN.md section 2): neither it nor its rotation is cancelled.
    counted: bool

    @property
    def starts_on(self) -> dt.date:
        return dt.date.fromordinal(self.first)

    @property
    def ends_on(self) -> dt.date:
        return dt.date.fromordinal(self.last)

    @property
    def individual(self) -> bool:
        return self.category in INDIVIDUAL_CATEGORIES


@dataclass(frozen=True)
class RuleSettings:
    """The rule parameters of a plan; the defaults are those of DESIGN.md section 3."""

    min_rest_days: int = 365
    passport_margin_days: int = 180
    language_min_level: str = "B1"
    individual_min_age: int = 25
    individual_max_age: int = 55
    min_years_commissioned: int = 5
    min_rank: str = "Captain"


class Requirement(NamedTuple):
    kind: str
    applies_to: str  # all, unit, observer, staff, individual
    span: str  # start, tour, tour+margin


class GenderTargetRow(NamedTuple):
    year: int
    group: str  # contingent, individual
    share: float


# The defaults every plan starts with (DESIGN.md section 3; ``planner.defaults`` writes
# them into a new plan): the credential requirements, and the UN Uniformed Gender Parity
# Strategy's targets (year, group, share).
DEFAULT_REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("passport", "all", "tour+margin"),
    Requirement("medical", "all", "tour"),
    Requirement("predeployment-training", "all", "start"),
    Requirement("screening", "all", "start"),
    Requirement("driving-licence", "observer", "start"),
)
DEFAULT_GENDER_TARGETS: tuple[GenderTargetRow, ...] = (
    GenderTargetRow(2021, "contingent", 0.08),
    GenderTargetRow(2021, "individual", 0.18),
    GenderTargetRow(2028, "contingent", 0.15),
    GenderTargetRow(2028, "individual", 0.25),
)


def make_rotation(
    i: int,
    code: str,
    unit_id: int,
    number: int | None,
    starts_on: dt.date,
    ends_on: dt.date,
    status: str,
    unit: str,
) -> RotationRow:
    return RotationRow(
        i,
        code,
        unit_id,
        number,
        starts_on,
        ends_on,
        status,
        unit,
        starts_on.toordinal(),
        ends_on.toordinal(),
    )


def make_credential(
    i: int, p: int, kind: str, issued: dt.date | None, expires: dt.date, reference: str = ""
) -> CredentialRow:
    """A credential row (``i`` and ``reference`` are not part of it: the rules ignore them)."""
    first = issued.toordinal() if issued is not None else 1
    return CredentialRow(p, kind, first, expires.toordinal())


def make_absence(i: int, p: int, start: dt.date, end: dt.date, reason: str = "") -> AbsenceRow:
    return AbsenceRow(p, start.toordinal(), end.toordinal(), reason)


def make_assignment(
    i: int,
    person_id: int,
    mission_id: int,
    rotation_id: int | None,
    category: str,
    starts_on: dt.date,
    ends_on: dt.date,
    status: str,
    *,
    rotation: RotationRow | None = None,
) -> AssignmentRow:
    """An assignment row; it counts unless it or its ``rotation`` is cancelled
    (DESIGN.md section 2)."""
    return AssignmentRow(
        i,
        person_id,
        mission_id,
        rotation_id,
        category,
        starts_on.toordinal(),
        ends_on.toordinal(),
        status != CANCELLED and (rotation is None or rotation.status != CANCELLED),
    )
