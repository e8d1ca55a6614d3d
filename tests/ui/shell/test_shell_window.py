"""The real window on the demo plan: add a person, assign them, see the check and the
headcount follow, undo; deleting, conflicts, navigation from findings, menus."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from shiboken6 import Shiboken
from sqlalchemy import event, func, select

from planner import services
from planner.app import AssignPerson, UpdateRecord
from planner.models import Assignment, Credential, Mission, Person, Rotation
from planner.plan import open_plan
from ui.authorisations.view import AuthorisationsView
from ui.feature.actions import Action
from ui.findings.dock import FindingsDock
from ui.missions.view import MissionsView
from ui.overview.tab import OverviewTab
from ui.personnel.view import PersonnelView
from ui.settings.view import PlanSettingsDialog
from ui.shell.window import MainWindow
from ui.units.view import UnitsView
from ui.widgets.form import EntityDialog

CHECK_TIMEOUT_MS = 120_000


def _settle(window: Any, qtbot: Any) -> None:
    """Wait until the check and the overview caught up with the last change."""
    qtbot.waitUntil(
        lambda: not window.runner.busy and not window.checks.running, timeout=CHECK_TIMEOUT_MS
    )
    assert window.runner.wait_idle(60)


def _headcount(window: Any, mission: str) -> int:
    day = window.tab(OverviewTab).page.day  # the figures the Overview shows
    return next(m.headcount for m in day.missions if m.mission == mission)


def _closed(dialog: Any) -> bool:
    return not Shiboken.isValid(dialog) or not dialog.isVisible()


def _done(window: Any) -> None:
    assert window.runner.wait_idle(60)


def _findings_about(window: Any, service_number: str) -> list[Any]:
    return [f for f in window.findings if f.person == service_number]


def test_add_assign_see_the_finding_and_the_headcount_then_undo(
    window: MainWindow, qtbot: Any
) -> None:
    _settle(window, qtbot)
    undof_before = _headcount(window, "UNDOF")
    errors_before = sum(1 for f in window.findings if f.severity == "error")

    # Add a person through the dialog, as a planner types it.
    dialog = window.edits.add("person")
    qtbot.keyClicks(dialog.editors["service_number"].widget, "KZ-999001")
    qtbot.keyClicks(dialog.editors["surname"].widget, "Testova")
    qtbot.keyClicks(dialog.editors["given_name"].widget, "Aigerim")
    dialog.editors["sex"].set_value("F")
    dialog.editors["rank"].set_value("Private")
    qtbot.mouseClick(dialog.ok_button, _left())
    _done(window)
    assert _closed(dialog)
    assert window.show_record("person", "KZ-999001")
    personnel = window.tab(PersonnelView)
    person_id = personnel.people.selected_id()
    assert (
        personnel.people.model.row_values(personnel.people.selected_row())["surname"] == "Testova"
    )

    # Assign her to the UNDOF contingent deployed today.
    assign = window.edits.assign({"person_id": person_id})
    assign.editors["rotation_id"].set_text("KAZCON-R03")
    qtbot.mouseClick(assign.ok_button, _left())
    _done(window)
    assert _closed(assign)
    _settle(window, qtbot)
    assert personnel.detail_panels["assignment"].model.row_values(0)["rotation"] == "KAZCON-R03"

    # The check finds what she lacks, and UNDOF counts one more today.
    rules = {f.rule for f in _findings_about(window, "KZ-999001")}
    assert "credential" in rules
    assert sum(1 for f in window.findings if f.severity == "error") > errors_before
    assert _headcount(window, "UNDOF") == undof_before + 1
    assert window.tab(FindingsDock).findings() == window.findings
    assert "error" in window.findChild(QLabel, "findingsLabel").text()

    # The undo history reads what was done.
    history = [window.undo_stack.text(i) for i in range(window.undo_stack.count())]
    assert history == [
        "Add person KZ-999001 Testova Aigerim",
        "Assign Private Testova (KZ-999001) to UNDOF KAZCON-R03",
    ]
    assert window.undo_view.model().rowCount() == 3  # "Plan as opened" and the two steps

    # Undo both: the assignment, the person, the findings and the headcount go.
    window.registry[Action.UNDO].trigger()
    _done(window)
    window.registry[Action.UNDO].trigger()
    _done(window)
    _settle(window, qtbot)
    assert _findings_about(window, "KZ-999001") == []
    assert _headcount(window, "UNDOF") == undof_before
    with window.session.plan.read() as session:
        assert session.get(Person, person_id) is None
    assert personnel.people.model.row_of_key("KZ-999001") is None

    # Redo brings both back exactly, under the same id.
    window.registry[Action.REDO].trigger()
    _done(window)
    window.registry[Action.REDO].trigger()
    _done(window)
    _settle(window, qtbot)
    assert _headcount(window, "UNDOF") == undof_before + 1
    with window.session.plan.read() as session:
        assert session.get(Person, person_id).surname == "Testova"


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _person_with_everything(window: Any) -> tuple[int, int, str]:
    with window.session.plan.read() as session:
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
    counts = services.dependents(window.session.plan, "person", person_id)
    answers.delete = False
    assert not window.edits.delete("person", person_id, version)
    ((text, details),) = answers.questions("delete")
    assert text.startswith(f"Delete the person {number} ")
    assert details.startswith("It also deletes ")
    assert f"{counts['credentials']} credentials" in details
    assert "assignment" in details
    assert services.get(window.session.plan, "person", person_id)["version"] == version  # kept

    before = {
        model.__name__: _rows_of(window, model, person_id) for model in (Credential, Assignment)
    }
    answers.delete = True
    assert window.edits.delete("person", person_id, version)
    _done(window)
    assert _rows_of(window, Credential, person_id) == []
    window.undo_stack.undo()
    assert window.runner.wait_idle(30)
    after = {
        model.__name__: _rows_of(window, model, person_id) for model in (Credential, Assignment)
    }
    assert after == before  # every dependent row back, with its id


def _rows_of(window: Any, model: Any, person_id: int) -> list[tuple[Any, ...]]:
    with window.session.plan.read() as session:
        rows = session.scalars(select(model).where(model.person_id == person_id)).all()
        return sorted(
            tuple(getattr(r, c.key) for c in model.__table__.columns if c.key != "version")
            for r in rows
        )


def test_edit_delete_key_acts_on_the_focused_table(window: MainWindow, answers: Any) -> None:
    window.tabs.setCurrentIndex(1)
    missions = window.tab(MissionsView)
    missions.missions.select_key("UNISFA")
    missions.missions.view.setFocus()
    window.registry[Action.DELETE].trigger()
    _done(window)
    ((text, _details),) = answers.questions("delete")
    assert text == "Delete the mission UNISFA?"
    window.tab(FindingsDock).view.setFocus()  # Delete in the findings deletes nothing
    window.registry[Action.DELETE].trigger()
    _done(window)
    assert len(answers.questions("delete")) == 1
    assert "Select a row" in window.statusBar().currentMessage()


def test_a_row_changed_behind_the_window_offers_a_reload_not_an_overwrite(
    window: MainWindow, answers: Any, qtbot: Any
) -> None:
    window.tabs.setCurrentIndex(1)
    panel = window.tab(MissionsView).missions
    assert panel.select_key("UNIFIL")
    mission_id, shown = panel.selected_id(), panel.selected_version()
    # Another planner renames it while this window shows the old row.
    services.update(
        window.session.plan, "mission", mission_id, shown, {"name": "Renamed elsewhere"}
    )
    assert window.edits.edit("mission", mission_id, shown) is None
    ((message, _),) = answers.questions("reload")
    assert "changed by someone else" in message
    assert panel.model.row_values(panel.selected_row())["name"] == "Renamed elsewhere"

    # Changed while the dialog is open: saving is refused and the dialog closes.
    dialog = window.edits.edit("mission", mission_id, panel.selected_version())
    services.update(
        window.session.plan,
        "mission",
        mission_id,
        panel.selected_version(),
        {"area": "South Lebanon"},
    )
    dialog.editors["name"].set_value("Mine")
    dialog.ok_button.click()
    _done(window)
    assert _closed(dialog)
    assert len(answers.questions("reload")) == 2
    saved = services.get(window.session.plan, "mission", mission_id)
    assert (saved["name"], saved["area"]) == ("Renamed elsewhere", "South Lebanon")


def test_undo_after_someone_else_changed_the_row_offers_a_reload(
    window: MainWindow, answers: Any, qtbot: Any
) -> None:
    with window.session.plan.read() as session:
        mission = session.scalar(select(Mission).where(Mission.code == "UNTSO"))
        mission_id, version = mission.id, mission.version
    window.edits.run(UpdateRecord("mission", mission_id, version, {"area": "Mine"}))
    _done(window)
    assert window.undo_stack.count() == 1
    current = services.get(window.session.plan, "mission", mission_id)["version"]
    services.update(window.session.plan, "mission", mission_id, current, {"area": "Theirs"})
    window.undo_stack.undo()
    assert window.runner.wait_idle(30)
    qtbot.waitUntil(lambda: bool(answers.questions("reload")))
    assert services.get(window.session.plan, "mission", mission_id)["area"] == "Theirs"
    assert window.undo_stack.count() == 0  # reloaded: the history no longer applies


def test_findings_and_overview_lead_to_the_record_they_name(window: MainWindow, qtbot: Any) -> None:
    with window.session.plan.read() as session:
        number = session.scalar(select(Person.service_number).order_by(Person.id.desc()))
        rotation = session.scalar(select(Rotation.code).order_by(Rotation.id.desc()))
    window.tab(FindingsDock).activated.emit("person", number)
    assert window.tabs.currentIndex() == 4
    people = window.tab(PersonnelView).people
    assert people.model.row_values(people.selected_row())["service_number"] == number

    people.set_search("no such person at all")
    window.tab(FindingsDock).activated.emit("person", number)  # the search gives way
    assert people.selected_row() is not None and people.search.text() == ""

    window.tab(OverviewTab).page.activated.emit("rotation", rotation)
    assert window.tabs.currentIndex() == 3
    rotations = window.tab(UnitsView).rotations
    assert rotations.model.row_values(rotations.selected_row())["code"] == rotation

    window.tab(FindingsDock).activated.emit("mission", "MINUSMA")
    assert window.tabs.currentIndex() == 1
    window.tab(FindingsDock).activated.emit("authorisation", "2024-01-19")
    auths = window.tab(AuthorisationsView).authorisations
    assert auths.model.row_values(auths.selected_row())["reference"] == "2024-01-19"


def test_find_puts_the_cursor_in_the_search_field(window: MainWindow, qtbot: Any) -> None:
    """Find goes to the search field of the table holding the focus, else of the tab's
    main table. The test puts the focus itself: where showing a tab leaves it depends on
    where it was and on when the (offscreen) window is activated, which made this flaky.
    ``focusWidget()`` is the window's focus child whether or not the window is active."""
    window.tabs.setCurrentIndex(4)
    personnel = window.tab(PersonnelView)
    personnel.people.view.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is personnel.people.view)
    window.registry[Action.FIND].trigger()
    search = personnel.people.search
    qtbot.waitUntil(lambda: window.focusWidget() is search)
    qtbot.keyClicks(search, "tokayev")
    model = personnel.people.model
    assert 0 < model.rowCount() < model.total_rows
    assert all("tokayev" in model.row_values(r)["surname"].lower() for r in range(model.rowCount()))

    credentials = personnel.detail_panels["credential"]
    personnel.details.setCurrentWidget(credentials)
    credentials.view.setFocus()
    window.registry[Action.FIND].trigger()
    qtbot.waitUntil(lambda: window.focusWidget() is credentials.search)


