"""Import of a plan workbook: headers in any case and order, merge by natural key,
idempotence, rotation dates, and every row error reported with nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from xlhelp import dump, headers, read_values, write_workbook

from planner.excel import WorkbookError, export_plan, import_workbook
from planner.models import Assignment, Mission, Person, Rotation, Unit
from planner.plan import Plan
from planner.progress import Cancelled, Progress

D = dt.date


def small_workbook(path: Path) -> Path:
    """A workbook as a planner would type it: shuffled columns, odd case, text dates in
    both formats, numbers where text is expected."""
    return write_workbook(
        path,
        {
            "missions": [
                ["name*", "CODE", "language", "Mandate Start"],
                ["Interim Force in Lebanon", "UNIFIL", "EN", D(1978, 3, 19)],
                ["Disengagement Observer Force", "UNDOF", "en", "31.05.1974"],
            ],
            "Authorisations": [
                ["Reference*", "Adopted on*", "Valid from*", "Total ceiling"],
                ["LAW-2018", "2018-06-15", D(2018, 6, 15), 160],
            ],
            "Authorised Missions": [
                ["Mission*", "Authorisation*", "Ceiling", "Categories"],
                ["UNIFIL", "LAW-2018", 130, "unit, observer"],
            ],
            "Units": [
                ["Code*", "Name*", "Mission*", "Strength"],
                ["KAZCOY", "Kazakh company", "UNIFIL", 120],
            ],
            "Rotations": [
                ["Code*", "Unit*", "Number", "Starts on*", "Ends on*", "Status"],
                ["KAZCOY-R01", "KAZCOY", 1, D(2018, 10, 31), D(2019, 4, 30), "Approved"],
            ],
            "Personnel": [
                ["Surname*", "Service number*", "Given name*", "Sex*", "Rank*", "Languages"],
                ["Abenov", 10001, "Daulet", "m", "sergeant", "EN:b1"],
                ["Serikova", "KZ-2", "Aigerim", "F", "Major", "fr:B1, en:C1"],
            ],
            "Credentials": [
                ["Service number*", "Kind*", "Expires on*"],
                [10001, "passport", D(2030, 1, 1)],
            ],
            "Absences": [
                ["Service number*", "From*", "To*", "Reason"],
                ["10001", D(2020, 1, 1), "20.01.2020", "Leave"],
            ],
            "Assignments": [
                ["Service number*", "Mission*", "Rotation", "Category*", "Starts on", "Ends on"],
                [10001, "", "KAZCOY-R01", "unit", None, None],
                ["KZ-2", "UNDOF", None, "observer", D(2019, 1, 1), D(2019, 12, 31)],
            ],
        },
    )


def test_a_typed_workbook_is_imported_with_every_value_cleaned(plan: Plan, tmp_path: Path) -> None:
    report = import_workbook(plan, small_workbook(tmp_path / "in.xlsx"))
    assert {t: c.created for t, c in report.sheets.items()} == {
        "Missions": 2,
        "Authorisations": 1,
        "Authorised missions": 1,
        "Units": 1,
        "Rotations": 1,
        "Personnel": 2,
        "Credentials": 1,
        "Absences": 1,
        "Assignments": 2,
    }
    assert report.warnings == []
    with plan.read() as session:
        undof = session.scalars(select(Mission).where(Mission.code == "UNDOF")).one()
        assert undof.mandate_start == D(1974, 5, 31) and undof.language == "en"
        abenov = session.scalars(select(Person).where(Person.service_number == "10001")).one()
        assert (abenov.sex, abenov.rank, abenov.languages) == ("M", "Sergeant", "en:B1")
        rotation = session.scalars(select(Rotation)).one()
        assert rotation.status == "approved"
        unit_assignment = session.scalars(
            select(Assignment).where(Assignment.person_id == abenov.id)
        ).one()
        # The rotation gave the dates and the mission.
        assert (unit_assignment.starts_on, unit_assignment.ends_on) == (
            D(2018, 10, 31),
            D(2019, 4, 30),
        )
        assert unit_assignment.mission_id == session.scalar(
            select(Unit.mission_id).where(Unit.code == "KAZCOY")
        )


def test_importing_the_same_workbook_twice_changes_nothing_the_second_time(
    plan: Plan, tmp_path: Path
) -> None:
    workbook = small_workbook(tmp_path / "in.xlsx")
    import_workbook(plan, workbook)
    before = dump(plan)
    again = import_workbook(plan, workbook)
    assert not again.changed
    assert all(c.created == c.updated == 0 for c in again.sheets.values())
    assert dump(plan) == before  # versions included: nothing was bumped


def test_importing_its_own_export_leaves_the_demo_plan_untouched(
    demo_plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "demo.xlsx"
    export_plan(demo_plan, out)
    before = dump(demo_plan)
    report = import_workbook(demo_plan, out)
    assert not report.changed
    assert report.sheets["Assignments"].unchanged == len(before["assignment"])
    assert dump(demo_plan) == before


def test_a_changed_cell_updates_that_record_only_and_bumps_its_version(
    seeded: Any, tmp_path: Path
) -> None:
    plan = seeded.plan
    out = tmp_path / "plan.xlsx"
    export_plan(plan, out)
    sheets = read_values(out)
    personnel = sheets["Personnel"]
    personnel[1][1] = "Abenova"  # KZ-1's surname
    sheets["Personnel"] = personnel
    edited = write_workbook(tmp_path / "edited.xlsx", {"Personnel": personnel})
    before = dump(plan)
    report = import_workbook(plan, edited)
    assert (report.sheets["Personnel"].updated, report.sheets["Personnel"].unchanged) == (1, 1)
    after = dump(plan)
    changed = [row for row in after["person"] if row not in before["person"]]
    assert len(changed) == 1 and "Abenova" in changed[0]
    assert changed[0][-1] == 2  # version
    assert {k: v for k, v in after.items() if k != "person"} == {
        k: v for k, v in before.items() if k != "person"
    }


def test_columns_left_out_keep_their_values_and_new_keys_are_added(
    seeded: Any, tmp_path: Path
) -> None:
    plan = seeded.plan
    workbook = write_workbook(
        tmp_path / "people.xlsx",
        {
            "Personnel": [
                ["Service number*", "Surname*", "Given name*", "Sex*", "Rank*"],
                ["KZ-2", "Serikova", "Aigerim", "F", "Lieutenant Colonel"],
                ["KZ-3", "Nurlanov", "Arman", "M", "Private"],
            ]
        },
    )
    report = import_workbook(plan, workbook)
    assert (report.sheets["Personnel"].created, report.sheets["Personnel"].updated) == (1, 1)
    with plan.read() as session:
        officer = session.get(Person, seeded.officer)
        assert officer is not None
        assert officer.rank == "Lieutenant Colonel"
        assert officer.languages == "en:C1, fr:B1"  # no Languages column: kept
        assert officer.commissioned_on == D(2007, 6, 1)


def test_every_row_error_is_reported_with_sheet_row_column_and_value(
    seeded: Any, tmp_path: Path
) -> None:
    plan = seeded.plan
    workbook = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "Personnel": [
                headers("Personnel"),
                ["KZ-7", "Ok", "Fine", "", "M", "", "Private", "", "", ""],
                ["KZ-8", "", "Name", "", "X", "31.02.1990", "Generalissimo", "", "", "en"],
                ["KZ-7", "Again", "Same", "", "M", "", "Private", "", "", ""],
            ],
            "Assignments": [
                headers("Assignments"),
                ["KZ-1", "MINURSO", "KAZCOY-R01", "unit", "", None, None, ""],
                ["KZ-404", "UNIFIL", None, "unit", "", D(2020, 1, 1), D(2019, 1, 1), ""],
                ["KZ-2", "UNIFIL", None, "observer", "", D(2020, 1, 1), D(2021, 1, 1), "maybe"],
                ["KZ-2", "UNIFIL", None, "observer", "", None, D(2021, 1, 1), ""],
            ],
        },
    )
    before = dump(plan)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(plan, workbook)
    found = {(e.sheet, e.row, e.column, e.value, e.message) for e in caught.value.errors}
    assert ("Personnel", 3, "Surname", "", "is required") in found
    assert ("Personnel", 3, "Sex", "X", "is not one of: F, M") in found
    assert any(e[:4] == ("Personnel", 3, "Birth date", "31.02.1990") for e in found)
    assert any(e[:4] == ("Personnel", 3, "Rank", "Generalissimo") for e in found)
    assert any(e[:4] == ("Personnel", 3, "Languages", "en") for e in found)
    assert any(e[:2] == ("Personnel", 4) and "repeats row 2" in e[4] for e in found)
    assert (
        "Assignments",
        2,
        "Mission",
        "MINURSO",
        "is not the mission of rotation KAZCOY-R01 (its unit serves UNIFIL)",
    ) in found
    assert (
        "Assignments",
        3,
        "Service number",
        "KZ-404",
        "is not in the plan nor in the Personnel sheet",
    ) in found
    assert any(e[:3] == ("Assignments", 4, "Status") for e in found)
    assert ("Assignments", 5, "Starts on", "", "is required (or give a rotation)") in found
    message = str(caught.value)
    assert "bad.xlsx" in message and "nothing was imported" in message
    report = caught.value.report()
    assert "Personnel, row 3, column Sex: 'X' is not one of: F, M" in report
    assert dump(plan) == before


def test_dates_out_of_order_are_reported_on_the_later_column(plan: Plan, tmp_path: Path) -> None:
    workbook = write_workbook(
        tmp_path / "dates.xlsx",
        {
            "Missions": [
                ["Code*", "Name*", "Mandate start", "Mandate end"],
                ["UNTSO", "Truce supervision", D(1948, 5, 29), D(1948, 1, 1)],
            ]
        },
    )
    with pytest.raises(WorkbookError) as caught:
        import_workbook(plan, workbook)
    (error,) = caught.value.errors
    assert (error.sheet, error.row, error.column, error.message) == (
        "Missions",
        2,
        "Mandate end",
        "the mandate ends before it starts",
    )


def test_the_error_list_is_capped_with_a_count_of_the_rest(plan: Plan, tmp_path: Path) -> None:
    rows = [["Code*", "Name*", "Mandate start"]] + [
        [f"M{i}", f"Mission {i}", "not a date"] for i in range(260)
    ]
    with pytest.raises(WorkbookError) as caught:
        import_workbook(plan, write_workbook(tmp_path / "many.xlsx", {"Missions": rows}))
    assert len(caught.value.errors) == 200 and caught.value.more == 60
    assert "260 errors" in str(caught.value)
    assert "60 more errors" in caught.value.report()


def test_unknown_sheets_and_columns_are_ignored_with_warnings(plan: Plan, tmp_path: Path) -> None:
    workbook = write_workbook(
        tmp_path / "extra.xlsx",
        {
            "Notes": [["anything"], ["at all"]],
            "Missions": [["Code*", "Name*", "Remarks"], ["UNMISS", "South Sudan", "new"]],
        },
    )
    report = import_workbook(plan, workbook)
    assert report.sheets["Missions"].created == 1
    assert any("'Notes'" in w for w in report.warnings)
    assert any("'Remarks'" in w for w in report.warnings)


def test_a_missing_required_column_or_a_repeated_one_is_an_error(
    plan: Plan, tmp_path: Path
) -> None:
    workbook = write_workbook(
        tmp_path / "columns.xlsx",
        {
            "Missions": [["Code", "Area"], ["UNMISS", "South Sudan"]],
            "Units": [["Code*", "Name*", "Mission*", "code"], ["U", "Unit", "UNMISS", "U"]],
        },
    )
    with pytest.raises(WorkbookError) as caught:
        import_workbook(plan, workbook)
    text = caught.value.report()
    assert "Missions, row 1: the required column(s) Name are missing from row 1" in text
    assert "Units, row 1, column Code: this column appears twice" in text


def test_a_workbook_without_any_plan_sheet_is_refused(plan: Plan, tmp_path: Path) -> None:
    workbook = write_workbook(tmp_path / "other.xlsx", {"Budget": [["Item", "Cost"]]})
    with pytest.raises(WorkbookError, match="holds none of the plan sheets"):
        import_workbook(plan, workbook)


def test_a_cancelled_import_writes_nothing(seeded: Any, tmp_path: Path) -> None:
    plan = seeded.plan
    workbook = small_workbook(tmp_path / "in.xlsx")
    before = dump(plan)
    steps: list[str] = []

    def record(done: int, total: int, text: str) -> None:
        steps.append(text)
        if text.startswith("Saving Personnel"):
            progress.cancel()

    progress = Progress(record)
    with pytest.raises(Cancelled):
        # Rows of the first sheets were already sent to the database when it stops.
        import_workbook(plan, workbook, progress)
    assert any(s.startswith("Saving Missions") for s in steps)
    assert dump(plan) == before
