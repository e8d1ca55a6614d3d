"""Everything the rules read, as plain frozen rows (DESIGN.md section 3).

The rules never touch the database: the storage side (``planner.queries.snapshot``)
reads a ``Snapshot`` in one session, and tests build one from rows. Only what the rules
read is in it: day numbers rather than dates, only the credential kinds the requirements
name (``credential_kinds``), assignments without their natural keys (findings look those
up).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from planner.rules.coverage import Coverage
from planner.rules.rows import (
    CANCELLED,
    DEFAULT_GENDER_TARGETS,
    DEFAULT_REQUIREMENTS,
    AbsenceRow,
    AssignmentRow,
    AuthorisationRow,
    AuthorisedMissionRow,
    CredentialRow,
    GenderTargetRow,
    MissionRow,
    PersonRow,
    Requirement,
    RotationRow,
    RuleSettings,
    UnitRow,
)

__all__ = [
    "CANCELLED",
    "AbsenceRow",
    "AssignmentRow",
    "AuthorisationRow",
    "AuthorisedMissionRow",
    "CredentialRow",
    "GenderTargetRow",
    "MissionRow",
    "PersonRow",
    "Requirement",
    "RotationRow",
    "RuleSettings",
    "Snapshot",
    "UnitRow",
    "credential_kinds",
    "paused_gc",
]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Every row the rules read, frozen. ``planner.queries.snapshot.load_snapshot``
    reads one from a plan; tests build one directly."""

    missions: tuple[MissionRow, ...] = ()
    authorisations: tuple[AuthorisationRow, ...] = ()
    authorised_missions: tuple[AuthorisedMissionRow, ...] = ()
    units: tuple[UnitRow, ...] = ()
    rotations: tuple[RotationRow, ...] = ()
    persons: Sequence[PersonRow] = ()
    credentials: Sequence[CredentialRow] = ()
    # Everyone's credential coverage, person -> kind -> Coverage (see ``index``): what the
    # rules read of credentials. load_snapshot gives this instead of ``credentials``,
    # merging the rows as they come from the database.
    coverage: dict[int, dict[str, Coverage]] | None = None
    absences: Sequence[AbsenceRow] = ()
    assignments: Sequence[AssignmentRow] = ()
    settings: RuleSettings = field(default_factory=RuleSettings)
    requirements: tuple[Requirement, ...] = DEFAULT_REQUIREMENTS
    gender_targets: tuple[GenderTargetRow, ...] = DEFAULT_GENDER_TARGETS
    # True when the rows come sorted as load_snapshot sorts them (assignments, absences
    # and credentials by person, then start (credentials: kind, then first day);
    # rotations by unit, then start), so that the rules need not sort them again.
    ordered: bool = False
    # Derived structures (the rules' index, headcounts), built on first use.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cycle collector while tens of thousands of rows are made: it would run
    again and again over objects that all stay alive (reference counting still frees
    the rest). Its previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def credential_kinds(requirements: Iterable[Requirement]) -> tuple[str, ...]:
    """The kinds of credential the rules read, in the order that gives their codes."""
    return tuple(sorted({r.kind for r in requirements}))
