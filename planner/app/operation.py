"""What an operation is: one user action as a small typed object.

An operation holds what the action needs (ids, versions, values) and ``apply`` runs it:
one transaction, returning the ChangeSet it made (``PlanSession.run`` is how a front end
runs one). ``Edit`` is the usual kind: ``write`` works inside a transaction that
``apply`` opens and commits, so that one edit may compose several services'
``*_in`` forms and still be one transaction. Operations carry no Qt and no session: a
front end may make one on the GUI thread and run it on a worker.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from planner.changes import ChangeSet
from planner.plan import Plan
from planner.progress import Progress
from planner.services.crud import transact

C = TypeVar("C", bound=ChangeSet, covariant=True)


class Operation(ABC, Generic[C]):
    """One user action. ``description``: a short text for it before it runs (a progress
    dialog's title); the ChangeSet it returns says exactly what it did."""

    @property
    @abstractmethod
    def description(self) -> str: ...

    @abstractmethod
    def apply(self, plan: Plan, progress: Progress) -> C:
        """Run the action: one transaction; nothing is written if it raises."""


class Edit(Operation[ChangeSet]):
    """An operation that is one transaction of services (validated, version-checked)."""

    def apply(self, plan: Plan, progress: Progress) -> ChangeSet:
        return transact(plan, self.write)

    @abstractmethod
    def write(self, session: Session) -> ChangeSet:
        """The action inside the transaction ``apply`` opened (commits when it returns)."""
