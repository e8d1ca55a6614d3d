"""The empty plan workbook: headers with required columns starred, an Instructions sheet,
drop-down lists for the fixed sets, and it imports as nothing at all."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from xlhelp import dump, read_values

from planner.domain import ASSIGNMENT_STATUSES, CATEGORIES, RANKS, ROTATION_STATUSES, SEXES
from planner.excel import import_workbook
from planner.excel.columns import SHEETS
from planner.excel.template import write_template
from planner.plan import Plan


def validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    """{column letter: list formula} of a sheet's data validations."""
    found = {}
    for validation in ws.data_validations.dataValidation:
        assert validation.type == "list"
        for cell_range in validation.sqref.ranges:
            found[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation.formula1
    return found


def test_template_has_instructions_and_every_sheet_with_its_header(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    write_template(out)
    read = read_values(out)
    assert list(read) == ["Instructions", *(s.title for s in SHEETS)]
    for sheet in SHEETS:
        assert read[sheet.title] == [sheet.headers]
    assert read["Personnel"][0][:3] == ["Service number*", "Surname*", "Given name*"]
    assert read["Assignments"][0][5] == "Starts on"  # may come from the rotation
    text = "\n".join(str(row[0]) for row in read["Instructions"])
    assert "YYYY-MM-DD" in text and "all or nothing" in text
    assert "Assignments (matched by Service number, Mission, Starts on)" in text
    assert "Ceilings (matched by Authorisation, Clause)" in text
    assert "Posts (matched by Unit, Code)" in text
    assert "Ceilings: one row per limit as the law writes it" in text
    assert "Posts: a unit's establishment" in text
    assert read["Ceilings"][0] == [
        "Authorisation*",
        "Clause*",
        "Missions",
        "Categories",
        "Ceiling*",
    ]
    assert read["Posts"][0] == ["Unit*", "Code*", "Title", "Specialty*", "Minimum rank", "Count*"]


def test_template_offers_lists_for_the_fixed_sets(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    write_template(out)
    workbook = openpyxl.load_workbook(out)
    personnel = validations(workbook["Personnel"])
    assert personnel == {"E": f'"{",".join(SEXES)}"', "G": f'"{",".join(RANKS)}"'}
    assignments = validations(workbook["Assignments"])
    assert assignments == {
        "D": f'"{",".join(CATEGORIES)}"',
        "H": f'"{",".join(ASSIGNMENT_STATUSES)}"',
    }
    assert validations(workbook["Rotations"]) == {"F": f'"{",".join(ROTATION_STATUSES)}"'}
    assert validations(workbook["Posts"]) == {"E": f'"{",".join(RANKS)}"'}
    for validation in workbook["Personnel"].data_validations.dataValidation:
        assert validation.showErrorMessage
    assert workbook["Personnel"].freeze_panes == "A2"


def test_the_empty_template_imports_as_nothing(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    write_template(out)
    before = dump(plan)
    report = import_workbook(plan, out)
    assert not report.changed
    assert report.warnings == []  # its own Instructions sheet is no surprise
    assert dump(plan) == before
