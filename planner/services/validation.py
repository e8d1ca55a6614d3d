"""Validation of one entity's values before they reach the database.

Every problem is collected (not just the first) with the field it belongs to, so that a
dialog can show it next to the field and an import can name the column.

A field of several references (a clause's missions, planner.entities.LINKS) is checked
here only for the entity's own service (``links=True``), which writes its child rows; the
generic create and update refuse it rather than drop it, so that a clause never loses its
missions (and silently covers every mission) on the way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.entities import ENTITIES, LINKS
from planner.errors import ErrorList, PlannerError, ValidationError
from planner.fields import FIELDS, coerce
from planner.models import (
    Authorisation,
    AuthorisedMission,
    CeilingClause,
    CeilingClauseMission,
    Mission,
    Rotation,
    Unit,
)

# (entity, first date field, second date field, message)
DATE_ORDER: tuple[tuple[str, str, str, str], ...] = (
    ("mission", "mandate_start", "mandate_end", "the mandate ends before it starts"),
    ("authorisation", "valid_from", "valid_until", "it ends before it becomes valid"),
    ("rotation", "starts_on", "ends_on", "it ends before it starts"),
    ("credential", "issued_on", "expires_on", "it expires before it was issued"),
    ("absence", "starts_on", "ends_on", "it ends before it starts"),
    ("assignment", "starts_on", "ends_on", "it ends before it starts"),
)


def validate(
    session: Session,
    entity_name: str,
    values: Mapping[str, Any],
    *,
    row_id: int | None = None,
    links: bool = False,
) -> dict[str, Any]:
    """Return the clean values of ``entity_name`` or raise ValidationError listing every
    problem by field. With ``links``, the clean values include the fields of several
    references (as sorted tuples of ids); without, such a field given is refused."""
    entity = ENTITIES[entity_name]
    if entity_name not in FIELDS:
        raise PlannerError(
            f"A {entity.label} is not edited on its own: edit the record it belongs to."
        )
    errors = ErrorList()
    clean: dict[str, Any] = {}
    linked = {link.field for link in LINKS.get(entity_name, ())}
    for field_spec in FIELDS[entity_name]:
        if field_spec.name in linked and not links:
            if field_spec.name in values:
                raise PlannerError(
                    f"The {field_spec.label.lower()} of a {entity.label} are saved by the "
                    f"{entity.label}'s own operation (planner.services.clauses); nothing was "
                    "saved."
                )
            continue
        try:
            value = coerce(field_spec, values.get(field_spec.name))
        except ValueError as exc:
            errors.add(field_spec.name, str(exc))
            continue
        if value is None and field_spec.required and not _derived(entity_name, field_spec.name):
            errors.add(field_spec.name, "is required")
        clean[field_spec.name] = value
    if entity_name == "assignment" and not any(p.field == "rotation_id" for p in errors.problems):
        _complete_assignment(session, clean, errors)
    for name, first, second, message in DATE_ORDER:
        start, end = clean.get(first), clean.get(second)
        if name == entity_name and start is not None and end is not None and end < start:
            errors.add(second, message)
    birth, commissioned = clean.get("birth_date"), clean.get("commissioned_on")
    if entity_name == "person" and birth and commissioned and commissioned < birth:
        errors.add("commissioned_on", "is before the birth date")
    if (
        entity_name == "settings"
        and not errors.problems
        and clean["individual_max_age"] < clean["individual_min_age"]
    ):
        errors.add("individual_max_age", "is below the minimum age")
    if entity_name == "mission" and clean.get("language"):
        if not re.fullmatch(r"[a-z]{2,3}", clean["language"].lower()):
            errors.add("language", f"'{clean['language']}' is not a language code such as en or fr")
        clean["language"] = clean["language"].lower()
    _check_references(session, entity_name, clean, errors)
    if entity_name == "ceiling_clause":
        _check_clause(session, clean, row_id, errors, links=links)
    if entity_name == "authorised_mission" and row_id is not None:
        _check_still_listed(session, clean, row_id, errors)
    if not errors.problems:
        _check_unique(session, entity_name, clean, row_id, errors)
    labels = {f.name: f.label for f in FIELDS[entity_name]}
    errors.raise_if_any(entity.label.capitalize(), labels)
    return clean


def _derived(entity_name: str, field_name: str) -> bool:
    """Fields that may be empty because they are filled from elsewhere."""
    return entity_name == "assignment" and field_name in ("mission_id", "starts_on", "ends_on")


def _complete_assignment(session: Session, clean: dict[str, Any], errors: ErrorList) -> None:
    """An assignment with a rotation takes the rotation's dates where its own are empty,
    and its mission must be the mission of the rotation's unit."""
    rotation_id = clean.get("rotation_id")
    if rotation_id is not None:
        found = session.execute(
            select(Rotation.code, Rotation.starts_on, Rotation.ends_on, Unit.mission_id)
            .join(Unit, Unit.id == Rotation.unit_id)
            .where(Rotation.id == rotation_id)
        ).first()
        if found is None:
            errors.add("rotation_id", "no such rotation")
            return
        code, starts_on, ends_on, mission_id = found
        clean["starts_on"] = clean.get("starts_on") or starts_on
        clean["ends_on"] = clean.get("ends_on") or ends_on
        if clean.get("mission_id") is None:
            clean["mission_id"] = mission_id
        elif clean["mission_id"] != mission_id:
            errors.add("mission_id", f"is not the mission of rotation {code}'s unit")
    for name in ("mission_id", "starts_on", "ends_on"):
        if clean.get(name) is None and not any(p.field == name for p in errors.problems):
            errors.add(name, "is required (or choose a rotation)")


