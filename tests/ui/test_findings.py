"""The findings dock: grouped by severity, filterable, double-click names what to select."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMainWindow, QStyle

from planner.rules.findings import Finding, sort_findings
from ui.findings import FindingsDock
from ui.findings_model import (
    FINDING_ROLE,
    FindingsModel,
    finding_dates,
    finding_target,
    summary_text,
)

FINDINGS = [
    Finding(
        "strength",
        "warning",
        "KAZCON-R04 has 135 of the contingent's 139.",
        mission="UNDOF",
        rotation="KAZCON-R04",
        value=135,
        limit=139,
    ),
    Finding(
        "mission-ceiling",
        "error",
        "UNDOF is over its ceiling of 150 from 2027-02-15 to 2027-02-28.",
        mission="UNDOF",
        authorisation="2024-PARL",
        start="2027-02-15",
        end="2027-02-28",
        value=274,
        limit=150,
    ),
    Finding(
        "credential",
        "error",
        "Passport of 100123 expires before the end of the tour.",
        mission="UNDOF",
        rotation="KAZCON-R03",
        person="100123",
        start="2027-03-16",
        end="2027-03-16",
        detail="passport",
    ),
    Finding(
        "gender-target", "info", "Women are 6 % of the contingent in 2026.", start="2026-01-01"
    ),
    Finding("total-ceiling", "error", "2024-PARL is over its total.", authorisation="2024-PARL"),
]


def test_model_groups_by_severity_and_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = FindingsModel()
    qtmodeltester.check(model)
    model.set_findings(sort_findings(FINDINGS))
    qtmodeltester.check(model)
    groups = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert groups == ["Errors (3)", "Warnings (1)", "Notes (1)"]
    errors = model.index(0, 0)
    rules = [model.index(row, 0, errors).data() for row in range(model.rowCount(errors))]
    # Sorted by severity, then start, then rule (an error without dates first).
    assert rules == ["total-ceiling", "mission-ceiling", "credential"]
    ceiling = model.index(1, 0, errors)
    assert ceiling.parent() == errors
    assert model.index(1, 1, errors).data().startswith("UNDOF is over its ceiling")
    assert model.index(1, 2, errors).data() == "2027-02-15 – 2027-02-28"
    assert model.index(1, 3, errors).data() == "2024-PARL · UNDOF"
    assert "Value 274, limit 150" in model.index(1, 1, errors).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, 0, errors).data(FINDING_ROLE) is FINDINGS[1]
    model.set_findings([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_filtered_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = FindingsModel()
    model.set_findings(FINDINGS)
    model.set_severity("error")
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Errors (3)"]
    assert len(model.findings()) == len(FINDINGS)
    model.set_severity(None)
    assert model.rowCount() == 3


def test_empty_groups_are_left_out(qtmodeltester: Any) -> None:
    model = FindingsModel()
    model.set_findings([FINDINGS[3]])
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Notes (1)"]
    assert model.rowCount(model.index(0, 0)) == 1
    assert model.rowCount(model.index(0, 1)) == 0  # only column 0 has children


def test_the_target_is_the_most_specific_thing_named() -> None:
    assert finding_target(FINDINGS[2]) == ("person", "100123")
    assert finding_target(FINDINGS[0]) == ("rotation", "KAZCON-R04")
    assert finding_target(FINDINGS[1]) == ("mission", "UNDOF")
    assert finding_target(FINDINGS[4]) == ("authorisation", "2024-PARL")
    assert finding_target(Finding("x", "info", "nothing named")) is None


def test_dates_and_summary_text() -> None:
    assert finding_dates(FINDINGS[2]) == "2027-03-16"
    assert finding_dates(FINDINGS[3]) == "from 2026-01-01"
    assert finding_dates(FINDINGS[0]) == ""
    assert summary_text(FINDINGS) == "3 errors, 1 warning, 1 note"
    assert summary_text(FINDINGS[:1]) == "1 warning"
    assert summary_text([]) == "No findings"


@pytest.fixture
def window(qtbot: Any) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    return window


def _dock(window: QMainWindow) -> FindingsDock:
    dock = FindingsDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resize(1000, 600)
    window.show()
    dock.set_findings(sort_findings(FINDINGS))
    return dock


def _row_of(dock: FindingsDock, rule: str) -> QModelIndex:
    model = dock.model
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            if model.index(row, 0, parent).data() == rule:
                return model.index(row, 1, parent)
    raise AssertionError(f"no row for {rule}")


def test_double_click_emits_kind_and_key(
    qtbot: Any, qtmodeltester: Any, window: QMainWindow
) -> None:
    dock = _dock(window)
    qtmodeltester.check(dock.model)
    assert dock.summary.text() == "3 errors, 1 warning, 1 note"
    view = dock.view
    for rule, expected in (
        ("credential", ["person", "100123"]),
        ("strength", ["rotation", "KAZCON-R04"]),
        ("mission-ceiling", ["mission", "UNDOF"]),
        ("total-ceiling", ["authorisation", "2024-PARL"]),
    ):
        index = _row_of(dock, rule)
        rect = view.visualRect(index)
        assert rect.isValid(), f"{rule} row is not visible (groups should start expanded)"
        with qtbot.waitSignal(dock.activated, timeout=2000) as blocker:
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert blocker.args == expected
        assert dock.current_finding() is not None and dock.current_finding().rule == rule


def test_double_click_on_a_group_emits_nothing(qtbot: Any, window: QMainWindow) -> None:
    dock = _dock(window)
    seen: list[tuple[str, str]] = []
    dock.activated.connect(lambda kind, key: seen.append((kind, key)))
    group = dock.model.index(0, 0)
    rect = dock.view.visualRect(group)
    qtbot.mouseDClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen == []


def test_severity_filter_and_collapsed_groups_survive_a_refresh(window: QMainWindow) -> None:
    dock = _dock(window)
    dock.set_severity_filter("warning")
    assert [dock.model.index(r, 0).data() for r in range(dock.model.rowCount())] == ["Warnings (1)"]
    dock.set_severity_filter(None)
    assert dock.model.rowCount() == 3
    errors = dock.model.index(0, 0)
    dock.view.collapse(errors)
    dock.view.setCurrentIndex(_row_of(dock, "strength"))
    dock.set_findings(sort_findings(list(reversed(FINDINGS))))
    assert not dock.view.isExpanded(dock.model.index(0, 0))
    assert dock.view.isExpanded(dock.model.index(1, 0))
    current = dock.current_finding()
    assert current is not None and current.rule == "strength"


def test_a_huge_group_starts_collapsed(window: QMainWindow) -> None:
    dock = _dock(window)
    many = [Finding("strength", "warning", f"Rotation {n} is short.") for n in range(6000)]
    dock.set_findings(sort_findings([FINDINGS[1], *many]))
    assert dock.model.index(1, 0).data() == "Warnings (6000)"
    assert dock.view.isExpanded(dock.model.index(0, 0))
    assert not dock.view.isExpanded(dock.model.index(1, 0))
    assert dock.summary.text() == "1 error, 6000 warnings"


def test_the_rule_column_shows_whole_rule_names_and_keeps_a_width_the_planner_chose(
    window: QMainWindow,
) -> None:
    dock = _dock(window)
    window.resize(1366, 768)
    long_ones = [
        Finding("unauthorised-mission", "error", "No authorisation lists UNTSO."),
        Finding("category-not-authorised", "error", "Observers are not authorised."),
    ]
    dock.set_findings(sort_findings([*FINDINGS, *long_ones]))
    view = dock.view
    # What the item delegate leaves for the text: the cell less a margin on each side.
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    for finding in long_ones:
        cell = view.visualRect(_row_of(dock, finding.rule).siblingAtColumn(0))
        assert cell.width() >= view.fontMetrics().horizontalAdvance(finding.rule) + margin
    fitted = view.header().sectionSize(0)
    view.header().resizeSection(0, 120)  # the planner narrows it
    dock.set_findings(sort_findings([*FINDINGS, *long_ones]))
    assert view.header().sectionSize(0) == 120
    dock.set_findings([Finding("a-rule-with-a-much-longer-name-than-any", "info", "x")])
    assert view.header().sectionSize(0) > fitted
