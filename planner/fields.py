"""Field specifications of every editable entity: one source for validation, dialogs and
workbook columns.

Each entity lists its fields in the order a planner reads them. ``ref`` fields hold the id
of another entity; the workbook and the dialogs show that entity's natural key instead.
``refs`` fields hold several ids (a clause's missions): they are not a column of the
entity's table but rows of a child table (planner.entities.LINKS), written by the
entity's own service. Those child rows are no entity a planner edits: they have no fields
here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

from planner.domain import (
    ASSIGNMENT_STATUSES,
    CATEGORIES,
    CEFR_LEVELS,
    GENDER_GROUPS,
    RANKS,
    REQUIREMENT_SCOPES,
    REQUIREMENT_SPANS,
    ROTATION_STATUSES,
    SEXES,
    join_categories,
    normalise_languages,
    split_categories,
)
from planner.limits import check_date, check_int, check_length
from planner.textsafe import clean_text

FieldKind = Literal[
    "text", "int", "date", "float", "ref", "refs", "choice", "languages", "categories"
]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str = ""  # entity name a "ref" field points to
    minimum: int | None = None
    max_length: int = 200
    default: Any = None


def _f(name: str, label: str, kind: FieldKind = "text", **kw: Any) -> FieldSpec:
    return FieldSpec(name=name, label=label, kind=kind, **kw)


FIELDS: Final[dict[str, tuple[FieldSpec, ...]]] = {
    "mission": (
        _f("code", "Code", required=True, max_length=20),
        _f("name", "Name", required=True),
        _f("area", "Area", default=""),
        _f("language", "Language", max_length=3, default="en"),
        _f("mandate_start", "Mandate start", "date"),
        _f("mandate_end", "Mandate end", "date"),
    ),
    "authorisation": (
        _f("reference", "Reference", required=True, max_length=60),
        _f("title", "Title", max_length=300, default=""),
        _f("adopted_on", "Adopted on", "date", required=True),
        _f("valid_from", "Valid from", "date", required=True),
        _f("valid_until", "Valid until", "date"),
        _f("total_ceiling", "Total ceiling", "int", minimum=0),
    ),
    "authorised_mission": (
        _f("authorisation_id", "Authorisation", "ref", required=True, ref="authorisation"),
        _f("mission_id", "Mission", "ref", required=True, ref="mission"),
        _f("ceiling", "Ceiling", "int", minimum=0),
        _f("categories", "Categories", "categories", choices=CATEGORIES, default=""),
    ),
    "ceiling_clause": (
        _f("authorisation_id", "Authorisation", "ref", required=True, ref="authorisation"),
        _f("label", "Clause", required=True, max_length=100),
        # Empty: every mission the authorisation lists.
        _f("missions", "Missions", "refs", ref="mission", default=()),
        _f("categories", "Categories", "categories", choices=CATEGORIES, default=""),
        _f("ceiling", "Ceiling", "int", required=True, minimum=0),
    ),
    "unit": (
        _f("code", "Code", required=True, max_length=20),
        _f("name", "Name", required=True),
        _f("mission_id", "Mission", "ref", required=True, ref="mission"),
        _f("strength", "Strength", "int", minimum=0),
        _f("partner", "Partner", default=""),
        _f("tour_months", "Tour months", "int", minimum=1),
        _f("handover_days", "Handover days", "int", minimum=0, default=14),
    ),
    "post": (
        _f("unit_id", "Unit", "ref", required=True, ref="unit"),
        _f("code", "Code", required=True, max_length=20),
        _f("title", "Title", default=""),
        _f("specialty", "Specialty", required=True, max_length=100),
        # Empty: any rank.
        _f("min_rank", "Minimum rank", "choice", choices=RANKS),
        _f("count", "Count", "int", required=True, minimum=1),
    ),
    "rotation": (
        _f("code", "Code", required=True, max_length=30),
        _f("unit_id", "Unit", "ref", required=True, ref="unit"),
        _f("number", "Number", "int", minimum=0),
        _f("starts_on", "Starts on", "date", required=True),
        _f("ends_on", "Ends on", "date", required=True),
        _f("status", "Status", "choice", choices=ROTATION_STATUSES, default="draft"),
    ),
    "person": (
        _f("service_number", "Service number", required=True, max_length=30),
        _f("surname", "Surname", required=True, max_length=100),
        _f("given_name", "Given name", required=True, max_length=100),
        _f("patronymic", "Patronymic", max_length=100, default=""),
        _f("sex", "Sex", "choice", required=True, choices=SEXES),
        _f("birth_date", "Birth date", "date"),
        _f("rank", "Rank", "choice", required=True, choices=RANKS),
        _f("specialty", "Specialty", max_length=100, default=""),
        _f("commissioned_on", "Commissioned on", "date"),
        _f("languages", "Languages", "languages", default=""),
    ),
    "credential": (
        _f("person_id", "Service number", "ref", required=True, ref="person"),
        _f("kind", "Kind", required=True, max_length=60),
        _f("issued_on", "Issued on", "date"),
        _f("expires_on", "Expires on", "date", required=True),
        _f("reference", "Reference", max_length=100, default=""),
    ),
    "absence": (
        _f("person_id", "Service number", "ref", required=True, ref="person"),
        _f("starts_on", "From", "date", required=True),
        _f("ends_on", "To", "date", required=True),
        _f("reason", "Reason", default=""),
    ),
    "assignment": (
        _f("person_id", "Service number", "ref", required=True, ref="person"),
        _f("mission_id", "Mission", "ref", required=True, ref="mission"),
        _f("rotation_id", "Rotation", "ref", ref="rotation"),
        _f("category", "Category", "choice", required=True, choices=CATEGORIES),
        _f("role", "Role", max_length=100, default=""),
        _f("starts_on", "Starts on", "date"),
        _f("ends_on", "Ends on", "date"),
        _f("status", "Status", "choice", choices=ASSIGNMENT_STATUSES, default="planned"),
    ),
    "settings": (
        _f("min_rest_days", "Minimum rest (days)", "int", required=True, minimum=0),
        _f("passport_margin_days", "Passport margin (days)", "int", required=True, minimum=0),
        _f(
            "language_min_level",
            "Language minimum level",
            "choice",
            required=True,
            choices=CEFR_LEVELS,
        ),
        _f("individual_min_age", "Minimum age (observers, staff)", "int", required=True, minimum=0),
        _f("individual_max_age", "Maximum age (observers, staff)", "int", required=True, minimum=0),
        _f(
            "min_years_commissioned",
            "Minimum years since commissioning",
            "int",
            required=True,
            minimum=0,
        ),
        _f("min_rank", "Minimum rank (observers, staff)", "choice", required=True, choices=RANKS),
    ),
    "credential_requirement": (
        _f("kind", "Kind", required=True, max_length=60),
        _f("applies_to", "Applies to", "choice", required=True, choices=REQUIREMENT_SCOPES),
        _f("span", "Must be valid", "choice", required=True, choices=REQUIREMENT_SPANS),
    ),
    "gender_target": (
        _f("year", "Year", "int", required=True, minimum=1900),
        _f("group", "Group", "choice", required=True, choices=GENDER_GROUPS),
        _f("target_share", "Target share", "float", required=True),
    ),
}


def spec(entity: str, name: str) -> FieldSpec:
    for field_spec in FIELDS[entity]:
        if field_spec.name == name:
            return field_spec
    raise KeyError(f"{entity}.{name}")


DATE_FORMATS: Final[tuple[str, ...]] = ("%Y-%m-%d", "%d.%m.%Y")


def parse_date(raw: object) -> dt.date:
    """A date from a date, a datetime, ``YYYY-MM-DD`` or ``DD.MM.YYYY``."""
    if isinstance(raw, dt.datetime):
        return check_date(raw.date())
    if isinstance(raw, dt.date):
        return check_date(raw)
    text = str(raw).strip()
    for fmt in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return check_date(day)  # planner.limits: the one supported range of dates
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD.MM.YYYY)")


def coerce_ids(raw: object) -> tuple[int, ...]:
    """Several ids (a collection of them, or text as "3, 5"), sorted, each once; nothing
    gives ()."""
    if raw is None:
        return ()
    parts: Iterable[object]
    if isinstance(raw, str):
        parts = [part for part in raw.split(",") if part.strip()]
    elif isinstance(raw, Iterable):
        parts = raw
    else:
        parts = [raw]
    ids: set[int] = set()
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, int | str):
            raise ValueError(f"'{part}' is not a record's id")
        try:
            ids.add(int(part))
        except ValueError:
            raise ValueError(f"'{part}' is not a record's id") from None
    return tuple(sorted(ids))


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def coerce(field_spec: FieldSpec, raw: object) -> Any:
    """Turn a raw value (typed, or text as typed by a planner) into the stored value.

    Blank gives None (or the field's default). Raises ValueError with a plain reason.
    """
    if field_spec.kind == "refs":
        return coerce_ids(raw)
    if is_blank(raw):
        return field_spec.default
    kind = field_spec.kind
    if kind == "date":
        return parse_date(raw)
    if kind in ("int", "ref"):
        if isinstance(raw, bool):
            raise ValueError(f"'{raw}' is not a whole number")
        if isinstance(raw, float):
            if not raw.is_integer():
                raise ValueError(f"'{raw:g}' is not a whole number")
            raw = int(raw)
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"'{raw}' is not a whole number") from None
        if field_spec.minimum is not None and value < field_spec.minimum:
            raise ValueError(f"{value} is below the minimum of {field_spec.minimum}")
        return check_int(value)
    if kind == "float":
        text = str(raw).strip().rstrip("%").strip()
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(f"'{raw}' is not a number") from None
        # "15 %" and 15 both mean 0.15; 0.15 stays as it is.
        if (isinstance(raw, str) and raw.strip().endswith("%")) or number > 1:
            number /= 100
        if not 0 <= number <= 1:
            raise ValueError(f"'{raw}' is not a share between 0 and 100 %")
        return number
    text = str(raw).strip()
    if kind == "choice":
        for choice in field_spec.choices:
            if choice.lower() == text.lower():
                return choice
        raise ValueError(f"'{text}' is not one of: {', '.join(field_spec.choices)}")
    if kind == "languages":
        return check_length(normalise_languages(text), field_spec.max_length)
    if kind == "categories":
        parts = split_categories(text.lower())
        unknown = sorted(parts - set(CATEGORIES))
        if unknown:
            raise ValueError(
                f"'{', '.join(unknown)}' is not a category (use {', '.join(CATEGORIES)})"
            )
        return join_categories(parts)
    # planner.textsafe: no control characters; keys NFC, in one alphabet.
    text = clean_text(text, key=field_spec.name in KEY_FIELDS)
    return check_length(text, field_spec.max_length)


# Fields that identify a record (or a document): compared as typed, so held to the
# stricter rules of planner.textsafe for keys.
KEY_FIELDS: Final = frozenset({"code", "reference", "service_number", "kind"})
