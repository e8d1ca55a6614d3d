"""No user value ever becomes a formula: text that starts with =, +, -, @, tab, CR or LF
is written as a text cell, in the plan export and in the roster."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import update
from xlhelp import read_values

from planner.excel import export_plan, import_workbook
from planner.excel.roster import export_roster
from planner.models import Assignment, Mission, Person

HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "+cmd|' /C calc'!A0"
EXACT = {  # values that come back exactly as they were
    "surname": HYPERLINK,
    "given_name": DDE,
    "patronymic": "-2+3",
    "specialty": "@SUM(A1:A9)",
}


def poison(seeded: Any) -> None:
    """Put hostile text straight into the plan (as another program could have)."""
    with seeded.plan.write() as session:
        session.execute(update(Person).where(Person.id == seeded.person).values(**EXACT))
        session.execute(
            update(Person)
            .where(Person.id == seeded.officer)
            .values(specialty="\t=1+1", patronymic="\r\n=2+2")
        )
        session.execute(update(Assignment).values(role="=1+1"))
        session.execute(update(Mission).where(Mission.code == "UNIFIL").values(name="=cmd()"))


def sheet_xml(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def assert_no_formula(path: Path) -> None:
    for name, xml in sheet_xml(path).items():
        assert b"<f>" not in xml and b"<f " not in xml, name


def test_plan_export_writes_hostile_text_as_text(seeded: Any, tmp_path: Path) -> None:
    poison(seeded)
    out = tmp_path / "plan.xlsx"
    export_plan(seeded.plan, out)
    assert_no_formula(out)
    personnel = read_values(out)["Personnel"]
    row = next(r for r in personnel if r[0] == "KZ-1")
    assert row[1:4] == [HYPERLINK, DDE, "-2+3"]
    assert row[7] == "@SUM(A1:A9)"
    officer = next(r for r in personnel if r[0] == "KZ-2")
    assert officer[7] == "\t=1+1"
    assert officer[3].endswith("=2+2") and officer[3].startswith(("\r", "\n"))
    assert read_values(out)["Assignments"][1][4] == "=1+1"
    # Excel's view: text cells marked to stay text even when edited.
    ws = openpyxl.load_workbook(out)["Personnel"]
    for cell in ws["B"][1:] + ws["C"][1:]:
        if cell.value in (HYPERLINK, DDE):
            assert cell.data_type == "s" and cell.quotePrefix


def test_hostile_text_survives_a_round_trip_unchanged(
    seeded: Any, plan: Any, tmp_path: Path
) -> None:
    poison(seeded)
    out = tmp_path / "plan.xlsx"
    export_plan(seeded.plan, out)
    import_workbook(plan, out)
    with plan.read() as session:
        person = session.query(Person).filter_by(service_number="KZ-1").one()
        assert {name: getattr(person, name) for name in EXACT} == EXACT
        assert session.query(Mission).filter_by(code="UNIFIL").one().name == "=cmd()"


def test_roster_writes_hostile_text_as_text(seeded: Any, tmp_path: Path) -> None:
    poison(seeded)
    out = tmp_path / "roster.xlsx"
    export_roster(seeded.plan, out, rotation="KAZCOY-R01")
    assert_no_formula(out)
    roster = read_values(out)["Roster"]
    row = next(r for r in roster if r[1] == "KZ-1")
    assert row[3:6] == [HYPERLINK, DDE, "-2+3"]
    assert row[7] == "@SUM(A1:A9)" and row[8] == "=1+1"
    assert any("=cmd()" in str(cell) for r in roster[:8] for cell in r)
