"""Keeping the findings fresh: the incremental check reruns on the worker after each edit.

``CheckController`` hands each change set to the rules' IncrementalChecker off the GUI
thread, coalescing bursts of edits, and signals the findings and the overview's numbers
when they are in. Plan ▸ Check plan runs a full check with a cancellable progress dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from planner.plan import Plan
from planner.progress import Progress
from planner.rules.findings import Finding
from planner.services.changes import ChangeSet
from ui.ops.runner import TaskRunner

if TYPE_CHECKING:  # the rules load on the worker's first check, not at import
    from planner.queries.overview import Overview


class CheckController(QObject):
    """Keeps the findings fresh: reruns the incremental check on the worker after edits.

    Edits in quick succession coalesce: while a check runs, further change sets wait and
    the checker then runs once more with all of them, in order."""

    findings_changed = Signal(object)  # list[Finding]; object: passed as is, not copied
    overview_changed = Signal(object)  # planner.queries.overview.Overview, after findings
    checking_changed = Signal(bool)

    def __init__(
        self,
        plan: Plan,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        today: Callable[[], dt.date] | None = None,
        report: Callable[[BaseException], object] | None = None,
    ) -> None:
        """``report`` shows a check that failed (default: the runner's report)."""
        super().__init__(parent if parent is not None else runner)
        self._report = report
        self.plan = plan
        self.runner = runner
        self.today = today or dt.date.today
        self.findings: list[Finding] = []
        # The overview page's numbers, shaped from the checker's own state in the same
        # job (no second read of the plan); None until the first check.
        self.overview: Overview | None = None
        self._checker: Any = None  # planner.rules.engine.IncrementalChecker, made on first use
        self._running = False
        self._pending: list[ChangeSet | None] = []
        self.refresh_count = 0  # finished refreshes (tests and the status bar use it)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def checker(self) -> Any:
        """The IncrementalChecker (None before the first check); read it only while the
        controller is not running: the worker owns it meanwhile."""
        return self._checker

    def refresh(self, change_set: ChangeSet | None = None) -> None:
        """Recheck after ``change_set`` (None: anything may have changed)."""
        self._pending.append(change_set)
        if not self._running:
            self._start()

    def check_now(self) -> None:
        """Plan ▸ Check plan: a full check with a progress dialog that can be cancelled.

        The incremental checker keeps its own state; this only replaces the findings
        shown (they are the same findings, computed from scratch)."""
        plan = self.plan

        def work(progress: Progress) -> list[Finding]:
            from planner.rules.engine import check_plan

            return check_plan(plan, progress)

        self.runner.run(self.tr("Checking the plan"), work, self._checked_in_full)

    def _checked_in_full(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.findings_changed.emit(findings)

    def _start(self) -> None:
        batch, self._pending = self._pending, []
        # One None (reload everything) makes the change sets before it irrelevant.
        if any(change_set is None for change_set in batch):
            batch = [None]
        self._running = True
        self.checking_changed.emit(True)
        self.runner.run(
            self.tr("Checking the plan"),
            lambda progress: self._work(batch, progress),
            self._done,
            self._failed,
            on_cancel=self._cancelled,
            quiet=True,
        )

    def _work(
        self, batch: list[ChangeSet | None], progress: Progress
    ) -> tuple[list[Finding], Overview]:
        # Runs on the worker thread: touches the checker and the database, never a widget.
        from planner.queries.overview import checker_overview
        from planner.rules.engine import IncrementalChecker

        if self._checker is None:
            # Made now, it checks the plan as it is: every change in the batch is in it.
            self._checker = IncrementalChecker(self.plan, progress)
            batch = []
        findings: list[Finding] = self._checker.findings
        for change_set in batch:
            findings = self._checker.refresh(change_set)
        return findings, checker_overview(self._checker, findings, self.today())

    def _finish(self) -> None:
        self._running = False
        if self._pending:
            self._start()
        else:
            self.checking_changed.emit(False)

    def _done(self, result: tuple[list[Finding], Overview]) -> None:
        self.findings, self.overview = result
        self.refresh_count += 1
        # Not running while the listeners look (they may read .overview or refresh).
        self._running = False
        self.findings_changed.emit(self.findings)
        self.overview_changed.emit(self.overview)
        self._finish()

    def _failed(self, exc: BaseException) -> None:
        # The next refresh starts from a full check rather than a checker in doubt.
        self._checker = None
        self._finish()
        if self._report is not None:
            self._report(exc)

    def _cancelled(self) -> None:
        self._checker = None
        self._finish()
