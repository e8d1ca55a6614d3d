"""What the reader reports before any value is used: merged data cells, a missing header,
numbers in date columns; and the sheet-extent scan that keeps python-calamine from being
handed a sheet whose dense grid would not fit in memory."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from xlhelp import dump, headers, replace_part, write_workbook

from planner.excel import WorkbookError, import_workbook
from planner.excel.extent import FAST_BOUNDS, sheet_extent
from planner.excel.safety import MAX_SHEET_CELLS

PERSON = ["KZ-9", "Tulegenov", "Asset", "", "M", None, "Private", "", None, ""]
HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def test_merged_cells_in_the_data_are_an_error(seeded: Any, tmp_path: Path) -> None:
    other = ["KZ-10", "Tulegenov", "Arman", "", "M", None, "Private", "", None, ""]
    workbook = write_workbook(
        tmp_path / "merged.xlsx",
        {"Personnel": [headers("Personnel"), PERSON, other]},
        merged={"Personnel": ["B2:B3"]},
    )
    before = dump(seeded.plan)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(seeded.plan, workbook)
    assert "Personnel, row 2: 'B2:B3' merged cells hold a value only in their first cell" in (
        caught.value.report()
    )
    assert dump(seeded.plan) == before


def test_a_sheet_whose_first_row_is_empty_is_an_error(plan: Any, tmp_path: Path) -> None:
    workbook = write_workbook(
        tmp_path / "late.xlsx", {"Personnel": [[], headers("Personnel"), PERSON]}
    )
    with pytest.raises(WorkbookError) as caught:
        import_workbook(plan, workbook)
    assert "Personnel, row 1: row 1 must hold the column names" in caught.value.report()


def test_a_number_in_a_date_column_says_how_to_fix_it(plan: Any, tmp_path: Path) -> None:
    workbook = write_workbook(
        tmp_path / "serial.xlsx",
        {"Missions": [["Code*", "Name*", "Mandate start"], ["UNTSO", "Truce", 17682]]},
    )
    with pytest.raises(WorkbookError) as caught:
        import_workbook(plan, workbook)
    (error,) = caught.value.errors
    assert (error.column, error.value) == ("Mandate start", "17682")
    assert "is a number, not a date: format the cell as a date" in error.message


def test_a_datetime_cell_counts_as_its_date(plan: Any, tmp_path: Path) -> None:
    workbook = write_workbook(
        tmp_path / "time.xlsx",
        {
            "Missions": [
                ["Code*", "Name*", "Mandate start"],
                ["UNTSO", "Truce", dt.datetime(1948, 5, 29, 9, 30)],
            ]
        },
    )
    assert import_workbook(plan, workbook).sheets["Missions"].created == 1


def test_data_beyond_column_z_takes_the_exact_scan_and_imports(plan: Any, tmp_path: Path) -> None:
    row = ["UNTSO", "Truce", *([None] * 30), "note"]
    workbook = write_workbook(
        tmp_path / "wide.xlsx", {"Missions": [["Code*", "Name*", *([None] * 30), "Remarks"], row]}
    )
    report = import_workbook(plan, workbook)
    assert report.sheets["Missions"].created == 1
    assert any("'Remarks'" in warning for warning in report.warnings)


def calamine_extent(tmp_path: Path, xml: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 that python-calamine gives the same sheet."""
    source = write_workbook(tmp_path / "base.xlsx", {"Missions": [["x"]]})
    with zipfile.ZipFile(source) as archive:
        part = next(n for n in archive.namelist() if n.startswith("xl/worksheets/"))
    crafted = replace_part(source, tmp_path / "crafted.xlsx", part, xml)
    sheet = CalamineWorkbook.from_path(str(crafted)).get_sheet_by_name("Missions")
    if sheet.end is None:
        return (0, 0)
    return (sheet.end[0] + 1, sheet.end[1] + 1)