def test_views_reload_only_what_changed(window: MainWindow, qtbot: Any) -> None:
    for index in range(1, 5):
        window.tabs.setCurrentIndex(index)
    units = window.tab(UnitsView)
    window.tabs.setCurrentIndex(3)
    units.rotations.select_key("KAZCON-R03")
    roster_before = units.roster.model.total_rows
    with window.session.plan.read() as session:
        person_id = session.scalar(
            select(Person.id).where(
                ~Person.id.in_(
                    select(Assignment.person_id).where(Assignment.starts_on > dt.date(2025, 1, 1))
                )
            )
        )
        rotation_id = session.scalar(select(Rotation.id).where(Rotation.code == "KAZCON-R03"))
    window.edits.run(AssignPerson(person_id, rotation_id=rotation_id))
    _done(window)
    assert units.roster.model.total_rows == roster_before + 1  # visible: reloaded now
    assert units.rotations.model.row_values(units.rotations.selected_row())["roster"] == (
        roster_before + 1
    )
    stale = window.tab(PersonnelView).pending  # personnel: when next shown
    assert stale is not None and set(stale) == {"assignment"}
    window.tabs.setCurrentIndex(4)
    assert window.tab(PersonnelView).pending == {}


def test_move_rotation_moves_its_people_and_undo_moves_them_back(
    window: MainWindow, answers: Any
) -> None:
    with window.session.plan.read() as session:
        rotation = session.scalar(select(Rotation).where(Rotation.code == "KAZCON-R04"))
        rid, version, start = rotation.id, rotation.version, rotation.starts_on
        first = session.scalar(
            select(func.min(Assignment.starts_on)).where(Assignment.rotation_id == rid)
        )
    answers.date = start + dt.timedelta(days=14)
    assert window.edits.move_rotation(rid, version)
    _done(window)
    with window.session.plan.read() as session:
        moved = session.scalar(
            select(func.min(Assignment.starts_on)).where(Assignment.rotation_id == rid)
        )
    assert moved == first + dt.timedelta(days=14)
    window.undo_stack.undo()
    assert window.runner.wait_idle(30)
    assert services.get(window.session.plan, "rotation", rid)["starts_on"] == start


