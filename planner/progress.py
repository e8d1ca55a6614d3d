"""Progress and cancellation for long work (import, export, a full check), free of Qt.

Long functions take a ``Progress`` and call ``step``; the window passes one that forwards
to a progress dialog from its worker thread, the command line and tests pass ``NO_PROGRESS``
(or a recording one). Cancelling makes the next ``step`` raise ``Cancelled``, so the work
stops at a point where its transaction is rolled back and nothing is half-written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from planner.errors import PlannerError


class Cancelled(PlannerError):
    def __init__(self, what: str = "The work") -> None:
        super().__init__(f"{what} was cancelled; nothing was changed.")


class Progress:
    """Reports (done, total, text) to an optional callback; thread-safe cancel flag."""

    def __init__(self, callback: Callable[[int, int, str], None] | None = None) -> None:
        self._callback = callback
        self._cancel = threading.Event()

    def step(self, done: int, total: int, text: str = "") -> None:
        # The final step (done == total) reports work that is finished, often already
        # committed or saved: cancelling then is too late, and raising would report
        # "nothing was changed" for a change that was made.
        if self._cancel.is_set() and not (total > 0 and done >= total):
            raise Cancelled()
        if self._callback is not None:
            self._callback(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


NO_PROGRESS = Progress()
