"""Long work off the GUI thread: one worker thread for all database work.

``TaskRunner.run(title, work, on_done, on_error)`` queues ``work(progress)``; a single
worker thread runs the jobs one after another (SQLite wants one writer, and one queue
keeps the order of edits and checks). The worker reports progress and results only
through queued signals, so no widget is ever touched from it. A progress dialog appears
after a short delay (quick work does not flash a dialog) and its Cancel button cancels the
job's ``Progress``: the next ``progress.step`` raises ``Cancelled``, the work's transaction
rolls back, and the runner reports "cancelled" in the status bar without an error box.

Teardown: the window calls ``shutdown()`` when it closes, before anything is destroyed:
the running job is cancelled, the waiting ones dropped, and the thread stopped and waited
for. A runner whose parent is destroyed without that (a test's bare window) stops its
thread from the parent's ``destroyed`` signal, and any thread still running at exit is
stopped by an atexit hook: a QThread destroyed while it runs aborts the process.
"""

from __future__ import annotations

import atexit
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import Shiboken

if TYPE_CHECKING:  # planner.app loads with the first job, after the window is shown
    from planner.app import Progress

T = TypeVar("T")

STOP_TIMEOUT_S = 30.0
"""How long teardown waits for a cancelled job to reach its next progress step."""

SHOW_DELAY_MS = 300
"""Work that ends sooner never shows a progress dialog."""

PROGRESS_INTERVAL_S = 0.05
"""At most one progress signal per interval, so a tight loop cannot flood the GUI queue."""


# Threads still running are kept here (not only by their runner) so that a runner deleted
# with its window never destroys a running QThread, which would abort the process; each
# with its runner, whose job is cancelled when the thread must stop.
_LIVE_THREADS: dict[QThread, weakref.ref[TaskRunner]] = {}


@atexit.register
def _stop_live_threads() -> None:
    for thread, runner in list(_LIVE_THREADS.items()):
        _cancel(runner)
        _stop(thread, STOP_TIMEOUT_S)


@dataclass(eq=False)
class Job(Generic[T]):
    """One queued piece of work and what to do with its outcome."""

    title: str
    work: Callable[[Progress], T]
    on_done: Callable[[T], None]
    on_error: Callable[[BaseException], object] | None
    on_cancel: Callable[[], None] | None
    quiet: bool
    emit: Callable[[Job[Any], int, int, str], None]
    progress: Progress = field(init=False)
    # Last reported (done, total, text): the dialog shows it when it appears.
    state: tuple[int, int, str] = (0, 0, "")
    _last_emit: float = 0.0

    def __post_init__(self) -> None:
        from planner.app import Progress

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

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        report: Callable[[BaseException], object] | None = None,
        status: Callable[[str], None] | None = None,
    ) -> None:
        """``report`` shows an error no job handled (default: the status bar), ``status``
        a passing message (cancelled jobs)."""
        super().__init__(parent)
        self._parent_widget = parent
        self._report_error = report
        self._show_status = status
        self._queue: deque[Job[Any]] = deque()
        self._current: Job[Any] | None = None
        self._stopped = False
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
        _LIVE_THREADS[self._thread] = weakref.ref(self)
        self._thread.start()
        # The fallback for a parent destroyed without shutdown(). The closure holds the
        # thread, not self: by then self (a child of the parent) is half-deleted.
        self._stopper: Callable[..., None] | None = None
        if parent is not None:
            self._stopper = _make_stopper(self._thread)
            parent.destroyed.connect(self._stopper)

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
        on_error: Callable[[BaseException], object] | None = None,
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
        if self._stopped:
            return  # the window is closing: nothing may start any more
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

    @property
    def stopped(self) -> bool:
        """Whether ``shutdown`` ran: the runner takes no more work."""
        return self._stopped

    def shutdown(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Cancel what runs, drop what waits and stop the worker thread (the window calls
        this when it closes, while everything is still alive). Outcomes still on their
        way are dropped: the window they were for is going. Returns False if the running
        job did not reach a progress step within ``timeout`` seconds; the thread is then
        left to the atexit hook rather than destroyed while it runs."""
        if self._stopped:
            return not self._thread.isRunning()
        self._stopped = True
        self.cancel()
        self._show_timer.stop()
        self._close_dialog()
        self._current = None
        if self._stopper is not None and self._parent_widget is not None:
            self._parent_widget.destroyed.disconnect(self._stopper)
            self._stopper = None
        return _stop(self._thread, timeout)

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
        dialog = QProgressDialog(job.title, self.tr("Cancel"), 0, 0, self._parent_widget)
        dialog.setWindowTitle(job.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(380)  # room for "Personnel, row 2,600" beside the title
        dialog.canceled.connect(self._cancel_from_dialog)
        self._dialog = dialog
        self._apply_state(job)
        dialog.show()

    def _cancel_from_dialog(self) -> None:
        if self._current is not None:
            self._current.progress.cancel()
            self._status(self.tr("Cancelling: {job}…").format(job=self._current.title))

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
            dialog.setLabelText(self.tr("{job}\n{step}").format(job=job.title, step=text))

    @Slot(object, int, int, str)
    def _on_progress(self, job: Job[Any], done: int, total: int, text: str) -> None:
        if self._stopped:
            return
        job.state = (done, total, text)
        self.progress_changed.emit(job.title, done, total, text)
        if job is self._current:
            self._apply_state(job)

    @Slot(object, object)
    def _on_finished(self, job: Job[Any], result: object) -> None:
        if self._stopped:
            return
        self._end(job)
        self._call(job.on_done, result)
        self._start_next()

    @Slot(object, object)
    def _on_failed(self, job: Job[Any], exc: BaseException) -> None:
        if self._stopped:
            return
        self._end(job)
        from planner.app import Cancelled

        if isinstance(exc, Cancelled):
            self._status(self.tr("{job}: cancelled; nothing was changed.").format(job=job.title))
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
        self._close_dialog()

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._cancel_from_dialog)
            self._dialog.reset()
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _call(self, callback: Callable[..., object], *args: object) -> None:
        # An exception escaping a slot would be lost (or kill a test run): show it.
        try:
            callback(*args)
        except Exception as exc:
            self._report(exc)

    def _report(self, exc: BaseException) -> None:
        if self._report_error is not None:
            self._report_error(exc)
        else:
            # Nobody to show it to: the error must not pass unseen in a log either.
            import traceback

            traceback.print_exception(exc)

    def _status(self, text: str) -> None:
        if self._show_status is not None:
            self._show_status(text)


def _make_stopper(thread: QThread) -> Callable[..., None]:
    def stop(*_args: object) -> None:
        runner = _LIVE_THREADS.get(thread)
        if runner is not None:
            _cancel(runner)
        _stop(thread, STOP_TIMEOUT_S)

    return stop


def _cancel(runner: weakref.ref[TaskRunner]) -> None:
    alive = runner()
    # The runner is a child of the destroyed parent: its C++ side may be gone first.
    if alive is not None and Shiboken.isValid(alive):
        alive.cancel()


def _stop(thread: QThread, timeout: float) -> bool:
    """Quit ``thread``'s event loop once its job ends; True when it has stopped."""
    if not Shiboken.isValid(thread):
        # Shiboken deletes what is left at interpreter exit; it only deletes a QThread
        # that no longer runs (one that runs is in _LIVE_THREADS, which keeps it).
        _LIVE_THREADS.pop(thread, None)
        return True
    thread.quit()
    if not thread.wait(int(timeout * 1000)):
        return False  # still in its job: keep it alive (and listed) rather than abort
    _LIVE_THREADS.pop(thread, None)
    return True
