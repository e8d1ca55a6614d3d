"""Every edit in the window is a QUndoCommand over a service.

The first redo is the service call itself (``perform``, run before the command is pushed
so that a refused edit never reaches the stack); undo is ``services.revert`` of what the
service did, and each later redo is ``services.revert`` of what the undo did. The command's
text is the ChangeSet's description, so the undo history reads like a log of the day.

An undo or redo can meet a conflict (another planner changed or deleted the row since):
nothing is written, the command marks itself obsolete (QUndoStack then drops it, since it
can no longer be applied) and reports the error, which the window shows with a reload.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from planner import services
from planner.errors import PlannerError
from planner.plan import Plan
from planner.services import ChangeSet

Notify = Callable[[ChangeSet], None]
Report = Callable[[BaseException], None]


class ServiceCommand(QUndoCommand):
    def __init__(
        self,
        plan: Plan,
        action: Callable[[], ChangeSet],
        notify: Notify,
        report: Report,
    ) -> None:
        super().__init__("Edit")
        self._plan = plan
        self._action = action
        self._notify = notify
        self._report = report
        self._done: ChangeSet | None = None  # what the service (or the last redo) did
        self._undone: ChangeSet | None = None  # what the last undo did

    @property
    def change_set(self) -> ChangeSet | None:
        return self._done

    def perform(self) -> ChangeSet:
        """The first redo: call the service. Errors propagate and nothing is recorded."""
        self._done = self._action()
        self.setText(self._done.description or "Edit")
        return self._done

    def redo(self) -> None:
        if self._undone is None:
            # Pushed right after perform(): the service ran already; only tell the window.
            if self._done is None:
                self._apply(self.perform)
            elif not self.isObsolete():
                self._notify(self._done)
            return
        undone = self._undone

        def again() -> ChangeSet:
            self._done = services.revert(self._plan, undone)
            return self._done

        self._apply(again)

    def undo(self) -> None:
        done = self._done
        if done is None:
            return

        def back() -> ChangeSet:
            self._undone = services.revert(self._plan, done)
            return self._undone

        self._apply(back)

    def _apply(self, step: Callable[[], ChangeSet]) -> None:
        try:
            result = step()
        except PlannerError as exc:
            # QUndoStack deletes an obsolete command instead of moving past it: the stack
            # then matches the plan, which this step did not change.
            self.setObsolete(True)
            # Reported after the stack has finished its undo/redo: the report may offer a
            # reload, which clears the stack.
            report, error = self._report, exc
            QTimer.singleShot(0, lambda: report(error))
            return
        self._notify(result)
