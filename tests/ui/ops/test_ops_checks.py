"""CheckController on the demo plan: a real edit through a service, the incremental check
on the worker thread, and the finding appearing in the dock (and going on undo)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from planner import services
from planner.app import PlanSession
from planner.demo.problems import PLANTED
from planner.models import Rotation
from planner.plan import Plan
from planner.rules.findings import Finding
from ui.findings.dock import FindingsDock
from ui.findings.model import summary_text
from ui.ops.checks import CheckController
from ui.ops.runner import TaskRunner
from ui.overview.page import OverviewWidget

TIMEOUT_MS = 60_000


@pytest.fixture
def window(qtbot: Any) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    return window


def _controller(
    window: QMainWindow, plan: Plan, answers: Any = None
) -> tuple[CheckController, FindingsDock]:
    runner = TaskRunner(window)
    report = None if answers is None else (lambda exc: answers.error(window, exc))
    controller = CheckController(PlanSession(plan), runner, report=report)
    dock = FindingsDock(window)
    controller.findings_changed.connect(dock.set_findings)
    return controller, dock


def _check(qtbot: Any, controller: CheckController, change_set: Any = None) -> list[Finding]:
    """Refresh and wait until every queued check has run; the last findings emitted."""
    emitted: list[list[Finding]] = []
    controller.findings_changed.connect(emitted.append)
    controller.refresh(change_set)
    assert controller.runner.wait_idle(TIMEOUT_MS / 1000)
    controller.findings_changed.disconnect(emitted.append)
    assert emitted and not controller.running
    return emitted[-1]


def _new_soldier_on(plan: Plan, rotation_code: str) -> tuple[str, list[services.ChangeSet]]:
    with plan.read() as session:
        rotation_id = session.scalar(select(Rotation.id).where(Rotation.code == rotation_code))
    assert rotation_id is not None
    added = services.create(
        plan,
        "person",
        {
            "service_number": "KZ-999001",
            "surname": "Newcomer",
            "given_name": "Arman",
            "sex": "M",
            "birth_date": dt.date(1998, 4, 1),
            "rank": "Private",
        },
    )
    assigned = services.assign_person(plan, added.changes[0].id, rotation_id=rotation_id)
    return "KZ-999001", [added, assigned]


def test_first_refresh_finds_every_planted_problem(
    qtbot: Any, window: QMainWindow, demo_plan: Plan
) -> None:
    controller, dock = _controller(window, demo_plan)
    with qtbot.waitSignal(controller.findings_changed, timeout=TIMEOUT_MS) as blocker:
        controller.refresh(None)
    findings: list[Finding] = blocker.args[0]
    assert set(PLANTED) <= {f.rule for f in findings}
    assert dock.findings() == sorted(findings, key=Finding.sort_key)
    assert dock.summary.text() == summary_text(findings)
    assert controller.findings == findings and not controller.running


def test_an_edit_makes_a_finding_appear_and_undo_removes_it(
    qtbot: Any, window: QMainWindow, demo_plan: Plan
) -> None:
    controller, dock = _controller(window, demo_plan)
    before = _check(qtbot, controller)
    assert not [f for f in before if f.person == "KZ-999001"]

    service_number, change_sets = _new_soldier_on(demo_plan, "KAZCOY-R16")
    for change_set in change_sets[:-1]:
        controller.refresh(change_set)
    after = _check(qtbot, controller, change_sets[-1])
    mine = [f for f in after if f.person == service_number]
    # A newcomer with no passport, medical or training: the credential rule says so.
    assert {f.rule for f in mine} >= {"credential"}
    assert any(f.person == service_number for f in dock.findings())
    # The edits were checked incrementally: the whole plan was checked only at first.
    assert controller.session.checker.full_checks == 1

    undone = [services.revert(demo_plan, cs) for cs in reversed(change_sets)]
    for change_set in undone[:-1]:
        controller.refresh(change_set)
    final = _check(qtbot, controller, undone[-1])
    assert not [f for f in final if f.person == service_number]
    assert sorted(final, key=Finding.sort_key) == sorted(before, key=Finding.sort_key)


def test_rapid_refreshes_coalesce(qtbot: Any, window: QMainWindow, demo_plan: Plan) -> None:
    controller, _dock = _controller(window, demo_plan)
    _check(qtbot, controller)
    emitted: list[list[Finding]] = []
    controller.findings_changed.connect(emitted.append)
    service_number, change_sets = _new_soldier_on(demo_plan, "KAZCOY-R16")
    for change_set in change_sets:
        controller.refresh(change_set)
    for _ in range(5):
        controller.refresh(None)
    assert controller.runner.wait_idle(TIMEOUT_MS / 1000)
    # One check for the first edit, then one more for everything that came meanwhile.
    assert 1 <= len(emitted) <= 2
    assert any(f.person == service_number for f in emitted[-1])
    assert not controller.running


def test_a_failed_check_is_shown_and_the_next_one_starts_afresh(
    qtbot: Any, window: QMainWindow, plan: Plan, answers: Any
) -> None:
    controller, _dock = _controller(window, plan, answers)
    # A plan file damaged under the running window: the read fails with a database error.
    plan.engine.dispose()
    assert plan.path is not None
    plan.path.write_bytes(b"not a database any more " * 200)
    controller.refresh(None)
    assert controller.runner.wait_idle(30)
    assert not controller.running
    assert answers.errors()


def test_check_now_runs_a_full_check_with_a_dialog(
    qtbot: Any, window: QMainWindow, demo_plan: Plan
) -> None:
    controller, dock = _controller(window, demo_plan)
    with qtbot.waitSignal(controller.findings_changed, timeout=TIMEOUT_MS) as blocker:
        controller.check_now()
    assert set(PLANTED) <= {f.rule for f in blocker.args[0]}
    assert dock.findings() == sorted(blocker.args[0], key=Finding.sort_key)


def test_the_overview_follows_each_check_without_reading_the_plan(
    qtbot: Any, window: QMainWindow, demo_plan: Plan
) -> None:
    day = dt.date(2026, 12, 1)  # KAZCOY-R16 is in UNIFIL
    session = PlanSession(demo_plan, today=lambda: day)
    controller = CheckController(session, TaskRunner(window))
    overview = OverviewWidget(window)
    controller.facts_changed.connect(overview.set_facts)
    _check(qtbot, controller)
    assert overview.facts is controller.facts  # taken as is, no load
    assert controller.facts is not None
    before = {m.mission: m.headcount for m in controller.facts.on().missions}

    _service_number, change_sets = _new_soldier_on(demo_plan, "KAZCOY-R16")
    with qtbot.waitSignal(controller.facts_changed, timeout=TIMEOUT_MS):
        for change_set in change_sets:
            controller.refresh(change_set)
    assert controller.runner.wait_idle(TIMEOUT_MS / 1000)
    after = {m.mission: m.headcount for m in controller.facts.on().missions}
    assert after["UNIFIL"] == before["UNIFIL"] + 1
    assert overview.facts is controller.facts
    row = next(
        r
        for r in range(overview.headcount_model.rowCount())
        if overview.headcount_model.index(r, 0).data() == "UNIFIL"
    )
    assert overview.headcount_model.index(row, 2).data() == str(after["UNIFIL"])
    assert controller.session.checker.full_checks == 1
