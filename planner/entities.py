"""The registry of editable entities: model, natural key, label and what a delete takes
with it. Services, the workbook and the window all look entities up here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from planner.models import (
    Absence,
    Assignment,
    Authorisation,
    AuthorisedMission,
    Base,
    CeilingClause,
    CeilingClauseMission,
    Credential,
    CredentialRequirement,
    GenderTarget,
    Mission,
    Person,
    Post,
    Rotation,
    Settings,
    Unit,
)


@dataclass(frozen=True)
class Entity:
    name: str
    label: str  # singular, as a planner says it
    plural: str
    model: type[Base]
    key: tuple[str, ...]  # natural key fields (ids of refs where the key includes one)
    # (child entity, foreign-key field): rows deleted with this one.
    children: tuple[tuple[str, str], ...] = ()


ENTITIES: Final[dict[str, Entity]] = {
    e.name: e
    for e in (
        Entity(
            "mission",
            "mission",
            "missions",
            Mission,
            ("code",),
            (
                ("authorised_mission", "mission_id"),
                ("unit", "mission_id"),
                ("assignment", "mission_id"),
            ),
        ),
        Entity(
            "authorisation",
            "authorisation",
            "authorisations",
            Authorisation,
            ("reference",),
            # Clauses first: their missions hold the authorised missions in place.
            (("ceiling_clause", "authorisation_id"), ("authorised_mission", "authorisation_id")),
        ),
        Entity(
            "authorised_mission",
            "authorised mission",
            "authorised missions",
            AuthorisedMission,
            ("authorisation_id", "mission_id"),
        ),
        Entity(
            "ceiling_clause",
            "ceiling clause",
            "ceiling clauses",
            CeilingClause,
            ("authorisation_id", "label"),
            (("ceiling_clause_mission", "clause_id"),),
        ),
        Entity(
            "ceiling_clause_mission",
            "mission of a ceiling clause",
            "missions of ceiling clauses",
            CeilingClauseMission,
            ("clause_id", "mission_id"),
        ),
        Entity(
            "unit", "unit", "units", Unit, ("code",), (("post", "unit_id"), ("rotation", "unit_id"))
        ),
        Entity("post", "post", "posts", Post, ("unit_id", "code")),
        Entity(
            "rotation",
            "rotation",
            "rotations",
            Rotation,
            ("code",),
            (("assignment", "rotation_id"),),
        ),
        Entity(
            "person",
            "person",
            "personnel",
            Person,
            ("service_number",),
            (("credential", "person_id"), ("absence", "person_id"), ("assignment", "person_id")),
        ),
        Entity(
            "credential",
            "credential",
            "credentials",
            Credential,
            ("person_id", "kind", "expires_on"),
        ),
        Entity("absence", "absence", "absences", Absence, ("person_id", "starts_on")),
        Entity(
            "assignment",
            "assignment",
            "assignments",
            Assignment,
            ("person_id", "mission_id", "starts_on"),
        ),
        Entity("settings", "settings", "settings", Settings, ("id",)),
        Entity(
            "credential_requirement",
            "credential requirement",
            "credential requirements",
            CredentialRequirement,
            ("kind", "applies_to"),
        ),
        Entity("gender_target", "gender target", "gender targets", GenderTarget, ("year", "group")),
    )
}


def entity_of(model: type[Base]) -> Entity:
    for entity in ENTITIES.values():
        if entity.model is model:
            return entity
    raise KeyError(model.__name__)


def row_values(row: Base) -> dict[str, Any]:
    """Every mapped column of a row, by attribute name (id and version included)."""
    mapper = row.__mapper__
    return {attr.key: getattr(row, attr.key) for attr in mapper.column_attrs}


@dataclass(frozen=True)
class Link:
    """A field holding several references, stored as rows of a child entity: a clause's
    missions are its ceiling_clause_mission rows."""

    entity: str  # the entity that has the field
    field: str
    child: str  # the child entity holding one row per reference
    parent_fk: str  # the child's field naming the parent row
    target_fk: str  # the child's field naming the referred row
    # (child field, parent field) copied from the parent into each child row.
    copied: tuple[tuple[str, str], ...] = ()


LINKS: Final[dict[str, tuple[Link, ...]]] = {
    "ceiling_clause": (
        Link(
            "ceiling_clause",
            "missions",
            "ceiling_clause_mission",
            "clause_id",
            "mission_id",
            (("authorisation_id", "authorisation_id"),),
        ),
    ),
}


def link_of(entity_name: str, field_name: str) -> Link:
    for link in LINKS.get(entity_name, ()):
        if link.field == field_name:
            return link
    raise KeyError(f"{entity_name}.{field_name}")
