"""Long work off the GUI thread: one worker thread for all database work.

``TaskRunner.run(title, work, on_done, on_error)`` queues ``work(progress)``; a single
worker thread runs the jobs one after another (SQLite wants one writer, and one queue
keeps the order of edits and checks). The worker reports progress and results only
through queued signals, so no widget is ever touched from it. A progress dialog appears
after a short delay (quick work does not flash a dialog) and its Cancel button cancels the
job's ``Progress``: the next ``progress.step`` raises ``Cancelled``, the work's transaction
rolls back, and the runner reports "cancelled" in the status bar without an error box.
"""

from __future__ import annotations

import atexit
import contextlib
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QProgressDialog, QWidget

from planner.progress import Cancelled, Progress

T = TypeVar("T")

SHOW_DELAY_MS = 300
"""Work that ends sooner never shows a progress dialog."""

PROGRESS_INTERVAL_S = 0.05
"""At most one progress signal per interval, so a tight loop cannot flood the GUI queue."""


# Threads still running are kept here (not only by their runner) so that a runner deleted
# with its window never destroys a running QThread, which would abort the process.
_LIVE_THREADS: set[QThread] = set()


@atexit.register
def _stop_live_threads() -> None:
    for thread in list(_LIVE_THREADS):
        _stop(thread)
    _LIVE_THREADS.clear()


@dataclass(eq=False)
class Job(Generic[T]):
    """One queued piece of work and what to do with its outcome."""

    title: str
    work: Callable[[Progress], T]
    on_done: Callable[[T], None]
    on_error: Callable[[BaseException], None] | None
    on_cancel: Callable[[], None] | None
    quiet: bool
    emit: Callable[[Job[Any], int, int, str], None]
    progress: Progress = field(init=False)
    # Last reported (done, total, text): the dialog shows it when it appears.
    state: tuple[int, int, str] = (0, 0, "")
    _last_emit: float = 0.0

    def __post_init__(self) -> None:
        self.progress = Progress(self._report)

    def _report(self, done: int, total: int, text: str) -> None:
        # Called in the worker thread; emit is a queued signal to the GUI thread.
        now = time.monotonic()
        if now - self._last_emit >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_emit = now
            self.emit(self, done, total, text)


class _Worker(QObject):
    """Lives in the worker thread; runs a job when asked and signals how it went."""

    progressed = Signal(object, int, int, str)
    finished = Signal(object, object)
    failed = Signal(object, object)

    @Slot(object)
    def run_job(self, job: Job[Any]) -> None:
        try:
            result = job.work(job.progress)
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.failed.emit(job, exc)
        else:
            self.finished.emit(job, result)