def _check_references(
    session: Session, entity_name: str, clean: dict[str, Any], errors: ErrorList
) -> None:
    for field_spec in FIELDS[entity_name]:
        if field_spec.kind != "ref" or clean.get(field_spec.name) is None:
            continue
        target = ENTITIES[field_spec.ref]
        if session.get(target.model, clean[field_spec.name]) is None:
            errors.add(field_spec.name, f"no such {target.label}")


def _check_unique(
    session: Session,
    entity_name: str,
    clean: dict[str, Any],
    row_id: int | None,
    errors: ErrorList,
) -> None:
    entity = ENTITIES[entity_name]
    if entity.key == ("id",):
        return
    model: Any = entity.model
    conditions = [getattr(model, name) == clean.get(name) for name in entity.key]
    query = select(model.id).where(and_(*conditions))
    if row_id is not None:
        query = query.where(model.id != row_id)
    if session.scalar(query.limit(1)) is not None:
        shown = ", ".join(str(clean.get(name)) for name in entity.key if "_id" not in name)
        errors.add(entity.key[-1], f"another {entity.label} already has {shown or 'these values'}")


def _check_clause(
    session: Session, clean: dict[str, Any], row_id: int | None, errors: ErrorList, *, links: bool
) -> None:
    """A clause names only missions its authorisation lists; a clause that names missions
    keeps its authorisation unless its missions are written with it."""
    authorisation_id = clean.get("authorisation_id")
    if authorisation_id is None or any(p.field == "authorisation_id" for p in errors.problems):
        return
    if not links:
        if row_id is not None and _clause_moves(session, row_id, authorisation_id):
            errors.add(
                "authorisation_id",
                "cannot change while the clause names missions of its authorisation; edit the "
                "clause's missions with it",
            )
        return
    wanted = clean.get("missions", ())
    if not wanted:
        return
    codes = dict(
        session.execute(select(Mission.id, Mission.code).where(Mission.id.in_(wanted))).all()
    )
    listed = set(
        session.scalars(
            select(AuthorisedMission.mission_id).where(
                AuthorisedMission.authorisation_id == authorisation_id
            )
        )
    )
    reference = session.scalar(
        select(Authorisation.reference).where(Authorisation.id == authorisation_id)
    )
    for mission_id in wanted:
        if mission_id not in codes:
            errors.add("missions", f"no such mission (id {mission_id})")
        elif mission_id not in listed:
            errors.add(
                "missions",
                f"{codes[mission_id]} is not one of the missions authorisation {reference} lists",
            )


