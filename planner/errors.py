"""Typed errors that carry one plain sentence for the planner.

Every error a planner can cause derives from PlannerError; the command line prints its
message and exits with status 2, the window shows it in a message box.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class PlannerError(Exception):
    """An error with a message fit to show a planner as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class ValidationError(PlannerError):
    """Input that breaks a rule of the domain; ``problems`` names each field."""

    def __init__(
        self,
        problems: list[FieldProblem] | str,
        *,
        entity: str = "",
        labels: dict[str, str] | None = None,
    ) -> None:
        if isinstance(problems, str):
            problems = [FieldProblem("", problems)]
        self.problems = problems
        self.entity = entity
        labels = labels or {}
        text = "; ".join(
            f"{labels.get(p.field, p.field.replace('_', ' '))}: {p.message}"
            if p.field
            else p.message
            for p in problems
        )
        super().__init__(f"{entity}: {text}" if entity else text)


class NotFoundError(PlannerError):
    pass


class ConflictError(PlannerError):
    """The row changed (or vanished) since it was read: the edit was not applied."""


class PlanOpenError(PlannerError):
    """The plan cannot be opened: not a plan, damaged, unknown URL, newer schema…"""


class PlanLockedError(PlanOpenError):
    """Another process holds the plan for writing."""


@dataclass
class ErrorList:
    """Collects problems so that a caller can report all of them, not just the first."""

    problems: list[FieldProblem] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.problems.append(FieldProblem(field_name, message))

    def raise_if_any(self, entity: str = "", labels: dict[str, str] | None = None) -> None:
        if self.problems:
            raise ValidationError(self.problems, entity=entity, labels=labels)