@pytest.mark.parametrize(
    "cells",
    [
        # References as Excel writes them.
        b'<row r="1"><c r="A1"><v>1</v></c><c r="H1"><v>2</v></c></row>'
        b'<row r="40"><c r="C40"><v>3</v></c></row>',
        # Cells without references follow the cell before them; rows without one, the row.
        b"<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row><row><c><v>4</v></c></row>",
        b'<row r="5"><c r="D5"><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>'
        b"<row><c><v>4</v></c></row>",
        # Far away, in a few bytes.
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="900000"><c r="AZ900000"><v>2</v></c></row>',
        # Single quotes and a reference that is not first.
        b"<row r='7'><c t='n' r='B7'><v>1</v></c></row>",
        # Rows far down without cells, or whose cells say where they are: the fast path
        # does not look at rows, which holds as long as the reader places cells this way.
        b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576" spans="1:16384"/>',
        b'<row r="1048576"><c r="B2"><v>1</v></c></row>',
        b'<row r="1"><c r="A1"><v>1</v></c></row><row r="900000"><c r="C900000" s="1"/></row>',
    ],
)
def test_the_extent_scan_never_underestimates_the_reader(tmp_path: Path, cells: bytes) -> None:
    xml = HEAD + cells + TAIL
    rows, columns = sheet_extent(xml)
    real_rows, real_columns = calamine_extent(tmp_path, xml)
    assert rows >= real_rows and columns >= real_columns


def test_the_fast_path_bounds_an_ordinary_sheet(tmp_path: Path) -> None:
    cells = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c><c r="J%d"><v>2</v></c></row>' % (i, i, i)
        for i in range(1, 2000)
    )
    rows, columns = sheet_extent(HEAD + cells + TAIL)
    assert rows * columns <= MAX_SHEET_CELLS


def row_of(number: int, *letters: bytes) -> bytes:
    cells = b"".join(b'<c r="%s%d"><v>1</v></c>' % (letter, number) for letter in letters)
    return b'<row r="%d">%s</row>' % (number, cells)


@pytest.mark.parametrize(
    ("cells", "bound"),
    [
        (row_of(1, b"A", b"Z") + row_of(192_307, b"A"), (192_307, 26)),
        # Past row 192,307, a sheet up to column J is still read: a long list.
        (row_of(1, b"A", b"J") + row_of(500_000, b"J"), (500_000, 10)),
        # Down to Excel's last row, a sheet up to column D is still read: one long column.
        (row_of(1, b"A", b"D") + row_of(1_048_576, b"A"), (1_048_576, 4)),
    ],
)
def test_the_fast_bounds_cover_long_sheets_within_the_cell_limit(
    cells: bytes, bound: tuple[int, int]
) -> None:
    assert sheet_extent(HEAD + cells + TAIL) == bound
    for letter, rows in FAST_BOUNDS:
        assert rows * (ord(letter) - ord("A") + 1) <= MAX_SHEET_CELLS


@pytest.mark.parametrize(
    "cells",
    [
        row_of(1, b"A") + row_of(192_308, b"K"),  # past every bound: exact
        row_of(1, b"A") + row_of(500_001, b"E"),
        row_of(1, b"A") + row_of(1_048_577, b"A"),
        row_of(1, b"AA"),
        b'<row r="1"><c r="A0192308"><v>1</v></c></row>',  # a leading zero: exact
    ],
)
def test_references_past_the_fast_bounds_get_the_exact_scan(cells: bytes) -> None:
    from planner.excel.extent import _exact_extent

    assert sheet_extent(HEAD + cells + TAIL) == _exact_extent(HEAD + cells + TAIL)


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_the_scan_reads_a_sheet_part_as_zipfile_does(tmp_path: Path, method: int) -> None:
    from planner.excel.safety import _part_bytes

    source = write_workbook(
        tmp_path / "in.xlsx", {"Personnel": [headers("Personnel"), PERSON] * 200}
    )
    copy = tmp_path / "copy.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(copy, "w", method) as target:
        for info in original.infolist():
            target.writestr(info.filename, original.read(info), compress_type=method)
    with zipfile.ZipFile(copy) as archive:
        for name in archive.namelist():
            assert _part_bytes(archive, name) == archive.read(name)
