"""Rotations: moving, resizing, their status, and the rotation dialog's save.

Every one of them takes the rotation's people along: a move shifts their assignments by
the same days; new dates carry the assignments that ran with the old ones. Each is one
transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy.orm import Session

from planner.app.operation import Edit
from planner.changes import ChangeSet
from planner.services import rotations


@dataclass(frozen=True)
class MoveRotation(Edit):
    """Start the rotation on ``new_start``, same length; its people move with it."""

    rotation_id: int
    version: int | None
    new_start: dt.date

    @property
    def description(self) -> str:
        return f"Move rotation to start {self.new_start}"

    def write(self, session: Session) -> ChangeSet:
        return rotations.move_rotation_in(session, self.rotation_id, self.version, self.new_start)


@dataclass(frozen=True)
class ResizeRotation(Edit):
    """New dates: assignments that ran with the old start or end take the new one; any
    that would fall outside are clipped to the new span."""

    rotation_id: int
    version: int | None
    starts_on: dt.date
    ends_on: dt.date

    @property
    def description(self) -> str:
        return f"Change rotation to {self.starts_on} – {self.ends_on}"

    def write(self, session: Session) -> ChangeSet:
        return rotations.resize_rotation_in(
            session, self.rotation_id, self.version, self.starts_on, self.ends_on
        )


@dataclass(frozen=True)
class SetRotationStatus(Edit):
    rotation_id: int
    version: int | None
    status: str  # draft, approved, deployed, completed, cancelled

    @property
    def description(self) -> str:
        return f"Set rotation to {self.status}"

    def write(self, session: Session) -> ChangeSet:
        return rotations.set_rotation_status_in(
            session, self.rotation_id, self.version, self.status
        )


@dataclass(frozen=True)
class EditRotation(Edit):
    """The rotation dialog's save, in one transaction: the other fields as an update
    saves them, and new dates as a move (same length) or a resize, so that the rotation's
    people follow it. ``values`` as the dialog gives them (text as typed, or stored
    values); a problem in any field raises ValidationError naming it, nothing saved."""

    rotation_id: int
    version: int | None
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    @property
    def description(self) -> str:
        return "Edit rotation"

    def write(self, session: Session) -> ChangeSet:
        return rotations.edit_rotation_in(session, self.rotation_id, self.version, self.values)
