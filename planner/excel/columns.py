"""The plan workbook's sheets and columns (DESIGN.md section 4), built from planner.fields.

One definition serves import, export and the template: a column is a FieldSpec; a column
that refers to another record shows that record's natural key (mission code, authorisation
reference, unit code, rotation code, service number).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final

from planner.fields import FIELDS, FieldSpec

# The attribute that names a record of each entity that others refer to.
REF_KEY: Final[dict[str, str]] = {
    "mission": "code",
    "authorisation": "reference",
    "unit": "code",
    "rotation": "code",
    "person": "service_number",
}


@dataclass(frozen=True)
class SheetSpec:
    title: str
    entity: str
    fields: tuple[FieldSpec, ...]
    # Fields whose values identify a row when merging (refs by their natural key).
    key: tuple[str, ...]

    def header(self, field: FieldSpec) -> str:
        return f"{field.label}*" if field.required else field.label

    @property
    def headers(self) -> list[str]:
        return [self.header(field) for field in self.fields]

    def field_by_name(self, name: str) -> FieldSpec:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)


def _sheet(title: str, entity: str, key: tuple[str, ...]) -> SheetSpec:
    # In a workbook a column of several references is text: empty is "", not ().
    fields = tuple(replace(f, default="") if f.kind == "refs" else f for f in FIELDS[entity])
    return SheetSpec(title, entity, fields, key)


# In dependency order: a sheet refers only to sheets above it.
SHEETS: Final[tuple[SheetSpec, ...]] = (
    _sheet("Missions", "mission", ("code",)),
    _sheet("Authorisations", "authorisation", ("reference",)),
    _sheet("Authorised missions", "authorised_mission", ("authorisation_id", "mission_id")),
    _sheet("Ceilings", "ceiling_clause", ("authorisation_id", "label")),
    _sheet("Units", "unit", ("code",)),
    _sheet("Posts", "post", ("unit_id", "code")),
    _sheet("Rotations", "rotation", ("code",)),
    _sheet("Personnel", "person", ("service_number",)),
    _sheet("Credentials", "credential", ("person_id", "kind", "expires_on")),
    _sheet("Absences", "absence", ("person_id", "starts_on")),
    _sheet("Assignments", "assignment", ("person_id", "mission_id", "starts_on")),
)
SHEET_BY_TITLE: Final[dict[str, SheetSpec]] = {sheet.title.lower(): sheet for sheet in SHEETS}
# Sheets a plan workbook may hold besides its records (the template's own), read by nobody
# and ignored without a warning.
OWN_SHEETS: Final = frozenset({"instructions"})


def normalise_header(text: object) -> str:
    """A header cell as matched: case and spaces ignored, the required star dropped."""
    return " ".join(str(text).replace("*", " ").split()).lower()


def sheet_for(title: str) -> SheetSpec | None:
    return SHEET_BY_TITLE.get(normalise_header(title))


def is_own_sheet(title: str) -> bool:
    """Whether ``title`` is a sheet the app writes beside the records (Instructions)."""
    return normalise_header(title) in OWN_SHEETS


def join_keys(keys: Iterable[str]) -> str:
    """Several natural keys as one cell: sorted, each once, separated by commas."""
    return ", ".join(sorted(set(keys)))


def split_keys(text: str | None) -> list[str]:
    """The natural keys of a cell of several references (as join_keys wrote them)."""
    if not text:
        return []
    return [part.strip() for part in text.split(",") if part.strip()]
