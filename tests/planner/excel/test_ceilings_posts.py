"""The Ceilings and Posts sheets: imported into rows (a clause's missions as rows of their
own), merged by authorisation + clause and unit + code, a second import changing
nothing, every bad row named with sheet, row, column and value, and export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from xlhelp import dump, headers, read_values, write_workbook

from planner.excel import WorkbookError, export_plan, import_workbook
from planner.models import Authorisation, CeilingClause, CeilingClauseMission, Mission, Post, Unit
from planner.plan import Plan

D = dt.date


def law_workbook(path: Path, ceilings: list[list[Any]], posts: list[list[Any]]) -> Path:
    """The 2018 law in a workbook: five missions listed, and the given Ceilings and Posts
    rows (below their headers)."""
    codes = ("UNTSO", "UNFICYP", "UNMOGIP", "UNIFIL", "MINURSO", "UNDOF")
    return write_workbook(
        path,
        {
            "Missions": [["Code*", "Name*"], *([code, f"Mission {code}"] for code in codes)],
            "Authorisations": [
                ["Reference*", "Adopted on*", "Valid from*"],
                ["2018-06-15", D(2018, 6, 15), D(2018, 6, 15)],
            ],
            "Authorised missions": [
                ["Authorisation*", "Mission*"],
                *(["2018-06-15", code] for code in codes[:5]),
            ],
            "Ceilings": [headers("Ceilings"), *ceilings],
            "Units": [["Code*", "Name*", "Mission*"], ["KAZCOY", "Kazakh company", "UNIFIL"]],
            "Posts": [headers("Posts"), *posts],
        },
    )


GOOD_CEILINGS = [
    ["2018-06-15", "officers", "UNTSO, UNFICYP,UNMOGIP, UNIFIL , MINURSO", "staff, observer", 40],
    ["2018-06-15", "UNIFIL company", "UNIFIL", "unit", 120],
    ["2018-06-15", "total", None, None, 160],
]
GOOD_POSTS = [
    ["KAZCOY", "CDR", "Company commander", "Infantry officer", "Captain", 1],
    ["KAZCOY", "PL", "Platoon commander", "Infantry officer", "lieutenant", 3],
    ["KAZCOY", "INF", "Rifleman", "Infantry", None, 116],
]


def _clauses(plan: Plan) -> dict[str, tuple[str, str, int, list[str]]]:
    """{label: (authorisation, categories, ceiling, mission codes)} from the database."""
    with plan.read() as session:
        codes = dict(session.execute(select(Mission.id, Mission.code)).all())
        named: dict[int, list[str]] = {}
        for row in session.scalars(select(CeilingClauseMission)):
            named.setdefault(row.clause_id, []).append(codes[row.mission_id])
        return {
            clause.label: (
                reference,
                clause.categories,
                clause.ceiling,
                sorted(named.get(clause.id, [])),
            )
            for clause, reference in session.execute(
                select(CeilingClause, Authorisation.reference).join(
                    Authorisation, Authorisation.id == CeilingClause.authorisation_id
                )
            ).all()
        }


def _posts(plan: Plan) -> list[tuple[Any, ...]]:
    with plan.read() as session:
        return sorted(
            tuple(row)
            for row in session.execute(
                select(
                    Unit.code, Post.code, Post.title, Post.specialty, Post.min_rank, Post.count
                ).join(Unit, Unit.id == Post.unit_id)
            ).all()
        )


def test_ceilings_and_posts_import_into_rows_and_a_second_import_changes_nothing(
    plan: Plan, tmp_path: Path
) -> None:
    workbook = law_workbook(tmp_path / "law.xlsx", GOOD_CEILINGS, GOOD_POSTS)
    report = import_workbook(plan, workbook)
    assert report.sheets["Ceilings"].created == 3 and report.sheets["Posts"].created == 3
    assert _clauses(plan) == {
        "officers": (
            "2018-06-15",
            "observer,staff",
            40,
            ["MINURSO", "UNFICYP", "UNIFIL", "UNMOGIP", "UNTSO"],
        ),
        "UNIFIL company": ("2018-06-15", "unit", 120, ["UNIFIL"]),
        "total": ("2018-06-15", "", 160, []),
    }
    assert _posts(plan) == [
        ("KAZCOY", "CDR", "Company commander", "Infantry officer", "Captain", 1),
        ("KAZCOY", "INF", "Rifleman", "Infantry", None, 116),
        ("KAZCOY", "PL", "Platoon commander", "Infantry officer", "Lieutenant", 3),
    ]
    before = dump(plan)
    again = import_workbook(plan, workbook)
    assert not again.changed
    assert again.sheets["Ceilings"].unchanged == 3 and again.sheets["Posts"].unchanged == 3
    assert dump(plan) == before


def test_a_changed_clause_replaces_its_mission_rows_and_other_clauses_stay(
    plan: Plan, tmp_path: Path
) -> None:
    import_workbook(plan, law_workbook(tmp_path / "law.xlsx", GOOD_CEILINGS, GOOD_POSTS))
    with plan.read() as session:
        kept = sorted(
            session.execute(select(CeilingClauseMission.id, CeilingClauseMission.mission_id)).all()
        )
    changed = [
        ["2018-06-15", "officers", "MINURSO, UNIFIL, UNDOF", "staff, observer", 40],
        ["2018-06-15", "UNIFIL company", "UNIFIL", "unit", 120],
    ]
    with pytest.raises(WorkbookError) as caught:  # UNDOF is not listed by the 2018 law
        import_workbook(plan, law_workbook(tmp_path / "undof.xlsx", changed, GOOD_POSTS))
    assert [str(e) for e in caught.value.errors] == [
        "Ceilings, row 2, column Missions: 'UNDOF' is not one of the missions authorisation "
        "2018-06-15 lists (in the plan or the Authorised missions sheet)"
    ]
    changed[0][2] = "MINURSO, UNIFIL"
    report = import_workbook(plan, law_workbook(tmp_path / "two.xlsx", changed, GOOD_POSTS))
    assert (report.sheets["Ceilings"].updated, report.sheets["Ceilings"].unchanged) == (1, 1)
    assert _clauses(plan)["officers"][3] == ["MINURSO", "UNIFIL"]
    with plan.read() as session:
        rows = sorted(
            session.execute(select(CeilingClauseMission.id, CeilingClauseMission.mission_id)).all()
        )
        version = session.scalar(
            select(CeilingClause.version).where(CeilingClause.label == "officers")
        )
    # The rows of the missions it still names are the same rows; the others are gone.
    assert set(rows) < set(kept) and len(rows) == 3  # MINURSO, UNIFIL + the company's UNIFIL
    assert version == 2
    assert _clauses(plan)["total"][3] == []  # a clause not in the workbook is left alone


def test_every_bad_ceiling_and_post_row_is_named_with_sheet_row_column_and_value(
    plan: Plan, tmp_path: Path
) -> None:
    workbook = law_workbook(
        tmp_path / "bad.xlsx",
        [
            ["2018-06-15", "officers", "UNTSO, UNOCI", "observer", 40],
            ["2018-06-15", "Golan", "UNDOF", "", 10],
            ["2018-06-15", "negative", "", "", -5],
            ["2018-06-15", "officers", "UNTSO", "staff", 40],
            ["2099-01-01", "unknown law", "UNTSO", "", 1],
            ["2018-06-15", "sailors", "", "sailors", 3],
            ["2018-06-15", "", "", "", None],
        ],
        [
            ["KAZCOY", "CDR", "Commander", "Infantry officer", "Generalissimo", 1],
            ["KAZCOY", "MED-1", "Medic", "Medic", None, 0],
            ["KAZCOY", "DRV", "Driver", None, None, 1.5],
            ["KAZCON", "INF", "", "Infantry", "", 10],
            ["KAZCOY", "CDR", "Commander", "Infantry officer", "Captain", 1],
        ],
    )
    before = dump(plan)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(plan, workbook)
    found = [(e.sheet, e.row, e.column, e.value, e.message) for e in caught.value.errors]
    expected = [
        ("Ceilings", 2, "Missions", "UNOCI", "is not in the plan nor in the Missions sheet"),
        (
            "Ceilings",
            3,
            "Missions",
            "UNDOF",
            "is not one of the missions authorisation 2018-06-15 lists (in the plan or the "
            "Authorised missions sheet)",
        ),
        ("Ceilings", 4, "Ceiling", "-5", "-5 is below the minimum of 0"),
        ("Ceilings", 5, "", "", "repeats row 2 (Authorisation 2018-06-15, Clause officers)"),
        (
            "Ceilings",
            6,
            "Authorisation",
            "2099-01-01",
            "is not in the plan nor in the Authorisations sheet",
        ),
        ("Ceilings", 7, "Categories", "sailors", "is not a category (use unit, observer, staff)"),
        ("Ceilings", 8, "Clause", "", "is required"),
        ("Ceilings", 8, "Ceiling", "", "is required"),
        ("Posts", 2, "Minimum rank", "Generalissimo", found[8][4]),
        ("Posts", 3, "Count", "0", "0 is below the minimum of 1"),
        ("Posts", 4, "Specialty", "", "is required"),
        ("Posts", 4, "Count", "1.5", "is not a whole number"),
        ("Posts", 5, "Unit", "KAZCON", "is not in the plan nor in the Units sheet"),
        ("Posts", 6, "", "", "repeats row 2 (Unit KAZCOY, Code CDR)"),
    ]
    assert found == expected
    assert found[8][4].startswith("is not one of: Private, Lance Corporal")
    assert dump(plan) == before


def test_export_writes_clauses_with_their_missions_and_posts(plan: Plan, tmp_path: Path) -> None:
    import_workbook(plan, law_workbook(tmp_path / "law.xlsx", GOOD_CEILINGS, GOOD_POSTS))
    out = tmp_path / "out.xlsx"
    export_plan(plan, out)
    read = read_values(out)
    assert read["Ceilings"] == [
        ["Authorisation*", "Clause*", "Missions", "Categories", "Ceiling*"],
        ["2018-06-15", "UNIFIL company", "UNIFIL", "unit", 120.0],
        [
            "2018-06-15",
            "officers",
            "MINURSO, UNFICYP, UNIFIL, UNMOGIP, UNTSO",
            "observer,staff",
            40.0,
        ],
        ["2018-06-15", "total", "", "", 160.0],
    ]
    assert read["Posts"] == [
        ["Unit*", "Code*", "Title", "Specialty*", "Minimum rank", "Count*"],
        ["KAZCOY", "CDR", "Company commander", "Infantry officer", "Captain", 1.0],
        ["KAZCOY", "INF", "Rifleman", "Infantry", "", 116.0],
        ["KAZCOY", "PL", "Platoon commander", "Infantry officer", "Lieutenant", 3.0],
    ]
    # Into an empty plan and out again: the same values.
    other = tmp_path / "other.sqlite"
    from planner.plan import open_plan

    with open_plan(other, create=True) as copy:
        import_workbook(copy, out)
        again = tmp_path / "again.xlsx"
        export_plan(copy, again)
    assert read_values(again) == read


def test_a_row_with_a_bad_cell_still_has_its_other_problems_listed(
    seeded: Any, tmp_path: Path
) -> None:
    """Issue 13 item 6: a bad status and a mission that is not the rotation's, both."""
    workbook = write_workbook(
        tmp_path / "two.xlsx",
        {
            "Assignments": [
                headers("Assignments"),
                ["KZ-1", "MINURSO", "KAZCOY-R01", "unit", "", None, None, "maybe"],
                ["KZ-404", "UNIFIL", None, "unit", "", "31.02.2020", D(2019, 1, 1), ""],
                ["KZ-2", "UNIFIL", None, "sailor", "", D(2020, 1, 1), D(2019, 1, 1), ""],
            ],
        },
    )
    before = dump(seeded.plan)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(seeded.plan, workbook)
    found = [(e.row, e.column, e.value, e.message.split(" (")[0]) for e in caught.value.errors]
    assert found == [
        (2, "Status", "maybe", "is not one of: planned, confirmed, deployed, completed, cancelled"),
        (2, "Mission", "MINURSO", "is not the mission of rotation KAZCOY-R01"),
        (3, "Starts on", "31.02.2020", found[2][3]),
        (3, "Service number", "KZ-404", "is not in the plan nor in the Personnel sheet"),
        (4, "Category", "sailor", "is not one of: unit, observer, staff"),
        (4, "Ends on", "2019-01-01", "it ends before it starts"),
    ]
    assert dump(seeded.plan) == before


def test_a_ceilings_sheet_without_missions_keeps_each_clauses_missions(
    plan: Plan, tmp_path: Path
) -> None:
    import_workbook(plan, law_workbook(tmp_path / "law.xlsx", GOOD_CEILINGS, GOOD_POSTS))
    workbook = write_workbook(
        tmp_path / "ceilings.xlsx",
        {
            "Ceilings": [
                ["Ceiling*", "Clause*", "Authorisation*"],
                [45, "officers", "2018-06-15"],
                [3, "new", "2018-06-15"],
            ]
        },
    )
    report = import_workbook(plan, workbook)
    assert (report.sheets["Ceilings"].created, report.sheets["Ceilings"].updated) == (1, 1)
    clauses = _clauses(plan)
    assert clauses["officers"] == (
        "2018-06-15",
        "observer,staff",
        45,
        ["MINURSO", "UNFICYP", "UNIFIL", "UNMOGIP", "UNTSO"],
    )
    assert clauses["new"] == ("2018-06-15", "", 3, [])