def _clause_moves(session: Session, clause_id: int, authorisation_id: int) -> bool:
    current = session.scalar(
        select(CeilingClause.authorisation_id).where(CeilingClause.id == clause_id)
    )
    if current is None or current == authorisation_id:
        return False
    named = select(CeilingClauseMission.id).where(CeilingClauseMission.clause_id == clause_id)
    return session.scalar(named.limit(1)) is not None


def clauses_naming(session: Session, authorisation_id: int, mission_id: int) -> list[str]:
    """The labels of the clauses of ``authorisation_id`` that name ``mission_id``."""
    return list(
        session.scalars(
            select(CeilingClause.label)
            .join(CeilingClauseMission, CeilingClauseMission.clause_id == CeilingClause.id)
            .where(
                CeilingClauseMission.authorisation_id == authorisation_id,
                CeilingClauseMission.mission_id == mission_id,
            )
            .order_by(CeilingClause.label)
        )
    )


def _named_by(session: Session, authorisation_id: int, mission_id: int) -> str | None:
    """ "UNIFIL is named by ceiling clause 'officers' of authorisation 2018-06-15", or None
    when no clause names the mission."""
    labels = clauses_naming(session, authorisation_id, mission_id)
    if not labels:
        return None
    mission = session.scalar(select(Mission.code).where(Mission.id == mission_id))
    reference = session.scalar(
        select(Authorisation.reference).where(Authorisation.id == authorisation_id)
    )
    noun = "clause" if len(labels) == 1 else "clauses"
    quoted = ", ".join(f"'{label}'" for label in labels)
    return f"{mission} is named by ceiling {noun} {quoted} of authorisation {reference}"


def _check_still_listed(
    session: Session, clean: dict[str, Any], row_id: int, errors: ErrorList
) -> None:
    """An authorised mission a clause names keeps its authorisation and mission."""
    row = session.get(AuthorisedMission, row_id)
    if row is None:
        return
    old = (row.authorisation_id, row.mission_id)
    if old == (clean.get("authorisation_id"), clean.get("mission_id")):
        return
    named = _named_by(session, *old)
    if named is not None:
        errors.add("mission_id", f"cannot change: {named}; take it out of the clause first")


def refuse_delete(session: Session, entity_name: str, row_id: int) -> None:
    """Raise ValidationError when deleting the row would change what another record
    means: unlisting a mission (deleting its authorised mission, or the mission itself)
    that a ceiling clause names would make the clause count fewer missions without the
    planner deciding it, or every mission once it named none."""
    if entity_name != "authorised_mission":
        return
    row = session.get(AuthorisedMission, row_id)
    if row is None:
        return
    named = _named_by(session, row.authorisation_id, row.mission_id)
    if named is not None:
        raise ValidationError(
            f"{named}: take it out of the clause (or delete the clause) first; nothing was deleted."
        )


def explain_integrity_error(exc: IntegrityError) -> PlannerError:
    """A database constraint caught what validation did not (a race with another writer)."""
    text = str(exc.orig).lower()
    if "unique" in text or "duplicate" in text:
        return ValidationError("another record already has the same key; nothing was saved")
    if "foreign key" in text:
        return ValidationError("a record it refers to no longer exists; nothing was saved")
    if "check" in text:
        return ValidationError(f"a value breaks a rule of the plan ({exc.orig}); nothing was saved")
    return ValidationError(f"the plan refused the change ({exc.orig}); nothing was saved")
