"""The task runner: work off the GUI thread, progress, cancel, results through signals."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton
from sqlalchemy import func, select

from planner.errors import PlannerError
from planner.models import Mission
from planner.plan import Plan
from planner.progress import Cancelled, Progress
from ui.ops.runner import TaskRunner


@pytest.fixture
def window(qtbot: Any) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def runner(window: QMainWindow, answers: Any) -> TaskRunner:
    """A runner that shows unhandled errors through the window's Messages (recorded)."""
    return TaskRunner(
        window,
        report=lambda exc: answers.error(window, exc),
        status=lambda text: window.statusBar().showMessage(text),
    )


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(
    runner: TaskRunner,
) -> None:
    gui = threading.get_ident()
    seen: dict[str, Any] = {}

    def work(progress: Progress) -> int:
        seen["work_thread"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["done_thread"] = threading.get_ident()

    runner.run("Adding", work, done)
    assert runner.busy
    assert runner.wait_idle(5)
    assert not runner.busy
    assert seen["result"] == 42
    assert seen["work_thread"] != gui
    assert seen["done_thread"] == gui


def test_all_jobs_run_in_order_in_one_worker_thread(runner: TaskRunner) -> None:
    threads: list[int] = []
    order: list[int] = []
    for number in range(5):
        runner.run(
            f"Job {number}",
            lambda _p, n=number: (threads.append(threading.get_ident()), n)[1],
            order.append,
        )
    assert runner.wait_idle(5)
    assert order == [0, 1, 2, 3, 4]
    assert len(set(threads)) == 1


def test_event_loop_keeps_running_and_progress_reaches_the_gui(
    qtbot: Any, runner: TaskRunner
) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    reports: list[tuple[int, int]] = []
    runner.progress_changed.connect(lambda _t, done, total, _x: reports.append((done, total)))

    def work(progress: Progress) -> str:
        # Pure Python work (it holds the GIL between switches), like a check or import.
        end = time.monotonic() + 0.6
        step = 0
        while time.monotonic() < end:
            step += 1
            progress.step(min(step, 999), 1000, "working")
        progress.step(1000, 1000, "done")
        return "ok"

    results: list[str] = []
    runner.run("Working", work, results.append)
    assert runner.wait_idle(10)
    timer.stop()
    assert results == ["ok"]
    assert len(ticks) >= 10, f"the GUI timer fired only {len(ticks)} times in 0.6 s"
    assert reports[-1] == (1000, 1000)
    # Throttled: a tight loop does not flood the GUI with one signal per step.
    assert len(reports) < 100


def test_quick_work_shows_no_dialog_slow_work_does(qtbot: Any, runner: TaskRunner) -> None:
    runner.run("Quick", lambda _p: None, lambda _r: None)
    assert runner.wait_idle(5)
    assert runner.progress_dialog is None

    release = threading.Event()
    runner.run("Slow", lambda _p: release.wait(5), lambda _r: None)
    qtbot.waitUntil(lambda: runner.progress_dialog is not None, timeout=3000)
    dialog = runner.progress_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.labelText().startswith("Slow")
    release.set()
    assert runner.wait_idle(5)
    assert runner.progress_dialog is None


def test_cancel_from_the_dialog_stops_the_work_and_leaves_the_plan_unchanged(
    qtbot: Any, runner: TaskRunner, window: QMainWindow, plan: Plan, answers: Any
) -> None:
    started = threading.Event()

    def work(progress: Progress) -> int:
        # Writes rows in one transaction, checking for cancel between rows.
        with plan.write() as session:
            for number in range(10_000):
                session.add(Mission(code=f"M{number:05}", name=f"Mission {number}"))
                session.flush()
                started.set()
                progress.step(number, 10_000, f"row {number}")
                time.sleep(0.001)
        return 10_000

    outcomes: list[str] = []
    runner.run(
        "Importing",
        work,
        lambda _r: outcomes.append("done"),
        lambda exc: outcomes.append(f"error {exc}"),
        on_cancel=lambda: outcomes.append("cancelled"),
    )
    qtbot.waitUntil(lambda: runner.progress_dialog is not None, timeout=3000)
    assert started.is_set()
    dialog = runner.progress_dialog
    assert dialog is not None
    cancelled: list[str] = []
    runner.cancelled.connect(cancelled.append)
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle(10)
    assert outcomes == ["cancelled"]
    assert cancelled == ["Importing"]
    assert answers.errors() == []
    assert "cancelled" in window.statusBar().currentMessage()
    with plan.read() as session:
        assert session.scalar(select(func.count()).select_from(Mission)) == 0


def test_cancel_drops_waiting_jobs(qtbot: Any, runner: TaskRunner) -> None:
    release = threading.Event()

    def wait(progress: Progress) -> None:
        while not release.wait(0.01):
            progress.step(0, 0)

    ran: list[str] = []
    runner.run("First", wait, lambda _r: ran.append("first"), on_cancel=lambda: ran.append("c"))
    runner.run("Second", lambda _p: None, lambda _r: ran.append("second"))
    runner.cancel()
    assert runner.wait_idle(5)
    assert ran == ["c"]


def test_an_error_goes_to_on_error_on_the_gui_thread(runner: TaskRunner) -> None:
    seen: list[tuple[BaseException, int]] = []

    def work(progress: Progress) -> None:
        raise PlannerError("The workbook is not a plan workbook.")

    runner.run(
        "Importing", work, lambda _r: None, lambda e: seen.append((e, threading.get_ident()))
    )
    assert runner.wait_idle(5)
    assert len(seen) == 1
    assert str(seen[0][0]) == "The workbook is not a plan workbook."
    assert seen[0][1] == threading.get_ident()


def test_without_on_error_the_error_is_shown_in_a_box(runner: TaskRunner, answers: Any) -> None:
    runner.run("Exporting", lambda _p: 1 / 0, lambda _r: None)
    assert runner.wait_idle(5)
    box: QMessageBox = answers.last_error()
    assert box.isVisible()
    assert box.text() == "Something went wrong: division by zero"
    assert "ZeroDivisionError" in box.detailedText()
    assert "Traceback" not in box.text()
    box.close()


def test_an_error_in_a_callback_is_shown_not_lost(runner: TaskRunner, answers: Any) -> None:
    def done(_result: object) -> None:
        raise PlannerError("The view could not be refreshed.")

    runner.run("Loading", lambda _p: None, done)
    runner.run("Next", lambda _p: 7, lambda _r: None)
    assert runner.wait_idle(5)
    assert answers.last_error().text() == "The view could not be refreshed."


def test_cancelled_raised_by_work_itself_is_a_cancel_not_an_error(
    runner: TaskRunner, answers: Any
) -> None:
    def work(progress: Progress) -> None:
        raise Cancelled("The check")

    errors: list[BaseException] = []
    runner.run("Checking", work, lambda _r: None, errors.append)
    assert runner.wait_idle(5)
    assert errors == []
    assert answers.errors() == []


def test_a_window_destroyed_without_shutdown_still_stops_its_worker_quietly(
    qtbot: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    window = QMainWindow()
    runner = TaskRunner(window)
    started = threading.Event()

    def work(progress: Progress) -> None:
        started.set()
        while True:
            progress.step(0, 0)
            time.sleep(0.005)

    runner.run("Forever", work, lambda _r: None)
    assert started.wait(5)
    thread = runner._thread
    capfd.readouterr()
    window.deleteLater()
    qtbot.waitUntil(lambda: not thread.isRunning(), timeout=5000)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err and "QThread" not in err


def test_shutdown_cancels_stops_the_thread_and_takes_no_more_work(
    qtbot: Any, runner: TaskRunner
) -> None:
    started = threading.Event()
    outcomes: list[object] = []

    def work(progress: Progress) -> None:
        started.set()
        while True:
            progress.step(0, 0)
            time.sleep(0.005)

    runner.run("Forever", work, outcomes.append, outcomes.append, on_cancel=lambda: None)
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert runner.shutdown(5)
    assert not runner._thread.isRunning() and not runner.busy and runner.stopped
    runner.run("Later", lambda _p: 1, outcomes.append)
    qtbot.wait(50)  # the cancelled job's last signal arrives and is dropped
    assert outcomes == [] and not runner.busy
    assert runner.shutdown()  # a second time is harmless
