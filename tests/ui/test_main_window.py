"""The real window on the demo plan: add a person, assign them, see the check and the
headcount follow, undo; deleting, conflicts, navigation from findings, menus."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QKeySequence
from sqlalchemy import func, select

from planner import services
from planner.models import Assignment, Credential, Mission, Person, Rotation
from ui.main_window import MainWindow

CHECK_TIMEOUT_MS = 120_000


def _settle(window: Any, qtbot: Any) -> None:
    """Wait until the check and the overview caught up with the last change."""
    qtbot.waitUntil(
        lambda: not window.runner.busy and not window.checks.running, timeout=CHECK_TIMEOUT_MS
    )
    assert window.runner.wait_idle(60)


def _headcount(window: Any, mission: str) -> int:
    return next(m.headcount for m in window.overview.overview.missions if m.mission == mission)


def _findings_about(window: Any, service_number: str) -> list[Any]:
    return [f for f in window.findings if f.person == service_number]


def test_title_menus_and_standard_shortcuts(window: MainWindow) -> None:
    assert window.windowTitle() == "demo — Rotation Planner"
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "View", "Plan", "Help"]

    def texts(menu: Any) -> list[str]:
        return [a.text().replace("&", "") for a in menu.actions() if a.text()]

    assert texts(menus["File"]) == [
        "New plan…",
        "Open plan…",
        "Open recent",
        "Import workbook…",
        "Export plan workbook…",
        "Export roster…",
        "Back up now",
        "Quit",
    ]
    assert texts(menus["Edit"])[2:] == ["Delete", "Find"]
    assert "Findings" in texts(menus["View"]) and "Undo history" in texts(menus["View"])
    assert texts(menus["Plan"]) == ["Check plan", "Settings…"]
    assert texts(menus["Help"]) == ["Keyboard shortcuts", "About Rotation Planner"]
    for name, key in (
        ("undo", QKeySequence.StandardKey.Undo),
        ("redo", QKeySequence.StandardKey.Redo),
        ("find", QKeySequence.StandardKey.Find),
        ("quit", QKeySequence.StandardKey.Quit),
        ("open", QKeySequence.StandardKey.Open),
    ):
        assert window.actions_[name].shortcuts() == QKeySequence.keyBindings(key), name
    from ui.menus import shortcut_rows

    assert (
        "Edit",
        "Find",
        QKeySequence(QKeySequence.StandardKey.Find).toString(
            QKeySequence.SequenceFormat.NativeText
        ),
    ) in shortcut_rows(window)


def test_add_assign_see_the_finding_and_the_headcount_then_undo(
    window: MainWindow, qtbot: Any
) -> None:
    _settle(window, qtbot)
    undof_before = _headcount(window, "UNDOF")
    errors_before = sum(1 for f in window.findings if f.severity == "error")

    # Add a person through the dialog, as a planner types it.
    dialog = window.editing.add("person")
    qtbot.keyClicks(dialog.editors["service_number"].widget, "KZ-999001")
    qtbot.keyClicks(dialog.editors["surname"].widget, "Testova")
    qtbot.keyClicks(dialog.editors["given_name"].widget, "Aigerim")
    dialog.editors["sex"].set_value("F")
    dialog.editors["rank"].set_value("Private")
    qtbot.mouseClick(dialog.ok_button, _left())
    assert not dialog.isVisible()
    assert window.show_record("person", "KZ-999001")
    personnel = window.views[3]
    person_id = personnel.people.selected_id()
    assert (
        personnel.people.model.row_values(personnel.people.selected_row())["surname"] == "Testova"
    )

    # Assign her to the UNDOF contingent deployed today.
    assign = window.editing.assign({"person_id": person_id})
    assign.editors["rotation_id"].set_text("KAZCON-R03")
    qtbot.mouseClick(assign.ok_button, _left())
    assert not assign.isVisible()
    _settle(window, qtbot)
    assert personnel.detail_panels["assignment"].model.row_values(0)["rotation"] == "KAZCON-R03"

    # The check finds what she lacks, and UNDOF counts one more today.
    rules = {f.rule for f in _findings_about(window, "KZ-999001")}
    assert "credential" in rules
    assert sum(1 for f in window.findings if f.severity == "error") > errors_before
    assert _headcount(window, "UNDOF") == undof_before + 1
    assert window.findings_dock.findings() == window.findings
    assert "error" in window.findings_label.text()

    # The undo history reads what was done.
    history = [window.undo_stack.text(i) for i in range(window.undo_stack.count())]
    assert history == [
        "Add person KZ-999001 Testova Aigerim",
        "Assign Private Testova (KZ-999001) to UNDOF KAZCON-R03",
    ]
    assert window.undo_view.model().rowCount() == 3  # "Plan as opened" and the two steps

    # Undo both: the assignment, the person, the findings and the headcount go.
    window.actions_["undo"].trigger()
    window.actions_["undo"].trigger()
    _settle(window, qtbot)
    assert _findings_about(window, "KZ-999001") == []
    assert _headcount(window, "UNDOF") == undof_before
    with window.plan.read() as session:
        assert session.get(Person, person_id) is None
    assert personnel.people.model.row_of_key("KZ-999001") is None

    # Redo brings both back exactly, under the same id.
    window.actions_["redo"].trigger()
    window.actions_["redo"].trigger()
    _settle(window, qtbot)
    assert _headcount(window, "UNDOF") == undof_before + 1
    with window.plan.read() as session:
        assert session.get(Person, person_id).surname == "Testova"


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _person_with_everything(window: Any) -> tuple[int, int, str]:
    with window.plan.read() as session:
        person = session.scalar(
            select(Person)
            .join(Assignment, Assignment.person_id == Person.id)
            .join(Credential, Credential.person_id == Person.id)
            .order_by(Person.id)
            .limit(1)
        )
        assert person is not None
        return person.id, person.version, person.service_number


def test_delete_asks_first_and_says_what_goes_with_it(window: MainWindow, answers: Any) -> None:
    person_id, version, number = _person_with_everything(window)
    counts = services.dependents(window.plan, "person", person_id)
    answers.delete = False
    assert not window.editing.delete("person", person_id, version)
    ((text, details),) = answers.questions("delete")
    assert text.startswith(f"Delete the person {number} ")
    assert details.startswith("It also deletes ")
    assert f"{counts['credentials']} credentials" in details
    assert "assignment" in details
    assert services.get(window.plan, "person", person_id)["version"] == version  # kept

    before = {
        model.__name__: _rows_of(window, model, person_id) for model in (Credential, Assignment)
    }
    answers.delete = True
    assert window.editing.delete("person", person_id, version)
    assert _rows_of(window, Credential, person_id) == []
    window.undo_stack.undo()
    after = {
        model.__name__: _rows_of(window, model, person_id) for model in (Credential, Assignment)
    }
    assert after == before  # every dependent row back, with its id


def _rows_of(window: Any, model: Any, person_id: int) -> list[tuple[Any, ...]]:
    with window.plan.read() as session:
        rows = session.scalars(select(model).where(model.person_id == person_id)).all()
        return sorted(
            tuple(getattr(r, c.key) for c in model.__table__.columns if c.key != "version")
            for r in rows
        )


def test_edit_delete_key_acts_on_the_focused_table(window: MainWindow, answers: Any) -> None:
    window.tabs.setCurrentIndex(1)
    missions = window.views[0]
    missions.missions.select_key("UNISFA")
    missions.missions.view.setFocus()
    window.actions_["delete"].trigger()
    ((text, _details),) = answers.questions("delete")
    assert text == "Delete the mission UNISFA?"
    window.findings_dock.view.setFocus()  # Delete in the findings deletes nothing
    window.actions_["delete"].trigger()
    assert len(answers.questions("delete")) == 1
    assert "Select a row" in window.statusBar().currentMessage()


def test_a_row_changed_behind_the_window_offers_a_reload_not_an_overwrite(
    window: MainWindow, answers: Any, qtbot: Any
) -> None:
    window.tabs.setCurrentIndex(1)
    panel = window.views[0].missions
    assert panel.select_key("UNIFIL")
    mission_id, shown = panel.selected_id(), panel.selected_version()
    # Another planner renames it while this window shows the old row.
    services.update(window.plan, "mission", mission_id, shown, {"name": "Renamed elsewhere"})
    assert window.editing.edit("mission", mission_id, shown) is None
    ((message, _),) = answers.questions("reload")
    assert "changed by someone else" in message
    assert panel.model.row_values(panel.selected_row())["name"] == "Renamed elsewhere"

    # Changed while the dialog is open: saving is refused and the dialog closes.
    dialog = window.editing.edit("mission", mission_id, panel.selected_version())
    services.update(
        window.plan,
        "mission",
        mission_id,
        panel.selected_version(),
        {"area": "South Lebanon"},
    )
    dialog.editors["name"].set_value("Mine")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert len(answers.questions("reload")) == 2
    saved = services.get(window.plan, "mission", mission_id)
    assert (saved["name"], saved["area"]) == ("Renamed elsewhere", "South Lebanon")


def test_undo_after_someone_else_changed_the_row_offers_a_reload(
    window: MainWindow, answers: Any, qtbot: Any
) -> None:
    with window.plan.read() as session:
        mission = session.scalar(select(Mission).where(Mission.code == "UNTSO"))
        mission_id, version = mission.id, mission.version
    window.editing.run(
        lambda: services.update(window.plan, "mission", mission_id, version, {"area": "Mine"})
    )
    assert window.undo_stack.count() == 1
    current = services.get(window.plan, "mission", mission_id)["version"]
    services.update(window.plan, "mission", mission_id, current, {"area": "Theirs"})
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(answers.questions("reload")))
    assert services.get(window.plan, "mission", mission_id)["area"] == "Theirs"
    assert window.undo_stack.count() == 0  # reloaded: the history no longer applies


def test_findings_and_overview_lead_to_the_record_they_name(window: MainWindow, qtbot: Any) -> None:
    with window.plan.read() as session:
        number = session.scalar(select(Person.service_number).order_by(Person.id.desc()))
        rotation = session.scalar(select(Rotation.code).order_by(Rotation.id.desc()))
    window.findings_dock.activated.emit("person", number)
    assert window.tabs.currentIndex() == 4
    people = window.views[3].people
    assert people.model.row_values(people.selected_row())["service_number"] == number

    people.set_search("no such person at all")
    window.findings_dock.activated.emit("person", number)  # the search gives way
    assert people.selected_row() is not None and people.search.text() == ""

    window.overview.activated.emit("rotation", rotation)
    assert window.tabs.currentIndex() == 3
    rotations = window.views[2].rotations
    assert rotations.model.row_values(rotations.selected_row())["code"] == rotation

    window.findings_dock.activated.emit("mission", "MINUSMA")
    assert window.tabs.currentIndex() == 1
    window.findings_dock.activated.emit("authorisation", "2024-01-19")
    auths = window.views[1].authorisations
    assert auths.model.row_values(auths.selected_row())["reference"] == "2024-01-19"


def test_find_puts_the_cursor_in_the_search_field(window: MainWindow, qtbot: Any) -> None:
    """Find goes to the search field of the table holding the focus, else of the tab's
    main table. The test puts the focus itself: where showing a tab leaves it depends on
    where it was and on when the (offscreen) window is activated, which made this flaky.
    ``focusWidget()`` is the window's focus child whether or not the window is active."""
    window.tabs.setCurrentIndex(4)
    personnel = window.views[3]
    personnel.people.view.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is personnel.people.view)
    window.actions_["find"].trigger()
    search = personnel.people.search
    qtbot.waitUntil(lambda: window.focusWidget() is search)
    qtbot.keyClicks(search, "tokayev")
    model = personnel.people.model
    assert 0 < model.rowCount() < model.total_rows
    assert all("tokayev" in model.row_values(r)["surname"].lower() for r in range(model.rowCount()))

    credentials = personnel.detail_panels["credential"]
    personnel.details.setCurrentWidget(credentials)
    credentials.view.setFocus()
    window.actions_["find"].trigger()
    qtbot.waitUntil(lambda: window.focusWidget() is credentials.search)


