"""The findings dock: grouped by severity, filterable, double-click names what to select."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMainWindow, QStyle

from planner.rules.findings import Finding, sort_findings
from ui.findings.dock import FindingsDock

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
