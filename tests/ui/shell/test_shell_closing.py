"""Closing the window while work runs: the job is cancelled, the worker stops before the
window is destroyed, the plan closes after it, and nothing is printed on the way out."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from planner.progress import Cancelled, Progress
from ui.shell.window import MainWindow


def _problems(err: str) -> list[str]:
    return [
        line
        for line in err.splitlines()
        if any(word in line for word in ("Traceback", "Error", "QThread", "Fatal"))
    ]


def test_closing_the_window_while_a_job_runs_cancels_it_and_prints_nothing(
    qtbot: Any, demo_session: Any, capfd: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    unraisable: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    window = MainWindow(demo_session, restore=False)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.checks.refresh_count >= 1, timeout=60_000)

    started = threading.Event()
    seen: list[str] = []
    outcomes: list[object] = []

    def forever(progress: Progress) -> None:
        started.set()
        try:
            while True:
                progress.step(0, 0, "importing")
                time.sleep(0.005)
        except Cancelled:
            seen.append("cancelled")
            raise

    window.runner.run(
        "Importing", forever, outcomes.append, outcomes.append, on_cancel=lambda: outcomes.append(0)
    )
    window.runner.run("Exporting", lambda _p: seen.append("queued job ran"), outcomes.append)
    qtbot.waitUntil(started.is_set, timeout=30_000)
    thread = window.runner._thread
    capfd.readouterr()  # from here on: only what closing prints

    window.close()
    assert seen == ["cancelled"] and not thread.isRunning()
    assert window.has_plan and window.session.plan.closed
    assert not window.runner.busy and window.runner.stopped
    # Destroying the window afterwards (the parent's destroyed signal) finds nothing to do.
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(100)  # the worker's last signals arrive and are dropped

    assert outcomes == [], "nothing is handed to a closed window"
    assert _problems(capfd.readouterr().err) == []
    assert unraisable == []


def test_closing_the_window_before_its_first_check_started_prints_nothing(
    qtbot: Any, demo_session: Any, capfd: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    """The window queues its first check and a dock raise for the event loop; closed and
    destroyed before those run, they must not run on deleted objects."""
    unraisable: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    window = MainWindow(demo_session, restore=False)
    window.show()
    capfd.readouterr()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(100)
    assert demo_session.closed
    assert _problems(capfd.readouterr().err) == []
    assert unraisable == []