class TaskRunner(QObject):
    """Runs work in one worker thread with a cancellable, delayed progress dialog."""

    started = Signal(str)  # title of the job that starts
    progress_changed = Signal(str, int, int, str)  # title, done, total, text
    cancelled = Signal(str)  # title of a job that was cancelled
    idle = Signal()  # the queue is empty and every callback has run
    _submit = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._queue: deque[Job[Any]] = deque()
        self._current: Job[Any] | None = None
        self._dialog: QProgressDialog | None = None
        self._thread = QThread()
        self._thread.setObjectName("planner-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run_job, Qt.ConnectionType.QueuedConnection)
        self._worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._thread.finished.connect(self._worker.deleteLater)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_DELAY_MS)
        self._show_timer.timeout.connect(self._show_dialog)
        _LIVE_THREADS.add(self._thread)
        self._thread.start()
        # Stop the thread when the window goes away (and at exit, see _LIVE_THREADS); the
        # closure holds the thread, not self, because self may already be half-deleted.
        if parent is not None:
            parent.destroyed.connect(_make_stopper(self._thread, weakref.ref(self)))

    # -- public API ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a job is running or waiting."""
        return self._current is not None or bool(self._queue)

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        """The dialog of the running job, once it is shown (tests click its Cancel)."""
        return self._dialog

    def run(
        self,
        title: str,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        on_cancel: Callable[[], None] | None = None,
        quiet: bool = False,
    ) -> None:
        """Queue ``work(progress)`` for the worker thread.

        ``on_done(result)`` or ``on_error(exc)`` run later on the GUI thread; without
        ``on_error`` the error is shown in a message box. A cancelled job calls
        ``on_cancel`` (if given) and says so in the status bar. ``quiet`` jobs (the
        background check after each edit) never show a dialog.
        """
        job: Job[T] = Job(
            title, work, on_done, on_error, on_cancel, quiet, self._worker.progressed.emit
        )
        self._queue.append(job)
        if self._current is None:
            self._start_next()

    def cancel(self) -> None:
        """Cancel the running job and drop the waiting ones."""
        self._queue.clear()
        if self._current is not None:
            self._current.progress.cancel()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Run the event loop until every queued job and its callback is done.

        For tests and for closing the window; returns False if ``timeout`` (seconds)
        passed first."""
        deadline = time.monotonic() + timeout
        while self.busy:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            loop = QEventLoop()
            self.idle.connect(loop.quit)
            QTimer.singleShot(min(int(remaining * 1000) + 1, 50), loop.quit)
            loop.exec()
            self.idle.disconnect(loop.quit)
        return True

    def shutdown(self, timeout: float = 5.0) -> None:
        """Cancel what runs and stop the worker thread (the window calls this on close)."""
        self.cancel()
        with contextlib.suppress(RuntimeError):
            self._thread.quit()
            self._thread.wait(int(timeout * 1000))
        _LIVE_THREADS.discard(self._thread)

    # -- GUI-thread side ----------------------------------------------------------------

    def _start_next(self) -> None:
        if not self._queue:
            self._current = None
            self.idle.emit()
            return
        job = self._queue.popleft()
        self._current = job
        self.started.emit(job.title)
        if not job.quiet:
            self._show_timer.start()
        self._submit.emit(job)

    def _show_dialog(self) -> None:
        job = self._current
        if job is None or job.quiet or self._dialog is not None:
            return
        dialog = QProgressDialog(job.title, "Cancel", 0, 0, self._parent_widget)
        dialog.setWindowTitle(job.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(self._cancel_from_dialog)
        self._dialog = dialog
        self._apply_state(job)
        dialog.show()

    def _cancel_from_dialog(self) -> None:
        if self._current is not None:
            self._current.progress.cancel()
            self._status(f"Cancelling {self._current.title.lower()}…")

    def _apply_state(self, job: Job[Any]) -> None:
        dialog = self._dialog
        if dialog is None or dialog.wasCanceled():
            return
        done, total, text = job.state
        if total > 0:
            # QProgressDialog takes ints; scale very large totals into its range.
            dialog.setMaximum(min(total, 2**31 - 1))
            dialog.setValue(min(done, dialog.maximum()))
        if text:
            dialog.setLabelText(f"{job.title}\n{text}")

    @Slot(object, int, int, str)
    def _on_progress(self, job: Job[Any], done: int, total: int, text: str) -> None:
        job.state = (done, total, text)
        self.progress_changed.emit(job.title, done, total, text)
        if job is self._current:
            self._apply_state(job)

    @Slot(object, object)
    def _on_finished(self, job: Job[Any], result: object) -> None:
        self._end(job)
        self._call(job.on_done, result)
        self._start_next()

    @Slot(object, object)
    def _on_failed(self, job: Job[Any], exc: BaseException) -> None:
        self._end(job)
        if isinstance(exc, Cancelled):
            self._status(f"{job.title} cancelled; nothing was changed.")
            self.cancelled.emit(job.title)
            if job.on_cancel is not None:
                self._call(job.on_cancel)
        elif job.on_error is not None:
            self._call(job.on_error, exc)
        else:
            self._report(exc)
        self._start_next()

    def _end(self, job: Job[Any]) -> None:
        # _current stays set until _start_next: "busy" holds until the callbacks ran.
        self._show_timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._cancel_from_dialog)
            self._dialog.reset()
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _call(self, callback: Callable[..., None], *args: object) -> None:
        # An exception escaping a slot would be lost (or kill a test run): show it.
        try:
            callback(*args)
        except Exception as exc:
            self._report(exc)

    def _report(self, exc: BaseException) -> None:
        from ui.errors import show_error

        show_error(self._parent_widget, exc)

    def _status(self, text: str) -> None:
        window = self._parent_widget.window() if self._parent_widget is not None else None
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 5000)


def _make_stopper(thread: QThread, runner: weakref.ref[TaskRunner]) -> Callable[..., None]:
    def stop(*_args: object) -> None:
        alive = runner()
        if alive is not None:
            with contextlib.suppress(RuntimeError):  # the C++ side may already be gone
                alive.cancel()
        _stop(thread)

    return stop


def _stop(thread: QThread) -> None:
    # At interpreter exit Shiboken may have deleted the thread object already (it had
    # stopped by then): nothing is left to stop.
    with contextlib.suppress(RuntimeError):
        thread.quit()
        thread.wait(5000)
    _LIVE_THREADS.discard(thread)
