"""Issue 14, class 4: a cell that is not a value is a row error, never an empty cell.

An error cell (#DIV/0!, #N/A, #REF! …) in a ceiling column imported as "no ceiling": the
plan silently lost a parliamentary limit. Error cells, formulas saved without a value,
numbers that do not fit and fractions where a whole number is needed each name the
sheet, row, column and value; nothing is imported."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from xlhelp import dump, headers, replace_part, write_workbook

from planner.excel import WorkbookError, import_workbook

D = dt.date
CLAUSE = ["Authorisation*", "Mission*", "Ceiling", "Categories"]


def _refused(plan: Any, path: Path) -> list[str]:
    before = dump(plan)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(plan, path)
    assert dump(plan) == before
    return [str(error) for error in caught.value.errors]


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NUM!", "#NAME?"])
def test_an_error_cell_is_a_row_error_naming_the_error(
    seeded: Any, tmp_path: Path, error: str
) -> None:
    # openpyxl writes these strings as error cells (t="e"), as Excel saves them.
    path = write_workbook(
        tmp_path / "errors.xlsx",
        {"Authorised missions": [CLAUSE, ["LAW-2018", "MINURSO", error, ""]]},
    )
    with zipfile.ZipFile(path) as archive:
        assert b't="e"' in archive.read("xl/worksheets/sheet1.xml")
    errors = _refused(seeded.plan, path)
    assert any(
        e.startswith(f"Authorised missions, row 2, column Ceiling: '{error}' is the error value")
        for e in errors
    ), errors


def test_a_formula_saved_without_its_value_is_a_row_error(seeded: Any, tmp_path: Path) -> None:
    # openpyxl saves formulas without a computed value, as a script would.
    path = write_workbook(
        tmp_path / "formula.xlsx",
        {"Authorised missions": [CLAUSE, ["LAW-2018", "MINURSO", "=100+20", ""]]},
    )
    errors = _refused(seeded.plan, path)
    assert any(
        "row 2, column Ceiling" in e and "formula saved without its value" in e for e in errors
    ), errors


def test_a_formula_with_its_value_is_taken_as_the_value(seeded: Any, tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "cached.xlsx",
        {"Authorised missions": [CLAUSE, ["LAW-2018", "MINURSO", 7, ""]]},
    )
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(sheet)
    xml = xml.replace(b'<c r="C2" t="n"><v>7</v></c>', b'<c r="C2"><f>3+4</f><v>7</v></c>')
    assert b"<f>3+4</f>" in xml
    replace_part(path, tmp_path / "cached2.xlsx", sheet, xml)
    report = import_workbook(seeded.plan, tmp_path / "cached2.xlsx")
    assert report.sheets["Authorised missions"].created == 1


def test_error_cells_in_prefixed_xml_and_cells_without_references_are_found() -> None:
    from planner.excel.extent import cell_faults

    prefixed = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="3"><x:c t="s"><x:v>0</x:v></x:c><x:c t="e"><x:v>#N/A</x:v>'
        b"</x:c><x:c><x:f>A1</x:f></x:c></x:row></x:sheetData></x:worksheet>"
    )
    found = [(f.row, f.column, f.error) for f in cell_faults(prefixed).cells]
    assert found == [(3, 2, "#N/A"), (3, 3, "")]
    plain = (
        b'<row r="2"><c t=\'e\'><v>#REF!</v></c><c r="D2" t="str"><f>X</f><v></v></c>'
        b'<c r="E2"><f>1+2</f><v /></c></row>'
    )
    found = [(f.row, f.column, f.error) for f in cell_faults(plain).cells]
    assert found == [(2, 1, "#REF!"), (2, 5, "")]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (1e20, "is larger than the largest number a plan holds (2,147,483,647)"),
        (2**31, "is larger than the largest number a plan holds"),
        (2**70, "is larger than the largest number a plan holds"),
        (12.5, "'12.5' is not a whole number"),
        ("1e20", "is not a whole number"),
    ],
)
def test_a_number_that_does_not_fit_is_a_row_error(
    seeded: Any, tmp_path: Path, value: object, said: str
) -> None:
    path = write_workbook(
        tmp_path / "big.xlsx",
        {"Authorised missions": [CLAUSE, ["LAW-2018", "MINURSO", value, ""]]},
    )
    errors = _refused(seeded.plan, path)
    assert any("row 2, column Ceiling" in e and said in e for e in errors), errors


@pytest.mark.parametrize(
    "day", [D(9999, 12, 31), D(2200, 1, 1), "9999-12-31", "01.01.0001", "1899-12-31"]
)
def test_a_date_outside_the_supported_range_is_a_row_error(
    seeded: Any, tmp_path: Path, day: object
) -> None:
    person = ["KZ-77", "Kim", "Ana", "", "F", day, "Private", "", None, ""]
    path = write_workbook(tmp_path / "dates.xlsx", {"Personnel": [headers("Personnel"), person]})
    errors = _refused(seeded.plan, path)
    assert any(
        "row 2, column Birth date" in e
        and "outside the dates a plan holds (1900-01-01 to 2199-12-31)" in e
        for e in errors
    ), errors


def test_a_date_cell_excel_cannot_hold_is_refused_too(seeded: Any, tmp_path: Path) -> None:
    # Before 1900 a date cell is a negative serial: python-calamine reads a time.
    person = ["KZ-77", "Kim", "Ana", "", "F", D(1, 1, 1), "Private", "", None, ""]
    path = write_workbook(tmp_path / "old.xlsx", {"Personnel": [headers("Personnel"), person]})
    assert any("row 2, column Birth date" in e for e in _refused(seeded.plan, path))


def test_the_edges_of_the_supported_range_are_accepted(seeded: Any, tmp_path: Path) -> None:
    person = ["KZ-78", "Kim", "Ana", "", "F", D(1900, 1, 1), "Private", "", D(2199, 12, 31), ""]
    path = write_workbook(tmp_path / "edges.xlsx", {"Personnel": [headers("Personnel"), person]})
    assert import_workbook(seeded.plan, path).sheets["Personnel"].created == 1
