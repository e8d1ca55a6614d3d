"""The checker of an open plan: findings and facts, kept current edit by edit.

``PlanChecker.refresh(changes)`` brings the findings and the PlanFacts up to date after
a ChangeSet (the first call, or ``changes=None``, checks the whole plan); ``check``
checks the whole plan again. Each returns a ``CheckResult``. One caller at a time (the
window's single worker): the checker keeps state between calls.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable

from planner.app.result import CheckResult
from planner.changes import ChangeSet
from planner.plan import Plan
from planner.progress import NO_PROGRESS, Progress
from planner.queries.patch import read_patch
from planner.queries.scope import check_scope
from planner.queries.snapshot import load_snapshot
from planner.rules.engine import IncrementalChecker, check
from planner.rules.findings import Finding
from planner.rules.snapshot import paused_gc


class PlanChecker:
    """Findings and facts of one plan, kept current after each ChangeSet."""

    def __init__(self, plan: Plan, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._plan = plan
        self._today = today
        self._checker: IncrementalChecker | None = None
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
        of the plan as it is now: a full check the first time and after an edit to what
        every rule reads; else only the rows ``changes`` reached are read again."""
        try:
            checker = self._checker
            wanted = None
            if checker is not None and changes is not None:
                wanted = checker.wanted(changes)
            if checker is None or wanted is None:
                checker = self._checker = self._check_all(progress)
            elif wanted:
                checker.apply(read_patch(self._plan, wanted))
        except BaseException:
            self._checker = None  # a checker in doubt is no checker
            raise
        self._result = CheckResult(tuple(checker.findings), checker.facts(self._today()))
        return self._result

    def forget(self) -> None:
        """Drop the state: the next refresh checks the whole plan."""
        self._checker = None
        self._result = None

    def _check_all(self, progress: Progress) -> IncrementalChecker:
        progress.step(0, 4, "Reading the plan")
        with paused_gc():
            checker = IncrementalChecker(load_snapshot(self._plan), progress)
        progress.step(4, 4, "Done")
        # The check made hundreds of thousands of objects while the cycle collector was
        # held (see ``paused_gc``); left to it, the first edits would pay for scanning
        # them all, and collecting them now costs a seventh of a second. They live as
        # long as the checker and hold no cycles (reference counting frees them when a
        # full check replaces them), so they are moved out of its sight instead.
        gc.freeze()
        self.full_checks += 1
        return checker


def check_plan(plan: Plan, progress: Progress = NO_PROGRESS) -> list[Finding]:
    """Read the plan and check it, from scratch, keeping nothing. Cancelling
    ``progress`` stops it at the next step (Cancelled is raised)."""
    progress.step(0, 4, "Reading the plan")
    with paused_gc():
        snapshot = load_snapshot(plan)
        findings = check(snapshot, progress)
        # Let the rows go before the collector runs again: it then scans the findings
        # only, not every row of the plan.
        del snapshot
    progress.step(4, 4, "Done")
    return findings


def check_roster(
    plan: Plan,
    *,
    rotation: str | None = None,
    mission: str | None = None,
    on: dt.date | None = None,
) -> list[Finding]:
    """The findings about one roster (see ``planner.queries.scope``)."""
    return check_scope(plan, rotation=rotation, mission=mission, on=on)
