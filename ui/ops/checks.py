"""Keeping the findings and the facts fresh: the plan's checker reruns on the worker
after each change.

``CheckController`` hands each ChangeSet to the session's checker (planner.app's
PlanChecker) off the GUI thread, coalescing bursts of edits, and signals the findings
and the PlanFacts the same check published (the Overview renders those: no second read
of the plan). Plan ▸ Check plan runs a full check with a cancellable progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.ops.runner import TaskRunner

if TYPE_CHECKING:
    from planner.app import ChangeSet, CheckResult, Finding, PlanFacts, PlanSession, Progress


class CheckController(QObject):
    """Reruns the checker on the worker after edits.

    Edits in quick succession coalesce: while a check runs, further change sets wait and
    the checker then runs once more with all of them, in order."""

    findings_changed = Signal(object)  # list[Finding]; object: passed as is, not copied
    facts_changed = Signal(object)  # PlanFacts, after the findings of the same check
    checking_changed = Signal(bool)

    def __init__(
        self,
        session: PlanSession,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        report: Callable[[BaseException], object] | None = None,
    ) -> None:
        """``report`` shows a check that failed."""
        super().__init__(parent if parent is not None else runner)
        self.session = session
        self.runner = runner
        self._report = report
        self.findings: list[Finding] = []
        self.facts: PlanFacts | None = None  # None until the first check
        self._running = False
        self._pending: list[ChangeSet | None] = []
        self.refresh_count = 0  # finished refreshes (tests and the status bar use it)

    @property
    def running(self) -> bool:
        return self._running

    def refresh(self, change_set: ChangeSet | None = None) -> None:
        """Recheck after ``change_set`` (None: anything may have changed)."""
        self._pending.append(change_set)
        if not self._running:
            self._start()

    def check_now(self) -> None:
        """Plan ▸ Check plan: a full check with a progress dialog that can be cancelled
        (it runs after any check already queued)."""
        session = self.session
        self.runner.run(
            self.tr("Checking the plan"),
            lambda progress: session.checker.check(progress),
            self._publish,
            self._full_check_failed,
            on_cancel=session.checker.forget,
        )

    def _full_check_failed(self, exc: BaseException) -> None:
        self.session.checker.forget()
        if self._report is not None:
            self._report(exc)

    def _start(self) -> None:
        batch, self._pending = self._pending, []
        # One None (reload everything) makes the change sets before it irrelevant.
        if any(change_set is None or change_set.whole_plan for change_set in batch):
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

    def _work(self, batch: list[ChangeSet | None], progress: Progress) -> CheckResult:
        # Runs on the worker thread: touches the checker and the database, never a widget.
        checker = self.session.checker
        if checker.result is None:
            # The first check sees the plan as it is: every change in the batch is in it.
            return checker.refresh(None, progress)
        result = checker.result
        for change_set in batch:
            result = checker.refresh(change_set, progress)
        return result

    def _finish(self) -> None:
        self._running = False
        if self._pending:
            self._start()
        else:
            self.checking_changed.emit(False)

    def _done(self, result: CheckResult) -> None:
        # Not running while the listeners look (they may read .facts or refresh).
        self._running = False
        self._publish(result)
        self._finish()

    def _publish(self, result: CheckResult) -> None:
        self.findings, self.facts = list(result.findings), result.facts
        self.refresh_count += 1
        self.findings_changed.emit(self.findings)
        self.facts_changed.emit(self.facts)

    def _failed(self, exc: BaseException) -> None:
        # The next refresh starts from a full check rather than a checker in doubt.
        self.session.checker.forget()
        self._finish()
        if self._report is not None:
            self._report(exc)

    def _cancelled(self) -> None:
        self.session.checker.forget()
        self._finish()
