"""The overview page on a hand-built plan: headcount today against the ceiling. The
page shows the PlanFacts it is given (here by a check of the plan)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from planner import services
from planner.app import PlanFacts, PlanSession, summarise
from planner.plan import Plan
from planner.queries.snapshot import load_snapshot
from planner.rules.findings import Finding
from ui.overview.models import OVER_BACKGROUND
from ui.overview.page import OverviewWidget

D = dt.date
TODAY = D(2025, 6, 20)


def _id(change_set: services.ChangeSet) -> int:
    return change_set.changes[0].id


def build(plan: Plan) -> None:
    """UNIFIL: 3 on KAZCOY-R01 today against a ceiling of 2. UNDOF: 1 observer of 5.
    The authorisation's total ceiling is 10.
    KAZCOY-R02 starts 2025-07-01 with 1 of a strength of 3."""
    unifil = _id(services.create(plan, "mission", {"code": "UNIFIL", "name": "Lebanon"}))
    undof = _id(services.create(plan, "mission", {"code": "UNDOF", "name": "Golan"}))
    auth = _id(
        services.create(
            plan,
            "authorisation",
            {
                "reference": "2024-PARL",
                "adopted_on": D(2024, 1, 19),
                "valid_from": D(2024, 1, 19),
                "total_ceiling": 10,
            },
        )
    )
    for mission, ceiling in ((unifil, 2), (undof, 5)):
        services.create(
            plan,
            "authorised_mission",
            {"authorisation_id": auth, "mission_id": mission, "ceiling": ceiling},
        )
    unit = _id(
        services.create(
            plan,
            "unit",
            {"code": "KAZCOY", "name": "Company", "mission_id": unifil, "strength": 3},
        )
    )
    r1, r2 = (
        _id(
            services.create(
                plan,
                "rotation",
                {"code": code, "unit_id": unit, "starts_on": start, "ends_on": end},
            )
        )
        for code, start, end in (
            ("KAZCOY-R01", D(2025, 1, 1), D(2025, 6, 30)),
            ("KAZCOY-R02", D(2025, 7, 1), D(2025, 12, 31)),
        )
    )
    people = [
        _id(
            services.create(
                plan,
                "person",
                {
                    "service_number": f"S{n}",
                    "surname": f"Surname{n}",
                    "given_name": "Given",
                    "sex": "F",
                    "rank": "Major",
                },
            )
        )
        for n in range(5)
    ]
    for person in people[:3]:
        services.assign_person(plan, person, rotation_id=r1)
    services.assign_person(plan, people[3], rotation_id=r2)
    services.assign_person(
        plan,
        people[4],
        mission_id=undof,
        category="observer",
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )


FINDINGS = [
    Finding("mission-ceiling", "error", "UNIFIL over", mission="UNIFIL"),
    Finding("strength", "warning", "short", rotation="KAZCOY-R02"),
    Finding("strength", "warning", "short", rotation="KAZCOY-R01"),
]


def _facts(plan: Plan, findings: list[Finding]) -> PlanFacts:
    """The facts a check of ``plan`` publishes on TODAY, with ``findings`` counted."""
    facts = PlanSession(plan, today=lambda: TODAY).checker.check().facts
    return replace(facts, findings=summarise(findings))


def _cells(model: Any, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def _double_click(qtbot: Any, view: Any, pos: Any) -> None:
    # A view acts on a double-click only on the row the press before it was on.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


@pytest.fixture
def widget(qtbot: Any) -> OverviewWidget:
    widget = OverviewWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


def test_overview_shows_headcount_against_the_ceiling(
    plan: Plan, widget: OverviewWidget, qtmodeltester: Any
) -> None:
    build(plan)
    widget.set_facts(_facts(plan, FINDINGS))
    model = widget.headcount_model
    qtmodeltester.check(model)
    qtmodeltester.check(widget.upcoming_model)
    # The authorisation's total: UNIFIL's 3 and UNDOF's 1 against its total ceiling of 10.
    assert _cells(model, 0) == ["UNDOF", "Golan", "1", "5", "20%", "2024-PARL (total 4 of 10)"]
    assert _cells(model, 1) == ["UNIFIL", "Lebanon", "3", "2", "150%", "2024-PARL (total 4 of 10)"]
    over = model.index(1, 2).data(Qt.ItemDataRole.BackgroundRole)
    assert over is not None and over.color() == OVER_BACKGROUND
    assert model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "1 over the ceiling" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert widget.headcount_box.title() == "Headcount today — 1 over the ceiling"
    assert widget.title.text() == "Overview on Friday 20 June 2025"
    assert _cells(widget.upcoming_model, 0) == [
        "KAZCOY-R02",
        "KAZCOY",
        "UNIFIL",
        "2025-07-01",
        "2025-12-31",
        "11 d",
        "draft",
        "1 / 3",
    ]
    assert [b.text() for b in widget.count_buttons.values()] == ["1 error", "2 warnings", "0 notes"]
    widget.headcount_view.viewport().repaint()  # the bar delegate paints without error


def test_an_edit_changes_the_headcount(plan: Plan, widget: OverviewWidget) -> None:
    build(plan)
    widget.set_facts(_facts(plan, []))
    assert _cells(widget.headcount_model, 1)[2] == "3"
    rotation = load_snapshot(plan).rotations[0]
    person = _id(
        services.create(
            plan,
            "person",
            {"service_number": "S9", "surname": "New", "given_name": "One", "sex": "M",
             "rank": "Private"},
        )
    )  # fmt: skip
    services.assign_person(plan, person, rotation_id=rotation.id)
    widget.set_facts(_facts(plan, []))
    assert _cells(widget.headcount_model, 1)[2:5] == ["4", "2", "200%"]


def test_double_click_and_count_buttons_emit(
    qtbot: Any, plan: Plan, widget: OverviewWidget
) -> None:
    build(plan)
    widget.set_facts(_facts(plan, FINDINGS))
    view = widget.headcount_view
    rect = view.visualRect(widget.headcount_model.index(1, 1))
    with qtbot.waitSignal(widget.activated) as blocker:
        _double_click(qtbot, view, rect.center())
    assert blocker.args == ["mission", "UNIFIL"]
    view = widget.upcoming_view
    rect = view.visualRect(widget.upcoming_model.index(0, 2))
    with qtbot.waitSignal(widget.activated) as blocker:
        _double_click(qtbot, view, rect.center())
    assert blocker.args == ["rotation", "KAZCOY-R02"]
    with qtbot.waitSignal(widget.findings_requested) as blocker:
        qtbot.mouseClick(widget.count_buttons["warning"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["warning"]
