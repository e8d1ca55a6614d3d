"""Short human names of rows, for undo history, messages and confirmations."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planner.models import Authorisation, Base, CeilingClause, Mission, Person, Rotation, Unit


def _code(session: Session | None, model: Any, row_id: Any, attr: str) -> str:
    if session is None or row_id is None:
        return "?"
    row = session.get(model, row_id)
    return str(getattr(row, attr)) if row is not None else "?"


def describe_row(entity_name: str, row: Base, session: Session | None = None) -> str:
    r: Any = row
    match entity_name:
        case "mission" | "unit" | "rotation":
            return str(r.code)
        case "authorisation":
            return str(r.reference)
        case "person":
            return f"{r.service_number} {r.surname} {r.given_name}".strip()
        case "authorised_mission":
            mission = _code(session, Mission, r.mission_id, "code")
            reference = _code(session, Authorisation, r.authorisation_id, "reference")
            return f"{mission} under {reference}"
        case "ceiling_clause":
            reference = _code(session, Authorisation, r.authorisation_id, "reference")
            return f"'{r.label}' of {reference}"
        case "ceiling_clause_mission":
            mission = _code(session, Mission, r.mission_id, "code")
            clause = _code(session, CeilingClause, r.clause_id, "label")
            return f"{mission} in clause '{clause}'"
        case "post":
            return f"{r.code} of {_code(session, Unit, r.unit_id, 'code')}"
        case "credential":
            person = _code(session, Person, r.person_id, "service_number")
            return f"{r.kind} of {person} expiring {r.expires_on}"
        case "absence":
            person = _code(session, Person, r.person_id, "service_number")
            return f"of {person} from {r.starts_on} to {r.ends_on}"
        case "assignment":
            person = _code(session, Person, r.person_id, "service_number")
            mission = _code(session, Mission, r.mission_id, "code")
            rotation = (
                f" ({_code(session, Rotation, r.rotation_id, 'code')})" if r.rotation_id else ""
            )
            return f"{person} to {mission}{rotation} from {r.starts_on}"
        case "gender_target":
            return f"{r.group} {r.year}"
        case "credential_requirement":
            return f"{r.kind} for {r.applies_to}"
        case _:
            return ""