def test_views_reload_only_what_changed(window: MainWindow, qtbot: Any) -> None:
    for index in range(1, 5):
        window.tabs.setCurrentIndex(index)
    units = window.views[2]
    window.tabs.setCurrentIndex(3)
    units.rotations.select_key("KAZCON-R03")
    roster_before = units.roster.model.total_rows
    with window.plan.read() as session:
        person_id = session.scalar(
            select(Person.id).where(
                ~Person.id.in_(
                    select(Assignment.person_id).where(Assignment.starts_on > dt.date(2025, 1, 1))
                )
            )
        )
        rotation_id = session.scalar(select(Rotation.id).where(Rotation.code == "KAZCON-R03"))
    window.editing.run(
        lambda: services.assign_person(window.plan, person_id, rotation_id=rotation_id)
    )
    assert units.roster.model.total_rows == roster_before + 1  # visible: reloaded now
    assert units.rotations.model.row_values(units.rotations.selected_row())["roster"] == (
        roster_before + 1
    )
    stale = window._stale.get(4)  # personnel: when next shown
    assert stale is not None and set(stale) == {"assignment"}
    window.tabs.setCurrentIndex(4)
    assert 4 not in window._stale


def test_move_rotation_moves_its_people_and_undo_moves_them_back(
    window: MainWindow, answers: Any
) -> None:
    with window.plan.read() as session:
        rotation = session.scalar(select(Rotation).where(Rotation.code == "KAZCON-R04"))
        rid, version, start = rotation.id, rotation.version, rotation.starts_on
        first = session.scalar(
            select(func.min(Assignment.starts_on)).where(Assignment.rotation_id == rid)
        )
    answers.date = start + dt.timedelta(days=14)
    assert window.editing.move_rotation(rid, version) is not None
    with window.plan.read() as session:
        moved = session.scalar(
            select(func.min(Assignment.starts_on)).where(Assignment.rotation_id == rid)
        )
    assert moved == first + dt.timedelta(days=14)
    window.undo_stack.undo()
    assert services.get(window.plan, "rotation", rid)["starts_on"] == start


def test_plan_settings_edit_the_rule_parameters(window: MainWindow, qtbot: Any) -> None:
    # Edits and their rechecks one at a time, as a planner makes them: the recheck of
    # the settings edit is in before the undo (every rule depends on the settings).
    _settle(window, qtbot)
    window.open_settings()
    view = window.settings_dialog.view
    assert view.values["min_rest_days"].text() == "365"
    assert view.requirements.model.total_rows >= 5 and view.targets.model.total_rows >= 4
    view.edit_button.click()
    dialog = window.editing.last_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.editors["min_rest_days"].set_value("200")
    dialog.ok_button.click()
    assert not dialog.isVisible(), dialog.general_problem_text()
    assert view.values["min_rest_days"].text() == "200"
    _settle(window, qtbot)
    window.undo_stack.undo()
    assert view.values["min_rest_days"].text() == "365"
    _settle(window, qtbot)
    window.settings_dialog.close()
