"""Error boxes: one plain sentence, details on demand, never a traceback as the text."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.errors import FieldProblem, PlannerError, ValidationError
from ui.widgets.messages import Messages


def _raise_and_catch() -> BaseException:
    try:
        {}["missing"]
    except KeyError as exc:
        return exc
    raise AssertionError


def test_planner_error_shows_its_message_and_problems(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    exc = ValidationError(
        [FieldProblem("surname", "is required"), FieldProblem("rank", "is not a rank")],
        entity="Person",
    )
    box = Messages().error(parent, exc)
    assert box.isVisible()
    assert box.text() == "Person: surname: is required; rank: is not a rank"
    assert box.detailedText().splitlines() == ["surname: is required", "rank: is not a rank"]
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_unexpected_error_is_one_sentence_with_the_traceback_in_details(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = Messages().error(parent, _raise_and_catch(), title="Export")
    assert box.windowTitle() == "Export"
    assert box.text() == "Something went wrong: 'missing'"
    assert "Traceback" not in box.text()
    assert "Traceback (most recent call last)" in box.detailedText()
    assert "KeyError" in box.detailedText()
    assert box.icon() == QMessageBox.Icon.Critical
    box.close()


def test_without_parent_the_box_has_the_application_title(qtbot: Any) -> None:
    box = Messages().error(None, PlannerError("No plan is open."))
    assert box.isVisible() and box.windowTitle() == "Rotation Planner"
    assert box.text() == "No plan is open."
    assert box.detailedText() == ""
    box.close()
