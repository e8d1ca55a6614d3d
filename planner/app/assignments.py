"""Putting people on rotations and individual posts, taking them off, their status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from planner.app.operation import Edit
from planner.changes import ChangeSet
from planner.services import assignments


@dataclass(frozen=True)
class AssignPerson(Edit):
    """Put a person on a rotation (its mission and dates unless given) or on an
    individual post (mission, category and dates required)."""

    person_id: int
    rotation_id: int | None = None
    mission_id: int | None = None
    category: str | None = None
    role: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    status: str = "planned"

    @property
    def description(self) -> str:
        return "Assign a person"

    def write(self, session: Session) -> ChangeSet:
        return assignments.assign_in(
            session,
            self.person_id,
            rotation_id=self.rotation_id,
            mission_id=self.mission_id,
            category=self.category,
            role=self.role,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            status=self.status,
        )


@dataclass(frozen=True)
class UnassignPerson(Edit):
    assignment_id: int
    version: int | None

    @property
    def description(self) -> str:
        return "Unassign a person"

    def write(self, session: Session) -> ChangeSet:
        return assignments.unassign_in(session, self.assignment_id, self.version)


@dataclass(frozen=True)
class SetAssignmentStatus(Edit):
    assignment_id: int
    version: int | None
    status: str  # planned, confirmed, deployed, completed, cancelled

    @property
    def description(self) -> str:
        return f"Set assignment status to {self.status}"

    def write(self, session: Session) -> ChangeSet:
        return assignments.set_assignment_status_in(
            session, self.assignment_id, self.version, self.status
        )
