"""Reading again the rows an edit changed, for the incremental checker
(``planner.rules.incremental``: it says which rows it wants, and applies what is read)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from planner.models import Absence, Assignment, Credential, Person, Rotation
from planner.plan import Plan
from planner.queries.snapshot import Reader
from planner.rules.incremental import Patch, Wanted
from planner.rules.snapshot import paused_gc

_CHUNK: Final = 500  # ids per IN (...) list, well under every database's limit


def read_patch(plan: Plan, wanted: Wanted) -> Patch:
    """The rows ``wanted`` names, as the plan holds them now, in one read session."""
    with paused_gc(), plan.read() as session:
        reader = Reader(session)
        return Patch(
            wanted,
            rotations={
                r.id: r
                for chunk in _chunks(wanted.rotations)
                for r in reader.rotations(wanted.unit_code, Rotation.id.in_(chunk))
            },
            persons={
                p.id: p
                for chunk in _chunks(wanted.persons)
                for p in reader.persons(Person.id.in_(chunk))
            },
            credentials=[
                c
                for chunk in _chunks(wanted.credentials_of)
                for c in reader.credentials(wanted.kinds, Credential.person_id.in_(chunk))
            ],
            absences=[
                b
                for chunk in _chunks(wanted.absences_of)
                for b in reader.absences(Absence.person_id.in_(chunk))
            ],
            assignments={
                a.id: a
                for chunk in _chunks(wanted.assignments)
                for a in reader.assignments(Assignment.id.in_(chunk))
            },
        )


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    ordered = sorted(ids)
    return [ordered[i : i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]
