"""Add and edit dialogs: built from planner.fields, every problem shown under its field,
nothing saved until the service accepts the values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLabel
from shiboken6 import Shiboken
from sqlalchemy import func, select

from planner import services
from planner.domain import RANKS
from planner.fields import FIELDS
from planner.models import Mission, Person, Unit
from ui.widgets.date_edit import DateEditor
from ui.widgets.editors import RefEditor
from ui.widgets.form import EntityDialog, FormDialog


def _ok(window: Any, dialog: FormDialog) -> None:
    """OK, as the planner clicks it, and the save on the worker done."""
    dialog.ok_button.click()
    assert window.runner.wait_idle(30)


def _closed(dialog: FormDialog) -> bool:
    """Closed (and, being delete-on-close, perhaps deleted already)."""
    return not Shiboken.isValid(dialog) or not dialog.isVisible()


def _count(window: Any, model: Any) -> int:
    with window.session.plan.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)))


def _label_of(dialog: EntityDialog, name: str) -> str:
    label = dialog.form.labelForField(dialog.rows[name])
    assert isinstance(label, QLabel)
    return label.text()


@pytest.mark.parametrize("entity", sorted(FIELDS))
def test_every_entity_has_a_dialog_with_a_row_per_field(window: Any, entity: str) -> None:
    if entity == "settings":
        dialog = window.edits.edit("settings", 1, None)
    else:
        dialog = window.edits.add(entity)
    assert isinstance(dialog, EntityDialog) and dialog.isVisible()
    assert list(dialog.editors) == [spec.name for spec in FIELDS[entity]]
    for spec in FIELDS[entity]:
        assert _label_of(dialog, spec.name) == spec.label + (" *" if spec.required else "")
    dialog.reject()


def test_missing_required_fields_are_named_under_each_field(window: Any) -> None:
    before = _count(window, Person)
    dialog = window.edits.add("person")
    _ok(window, dialog)
    assert dialog.isVisible()
    for name in ("service_number", "surname", "given_name", "sex", "rank"):
        assert dialog.problem_text(name) == "is required", name
    for name in ("patronymic", "birth_date", "languages"):
        assert dialog.problem_text(name) == ""
    assert _count(window, Person) == before
    dialog.reject()


def test_a_wrong_value_is_explained_next_to_its_field_and_the_rest_is_kept(
    window: Any, qtbot: Any
) -> None:
    dialog = window.edits.add("person")
    editors = dialog.editors
    qtbot.keyClicks(editors["service_number"].widget, "KZ-777001")
    qtbot.keyClicks(editors["surname"].widget, "Nurlanova")
    qtbot.keyClicks(editors["given_name"].widget, "Dana")
    editors["sex"].set_value("F")
    editors["rank"].set_value("Captain")
    qtbot.keyClicks(editors["languages"].widget, "english")
    _ok(window, dialog)
    assert "'english' is not a language as code:LEVEL" in dialog.problem_text("languages")
    assert dialog.problem_text("surname") == ""
    assert editors["surname"].value() == "Nurlanova"  # what was typed stays
    editors["languages"].set_value("EN:b2, fr:a2")
    _ok(window, dialog)
    assert _closed(dialog)
    with window.session.plan.read() as session:
        saved = session.scalar(select(Person).where(Person.service_number == "KZ-777001"))
        assert saved is not None
        assert (saved.rank, saved.languages, saved.birth_date) == ("Captain", "en:B2, fr:A2", None)


def test_dates_come_from_a_calendar_and_optional_ones_can_stay_empty(window: Any) -> None:
    dialog = window.edits.add("mission")
    start, end = dialog.editors["mandate_start"], dialog.editors["mandate_end"]
    assert isinstance(start, DateEditor) and isinstance(end, DateEditor)
    assert start.date.calendarPopup() and start.optional
    assert start.value() is None and end.value() is None  # untouched: empty
    dialog.editors["code"].set_value("UNMIK")
    dialog.editors["name"].set_value("UN Interim Administration Mission in Kosovo")
    start.set_value(dt.date(1999, 6, 10))
    end.check.setChecked(True)
    end.date.setDate(QDate(1999, 1, 1))
    _ok(window, dialog)
    assert dialog.problem_text("mandate_end") == "the mandate ends before it starts"
    end.check.setChecked(False)  # no end after all
    _ok(window, dialog)
    assert _closed(dialog)
    with window.session.plan.read() as session:
        mission = session.scalar(select(Mission).where(Mission.code == "UNMIK"))
        assert mission is not None
        assert (mission.mandate_start, mission.mandate_end) == (dt.date(1999, 6, 10), None)


def test_a_duplicate_natural_key_is_refused_under_the_key(window: Any) -> None:
    before = _count(window, Mission)
    dialog = window.edits.add("mission")
    dialog.editors["code"].set_value("UNIFIL")
    dialog.editors["name"].set_value("Again")
    _ok(window, dialog)
    assert dialog.problem_text("code") == "another mission already has UNIFIL"
    assert _count(window, Mission) == before
    dialog.reject()


def test_references_are_picked_by_natural_key_and_unknown_ones_are_named(window: Any) -> None:
    dialog = window.edits.add("unit")
    mission = dialog.editors["mission_id"]
    assert isinstance(mission, RefEditor)
    assert isinstance(mission.widget, QComboBox) and mission.widget.findText("UNDOF") >= 0
    dialog.editors["code"].set_value("KAZMED")
    dialog.editors["name"].set_value("Kazakh medical team")
    mission.set_text("UNDOFF")
    _ok(window, dialog)
    assert dialog.problem_text("mission_id") == "there is no mission 'UNDOFF'"
    mission.set_text("undof")  # any case
    _ok(window, dialog)
    assert _closed(dialog)
    with window.session.plan.read() as session:
        unit = session.scalar(select(Unit).where(Unit.code == "KAZMED"))
        undof = session.scalar(select(Mission.id).where(Mission.code == "UNDOF"))
        assert unit is not None and unit.mission_id == undof and unit.handover_days == 14


def test_ranks_are_listed_lowest_to_highest_and_people_by_service_number(window: Any) -> None:
    dialog = window.edits.add("person")
    rank = dialog.editors["rank"].widget
    assert isinstance(rank, QComboBox)
    assert [rank.itemText(i) for i in range(rank.count())] == ["", *RANKS]
    dialog.reject()
    credential = window.edits.add("credential")
    person = credential.editors["person_id"]
    assert isinstance(person, RefEditor)
    first = person.widget.itemText(0)
    assert first.startswith("KZ-") and " — " in first  # key, then who it is
    person.set_text(first.split(" — ")[0])  # the service number alone is enough
    assert person.value() is not None and person.local_problem() is None
    credential.reject()


def test_editing_shows_the_saved_values_and_saves_only_what_changed(window: Any) -> None:
    with window.session.plan.read() as session:
        row = session.scalar(select(Person).where(Person.birth_date.is_not(None)).limit(1))
        assert row is not None
        person_id, version, birth = row.id, row.version, row.birth_date
    dialog = window.edits.edit("person", person_id, version)
    assert dialog.editors["birth_date"].value() == birth
    dialog.editors["specialty"].set_value("Interpreter")
    _ok(window, dialog)
    assert _closed(dialog)
    saved = services.get(window.session.plan, "person", person_id)
    assert saved["specialty"] == "Interpreter" and saved["birth_date"] == birth
    assert window.undo_stack.text(window.undo_stack.count() - 1).startswith("Edit person")


def test_assigning_needs_a_rotation_or_a_mission_and_category(window: Any) -> None:
    with window.session.plan.read() as session:
        person_id = session.scalar(select(Person.id).where(Person.rank == "Major").limit(1))
    dialog = window.edits.assign({"person_id": person_id})
    _ok(window, dialog)
    assert dialog.problem_text("rotation_id") == "is required"
    dialog.kind.individual.setChecked(True)
    assert dialog.rows["rotation_id"].isHidden() and not dialog.rows["mission_id"].isHidden()
    _ok(window, dialog)
    assert dialog.problem_text("mission_id") == "is required"
    assert dialog.problem_text("category") == "is required"
    dialog.editors["mission_id"].set_text("UNTSO")
    dialog.editors["category"].set_value("observer")
    _ok(window, dialog)  # an individual post needs its own dates: the service says so
    assert "required" in dialog.problem_text("starts_on")
    dialog.editors["starts_on"].set_value(dt.date(2027, 3, 1))
    dialog.editors["ends_on"].set_value(dt.date(2028, 2, 29))
    _ok(window, dialog)
    assert _closed(dialog)
    assert window.undo_stack.text(window.undo_stack.count() - 1).endswith("to UNTSO")


def test_long_values_show_their_start_and_a_ticked_date_sits_by_its_box(window: Any) -> None:
    """What the screenshots at 1366×768 showed cut: the tail of a long title, a person
    without the service number, a date pushed to the far edge away from its tick box."""
    from planner.models import Assignment, Authorisation

    with window.session.plan.read() as session:
        authorisation = session.scalar(select(Authorisation).order_by(Authorisation.id).limit(1))
        assignment = session.scalar(select(Assignment).order_by(Assignment.id).limit(1))
        assert authorisation is not None and assignment is not None
        ids = (authorisation.id, authorisation.version, assignment.id, assignment.version)
    dialog = window.edits.edit("authorisation", ids[0], ids[1])
    title = dialog.editors["title"].line
    assert len(title.text()) > 60 and title.cursorPosition() == 0
    dialog.reject()

    dialog = window.edits.edit("assignment", ids[2], ids[3])
    person = dialog.editors["person_id"].combo
    assert person.currentText().startswith("KZ-") and person.lineEdit().cursorPosition() == 0
    metrics = person.fontMetrics()
    assert person.lineEdit().width() >= metrics.horizontalAdvance(person.currentText())
    starts = dialog.editors["starts_on"]
    assert isinstance(starts, DateEditor) and starts.optional and starts.check.isChecked()
    gap = starts.date.geometry().left() - starts.check.geometry().right()
    assert 0 < gap < 20
    dialog.reject()
