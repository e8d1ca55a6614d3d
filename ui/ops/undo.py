"""An operation that went through, as a step of the undo stack.

A command is made only after its operation succeeded on the worker, and pushed then: a
refused edit never reaches the stack. Its first ``redo`` (QUndoStack.push calls it) only
announces what the operation changed. Each later ``undo`` / ``redo`` hands the revert of
what the last step did to ``Steps.submit``, which runs it on the worker and announces the
result; the command returns at once, so the window never waits for the database. The
command's text is the ChangeSet's description: the undo history reads like a log.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from planner.app import ChangeSet


class Direction(Enum):
    UNDO = auto()
    REDO = auto()


@dataclass(eq=False)
class StepState:
    """What the operation did (``done``) and what its last undo did (``undone``): each
    step reverts one of them. Read on the worker, written on the GUI thread, never at
    once: the runner starts a job only after the previous job's callbacks ran."""

    done: ChangeSet | None
    undone: ChangeSet | None = None


class Steps(Protocol):
    def submit(self, command: OperationCommand, direction: Direction) -> None:
        """Run the revert of ``command``'s last step on the worker."""
        ...

    def announce(self, change_set: ChangeSet) -> None:
        """Tell the window what changed."""
        ...


class OperationCommand(QUndoCommand):
    def __init__(self, steps: Steps, done: ChangeSet) -> None:
        super().__init__(done.description or QCoreApplication.translate("OperationCommand", "Edit"))
        self.state = StepState(done)
        self._steps = steps
        self._pushed = False
        self._skip_next = False

    def skip_next_step(self) -> None:
        """The next undo or redo moves the stack only: the plan is already there (after a
        step that failed, the stack is put back where the plan is)."""
        self._skip_next = True

    def redo(self) -> None:
        if not self._pushed:
            # QUndoStack.push: the operation ran already; only tell the window.
            self._pushed = True
            if self.state.done is not None:
                self._steps.announce(self.state.done)
            return
        self._step(Direction.REDO)

    def undo(self) -> None:
        self._step(Direction.UNDO)

    def _step(self, direction: Direction) -> None:
        if self._skip_next:
            self._skip_next = False
            return
        self._steps.submit(self, direction)
