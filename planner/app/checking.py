"""The checker of an open plan: findings and facts, kept current edit by edit.

``PlanChecker.refresh(changes)`` brings the findings and the PlanFacts up to date after
a ChangeSet (the first call, or ``changes=None``, checks the whole plan); ``check``
checks the whole plan again. Each returns a ``CheckResult``. One caller at a time (the
window's single worker): the checker keeps state between calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from planner.changes import ChangeSet
from planner.plan import Plan
from planner.progress import NO_PROGRESS, Progress
from planner.rules.facts import PlanFacts
from planner.rules.findings import Finding


@dataclass(frozen=True, eq=False)
class CheckResult:
    """The findings of a check (sorted as DESIGN.md section 3 says) and the facts it
    published."""

    findings: tuple[Finding, ...]
    facts: PlanFacts

    @property
    def summary(self) -> dict[str, int]:
        return dict(self.facts.findings)


class PlanChecker:
    """Findings and facts of one plan, kept current after each ChangeSet."""

    def __init__(self, plan: Plan, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._plan = plan
        self._today = today
        self._checker: object | None = None
        self._result: CheckResult | None = None
        self.full_checks = 0  # how many times the whole plan was checked (for tests)

    @property
    def result(self) -> CheckResult | None:
        """The latest result (None before the first check)."""
        return self._result

    def check(self, progress: Progress = NO_PROGRESS) -> CheckResult:
        """Check the whole plan from scratch (cancelling ``progress`` raises Cancelled
        and leaves no state: the next refresh checks in full again)."""
        self._checker = None
        return self.refresh(None, progress)

    def refresh(
        self, changes: ChangeSet | None = None, progress: Progress = NO_PROGRESS
    ) -> CheckResult:
        """After ``changes`` (None: anything may have changed), the findings and facts
        of the plan as it is now."""
        from planner.rules.incremental import IncrementalChecker

        checker = self._checker
        try:
            if not isinstance(checker, IncrementalChecker):
                checker = IncrementalChecker(self._plan, progress)
                self._checker = checker
                self.full_checks += 1
            else:
                before = checker.full_checks
                checker.refresh(None if changes is None or changes.whole_plan else changes)
                self.full_checks += checker.full_checks - before
        except BaseException:
            self._checker = None  # a checker in doubt is no checker
            raise
        findings = tuple(checker.findings)
        self._result = CheckResult(findings, checker.facts(self._today()))
        return self._result

    def forget(self) -> None:
        """Drop the state: the next refresh checks the whole plan."""
        self._checker = None
        self._result = None


def check_plan(plan: Plan, progress: Progress = NO_PROGRESS) -> list[Finding]:
    """Every rule over the plan, from scratch, keeping nothing."""
    from planner.rules.engine import check_plan as check

    return check(plan, progress)


def check_roster(
    plan: Plan,
    *,
    rotation: str | None = None,
    mission: str | None = None,
    on: dt.date | None = None,
) -> list[Finding]:
    from planner.rules.scope import check_scope

    return check_scope(plan, rotation=rotation, mission=mission, on=on)
