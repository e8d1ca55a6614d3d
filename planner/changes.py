"""What a service did, as data: enough to refresh a view and to undo it exactly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ChangeKind = Literal["created", "updated", "deleted"]


@dataclass(frozen=True)
class Change:
    """One row created, updated or deleted. ``before``/``after`` hold every column."""

    kind: ChangeKind
    entity: str
    id: int
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @property
    def values(self) -> dict[str, Any]:
        values = self.after if self.after is not None else self.before
        assert values is not None
        return values


@dataclass(frozen=True)
class ChangeSet:
    """The changes of one action, in the order they were made, with a short description
    (shown in the undo history)."""

    description: str
    changes: tuple[Change, ...] = field(default_factory=tuple)
    # Anything may have changed (an import, another planner's edits): views reload
    # everything and the checker checks the whole plan; ``changes`` may then be empty.
    whole_plan: bool = False

    def entities(self) -> set[str]:
        return {c.entity for c in self.changes}

    def ids(self, entity: str) -> set[int]:
        return {c.id for c in self.changes if c.entity == entity}

    def first(self, entity: str) -> Change:
        for change in self.changes:
            if change.entity == entity:
                return change
        raise KeyError(entity)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        """Whether anything changed (an empty ChangeSet is no undo step)."""
        return bool(self.changes) or self.whole_plan
