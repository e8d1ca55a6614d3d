"""The findings dock: grouped by severity, filterable, double-click names what to select."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from planner.rules.findings import Finding, sort_findings
from ui.findings.model import (
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
