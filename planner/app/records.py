"""Create, update and delete of a record of any kind (``planner.entities.ENTITIES``).

``UpdateRecord`` and ``DeleteRecord`` name the version the front end showed: if the
record changed since (another planner, another window), ConflictError and nothing is
written. A delete takes the records that depend on it with it
(``PlanSession.dependents`` says which, for the confirmation)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy.orm import Session

from planner.app.operation import Edit
from planner.changes import ChangeSet
from planner.entities import ENTITIES
from planner.services import crud


def _frozen(values: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(values))


def _label(entity: str) -> str:
    known = ENTITIES.get(entity)
    return known.label if known is not None else entity


@dataclass(frozen=True)
class CreateRecord(Edit):
    """Add a record; ``values`` as typed (text) or as stored, validated field by field."""

    entity: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _frozen(self.values))

    @property
    def description(self) -> str:
        return f"Add {_label(self.entity)}"

    def write(self, session: Session) -> ChangeSet:
        return crud.create_record(session, self.entity, self.values)


@dataclass(frozen=True)
class UpdateRecord(Edit):
    """Change some fields of a record (the others keep their values). For a rotation
    use ``rotations.EditRotation``, whose people follow new dates."""

    entity: str
    id: int
    version: int | None
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _frozen(self.values))

    @property
    def description(self) -> str:
        return f"Edit {_label(self.entity)}"

    def write(self, session: Session) -> ChangeSet:
        return crud.update_record(session, self.entity, self.id, self.version, self.values)


@dataclass(frozen=True)
class DeleteRecord(Edit):
    """Delete a record and everything that depends on it."""

    entity: str
    id: int
    version: int | None

    @property
    def description(self) -> str:
        return f"Delete {_label(self.entity)}"

    def write(self, session: Session) -> ChangeSet:
        return crud.delete_record(session, self.entity, self.id, self.version)


@dataclass(frozen=True)
class Revert(Edit):
    """Undo a ChangeSet exactly (conflict-checked); its result reverts the undo (redo)."""

    changes: ChangeSet

    @property
    def description(self) -> str:
        return f"Undo {self.changes.description}"

    def write(self, session: Session) -> ChangeSet:
        return crud.revert_in(session, self.changes)