def test_plan_settings_edit_the_rule_parameters(window: MainWindow, qtbot: Any) -> None:
    # Edits and their rechecks one at a time, as a planner makes them: the recheck of
    # the settings edit is in before the undo (every rule depends on the settings).
    _settle(window, qtbot)
    window.registry[Action.PLAN_SETTINGS].trigger()
    settings = window.findChild(PlanSettingsDialog)
    view = settings.view
    assert view.values["min_rest_days"].text() == "365"
    assert view.requirements.model.total_rows >= 5 and view.targets.model.total_rows >= 4
    view.edit_button.click()
    (dialog,) = [d for d in window.findChildren(EntityDialog) if d.isVisible()]
    dialog.editors["min_rest_days"].set_value("200")
    dialog.ok_button.click()
    _done(window)
    assert _closed(dialog), dialog.general_problem_text()
    assert view.values["min_rest_days"].text() == "200"
    _settle(window, qtbot)
    window.undo_stack.undo()
    assert window.runner.wait_idle(30)
    assert view.values["min_rest_days"].text() == "365"
    _settle(window, qtbot)
    settings.close()


def test_a_plan_held_by_another_process_opens_read_only_or_not_at_all(
    window: MainWindow, answers: Any, demo_plan_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "shared.sqlite"
    other.parent.mkdir()
    shutil.copy(demo_plan_file, other)
    holder = open_plan(other)  # another planner has it open for writing
    try:
        answers.read_only = False
        assert not window.open_target(str(other))
        ((message, _),) = answers.questions("lock")
        assert "already open by" in message and "process" in message
        assert window.session.plan.name == "demo"  # nothing changed

        answers.read_only = True
        assert window.open_target(str(other))
        assert window.session.plan.read_only
        assert window.windowTitle() == "shared (read-only) — Rotation Planner"
        window.tabs.setCurrentIndex(4)
        people = window.tab(PersonnelView).people
        assert not people.buttons["add"].isEnabled()
        assert not window.registry[Action.IMPORT].isEnabled()
    finally:
        holder.close()


def test_a_failed_backup_on_close_is_said_and_the_plan_still_closes(
    window: MainWindow, monkeypatch: Any, answers: Any
) -> None:
    import planner.plan

    def full_disk(*_args: Any, **_kwargs: Any) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(planner.plan, "backup_sqlite", full_disk)
    plan = window.session.plan
    window.close()
    assert answers.waited == [
        "The backup on closing failed: No space left on device. The plan itself is saved."
    ]
    assert plan.closed and (plan.lock is None or not plan.lock.held)


def test_new_and_open_from_the_file_menu(
    window: MainWindow, answers: Any, tmp_path: Path, demo_plan_file: Path
) -> None:
    fresh = tmp_path / "fresh.sqlite"
    answers.new_plan = str(fresh)
    window.registry[Action.NEW_PLAN].trigger()
    assert window.session.plan.path == fresh.resolve() and window.windowTitle().startswith("fresh")
    assert window.undo_stack.count() == 0
    window.tabs.setCurrentIndex(1)
    assert window.tab(MissionsView).missions.model.total_rows == 0

    window.registry[Action.NEW_PLAN].trigger()  # the same file again: it already holds a plan
    assert "already holds a plan" in answers.last_error().text()
    answers.last_error().close()

    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo_plan_file, copy)
    answers.plan_to_open = str(copy)
    window.registry[Action.OPEN_PLAN].trigger()
    assert window.session.plan.path == copy.resolve()
    assert window.tab(MissionsView).missions.model.total_rows == 11  # the visible tab reloaded

    menu = window.registry[Action.RECENT_PLANS].menu()
    menu.aboutToShow.emit()
    entries = [a.text() for a in menu.actions() if a.text()]
    assert entries[:2] == [str(copy.resolve()), str(fresh.resolve())]
    assert window.open_target(str(copy))  # already open: no lock question, nothing done
    assert window.session.plan.path == copy.resolve()


def _statements(window: MainWindow) -> list[str]:
    """Every SQL statement the plan's engine runs from now on (a listener on the real
    engine: the window's reads, the edit, the recheck)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(window.session.plan.engine, "before_cursor_execute", record)
    return seen


def _whole_table_reads(statements: list[str], *tables: str) -> list[str]:
    """SELECTs of every row of one of ``tables`` (no WHERE): what reading the plan is."""
    return [
        s
        for s in statements
        if s.startswith("SELECT")
        and "WHERE" not in s
        and any(re.search(rf"\bFROM {t}\b", s) for t in tables)
    ]


def test_an_edit_refreshes_the_window_without_reading_the_plan_again(
    window: MainWindow, qtbot: Any, settle: Any, monkeypatch: Any
) -> None:
    """After an edit, the tabs patch what changed, the checker rechecks the few people
    concerned, and the Overview shows the facts that recheck published: no statement
    reads the people or the assignments whole, and no snapshot of the plan is loaded."""
    import planner.app.checking  # where the checker loads a snapshot (the rules are pure)

    settle()  # the first (full) check is in
    snapshots: list[object] = []
    real = planner.app.checking.load_snapshot
    monkeypatch.setattr(
        planner.app.checking,
        "load_snapshot",
        lambda plan: snapshots.append(plan) or real(plan),
    )
    overview = window.tab(OverviewTab).page
    facts_before = overview.facts
    window.tabs.setCurrentIndex(4)
    people = window.tab(PersonnelView).people
    assert people.select_key(_person_with_everything(window)[2])
    statements = _statements(window)

    people.edit_selected()
    (dialog,) = [d for d in window.findChildren(EntityDialog) if d.isVisible()]
    dialog.editors["surname"].set_value("Renamed")
    dialog.ok_button.click()
    settle()

    assert _closed(dialog)
    assert people.model.row_values(people.selected_row())["surname"] == "Renamed"
    assert overview.facts is not facts_before  # the recheck's facts, shown
    assert overview.facts is window.checks.facts
    assert any(s.startswith("UPDATE person") for s in statements)
    assert _whole_table_reads(statements, "person", "assignment", "credential") == []
    assert snapshots == []
    assert window.session.checker.full_checks == 1


def test_the_window_keeps_running_while_another_connection_holds_the_write_lock(
    window: MainWindow, qtbot: Any, settle: Any
) -> None:
    """Another program holds the plan's write lock for 3 s: an edit started meanwhile
    waits for it on the worker while the event loop keeps turning, then goes through."""
    settle()
    path = window.session.path
    assert path is not None
    with window.session.plan.read() as session:
        mission = session.scalar(select(Mission).where(Mission.code == "UNTSO"))
        mission_id, version = mission.id, mission.version
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as another writer takes it
    released: list[float] = []

    def release() -> None:
        holder.execute("ROLLBACK")
        holder.close()
        released.append(time.monotonic())

    ticks: list[float] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    QTimer.singleShot(3000, release)
    started = time.monotonic()
    window.edits.run(UpdateRecord("mission", mission_id, version, {"area": "Locked out"}))
    returned = time.monotonic() - started
    qtbot.waitUntil(lambda: bool(released), timeout=10_000)
    settle()
    timer.stop()

    assert returned < 0.1  # the edit went to the worker; the GUI thread did not wait
    during = [t for t in ticks if t < released[0]]
    gaps = [b - a for a, b in zip([started, *during], during, strict=False)]
    assert len(during) > 50 and max(gaps) < 0.5  # the loop kept turning all along
    assert services.get(window.session.plan, "mission", mission_id)["area"] == "Locked out"


def test_the_window_is_shown_before_the_planner_loads() -> None:
    """The window appears as fast as a bare Qt window: making and showing it loads
    neither planner.app nor SQLAlchemy (they load with the first plan)."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.shell.window import MainWindow\n"
        "window = MainWindow(restore=False)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('planner.', 'sqlalchemy'))))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == "['planner.errors']"
