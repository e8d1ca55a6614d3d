"""Hostile and broken files: each is refused with one clear message, quickly, without
using memory, and the plan is left exactly as it was."""

from __future__ import annotations

import os
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from xlhelp import (
    declare_size,
    dump,
    headers,
    ole2_file,
    replace_part,
    write_workbook,
    zip_with,
)

from planner.cli.main import main
from planner.excel import WorkbookError, import_workbook

PERSON = ["KZ-9", "Tulegenov", "Asset", "", "M", None, "Private", "", None, ""]

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""


def good_workbook(path: Path) -> Path:
    return write_workbook(path, {"Personnel": [headers("Personnel"), PERSON]})


def zip_bomb(tmp: Path) -> Path:
    """A real bomb: one part of 60 MB of the same byte, compressed about 1000 to 1."""
    return replace_part(
        good_workbook(tmp / "g.xlsx"),
        tmp / "bomb.xlsx",
        "xl/worksheets/sheet1.xml",
        b"<" * (60 * 1024 * 1024),
    )


def lying_sizes(tmp: Path) -> Path:
    return declare_size(good_workbook(tmp / "lie.xlsx"), "xl/worksheets/sheet1.xml", 4_000_000_000)


def large_total(tmp: Path) -> Path:
    """Parts each under the per-part limit and plausibly compressed, 360 MB together."""
    parts = {f"xl/media/blob{i}.bin": os.urandom(500_000) for i in range(4)}
    path = zip_with(tmp / "total.xlsx", parts, level=0)
    for name in parts:
        declare_size(path, name, 90 * 1024 * 1024)
    return path


def many_entries(tmp: Path) -> Path:
    return zip_with(tmp / "many.xlsx", {f"x/{i}.xml": b"<a/>" for i in range(1500)})


def laughs_in_workbook(tmp: Path) -> Path:
    source = good_workbook(tmp / "g.xlsx")
    with zipfile.ZipFile(source) as archive:
        original = archive.read("xl/workbook.xml")
    body = original.split(b"?>", 1)[1] if original.startswith(b"<?xml") else original
    return replace_part(source, tmp / "laughs.xlsx", "xl/workbook.xml", BILLION_LAUGHS + body)


def laughs_in_sheet(tmp: Path) -> Path:
    source = good_workbook(tmp / "g.xlsx")
    with zipfile.ZipFile(source) as archive:
        original = archive.read("xl/worksheets/sheet1.xml")
    body = original.split(b"?>", 1)[1] if original.startswith(b"<?xml") else original
    return replace_part(
        source, tmp / "laughs2.xlsx", "xl/worksheets/sheet1.xml", BILLION_LAUGHS + body
    )


def far_cell(tmp: Path) -> Path:
    """4 KB on disk, but a reader that builds a dense grid would need 512 GB for it."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Personnel"
    ws.append(headers("Personnel"))
    ws.cell(row=1_048_576, column=16_384, value="x")
    workbook.save(tmp / "far.xlsx")
    return tmp / "far.xlsx"


def csv_renamed(tmp: Path) -> Path:
    path = tmp / "people.xlsx"
    path.write_text("Service number;Surname;Given name\nKZ-9;Tulegenov;Asset\n", "utf-8")
    return path


def random_bytes(tmp: Path) -> Path:
    path = tmp / "noise.xlsx"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def plain_zip(tmp: Path) -> Path:
    return zip_with(tmp / "archive.xlsx", {"readme.txt": b"hello"})


def word_document(tmp: Path) -> Path:
    return zip_with(
        tmp / "letter.xlsx", {"word/document.xml": b"<w/>", "[Content_Types].xml": b"<T/>"}
    )


def encrypted(tmp: Path) -> Path:
    return ole2_file(tmp / "secret.xlsx", ["Root Entry", "EncryptionInfo", "EncryptedPackage"])


def xls_renamed(tmp: Path) -> Path:
    return ole2_file(tmp / "old.xlsx", ["Root Entry", "Workbook", "SummaryInformation"])


def empty_file(tmp: Path) -> Path:
    path = tmp / "empty.xlsx"
    path.write_bytes(b"")
    return path


def merged_header(tmp: Path) -> Path:
    return write_workbook(
        tmp / "merged.xlsx",
        {
            "Personnel": [
                ["Service number*", None, *headers("Personnel")[1:]],
                [*PERSON[:1], None, *PERSON[1:]],
            ]
        },
        merged={"Personnel": ["A1:B1"]},
    )


def damaged_part(tmp: Path) -> Path:
    """A sheet whose compressed data starts with an invalid deflate block."""
    path = good_workbook(tmp / "damaged.xlsx")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    data[info.header_offset + 30 + len(info.filename) + len(info.extra)] = 0xFF
    path.write_bytes(bytes(data))
    return path


def blank_rows(tmp: Path) -> Path:
    second = ["KZ-10", "Ospanova", "Aliya", "", "F", None, "Private", "", None, ""]
    return write_workbook(
        tmp / "gaps.xlsx", {"Personnel": [headers("Personnel"), PERSON, [], [], second]}
    )


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip bomb": (zip_bomb, "compressed 1,0"),
    "lying sizes": (lying_sizes, "would unpack to 3,814 MB"),
    "large total": (large_total, "would unpack to 360 MB"),
    "many entries": (many_entries, "holds 1,500 files inside its zip"),
    "billion laughs in workbook.xml": (laughs_in_workbook, "(DTDForbidden)"),
    "billion laughs in a sheet": (laughs_in_sheet, "type (DTD), which Excel never writes"),
    "far cell": (far_cell, "spans 1,048,576 rows × 16,384 columns"),
    "csv renamed": (csv_renamed, "is a CSV text file, not an Excel workbook"),
    "not a workbook": (random_bytes, "is not an Excel workbook (.xlsx): it is not even a zip"),
    "plain zip": (plain_zip, "is a zip archive but not an Excel workbook"),
    "word document": (word_document, "is a Word document"),
    "password-protected": (encrypted, "is password-protected (encrypted)"),
    "xls renamed": (xls_renamed, "is an Excel 97-2003 workbook (.xls), not .xlsx"),
    "empty file": (empty_file, "is empty (0 bytes)"),
    "damaged part": (damaged_part, "is damaged: it is not a readable zip archive"),
    "merged header": (merged_header, "Personnel, row 1: 'A1:B1' the header row has merged cells"),
    "blank rows": (
        blank_rows,
        "Personnel, row 3: is empty but rows below it hold data (empty rows: 3, 4)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_or_broken_file_is_refused_with_a_clear_message_and_nothing_changes(
    case: str, seeded: Any, tmp_path: Path
) -> None:
    build, expected = CASES[case]
    path = build(tmp_path)
    before = dump(seeded.plan)
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookError) as caught:
            import_workbook(seeded.plan, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert expected in caught.value.report()
    assert "Traceback" not in caught.value.report()
    assert dump(seeded.plan) == before
    # Refused before anything is unpacked or parsed: the 60 MB bomb, the 512 GB grid and
    # the billion laughs never reach memory (timings are in tests/bench/bench_excel.py).
    assert peak < 30 * 1024 * 1024


@pytest.mark.parametrize(
    "case", ["zip bomb", "billion laughs in a sheet", "password-protected", "blank rows"]
)
def test_the_command_line_says_it_in_one_line_with_status_2(
    case: str, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CASES[case][0](tmp_path)
    db = seeded.plan.path
    before = dump(seeded.plan)
    seeded.plan.close()  # the command opens the plan itself (one writer at a time)
    assert main(["--db", str(db), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"planner: {path.name}")
    assert CASES[case][1] in err and "Traceback" not in err
    if case != "blank rows":
        assert len(err.strip().splitlines()) == 1
    from planner.plan import open_plan

    with open_plan(db) as again:
        assert dump(again) == before


def test_without_defusedxml_workbooks_are_refused(
    seeded: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(WorkbookError, match="defusedxml"):
        import_workbook(seeded.plan, good_workbook(tmp_path / "good.xlsx"))


def test_defusedxml_is_installed_and_used_by_openpyxl() -> None:
    from planner.excel.safety import require_defusedxml

    assert openpyxl.DEFUSEDXML is True
    require_defusedxml()


def test_openpyxl_itself_refuses_the_billion_laughs(tmp_path: Path) -> None:
    from defusedxml import DefusedXmlException

    # openpyxl wraps defusedxml's refusal in its own "invalid XML" error.
    with pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(laughs_in_workbook(tmp_path))
    cause = caught.value.__cause__ or caught.value.__context__
    assert isinstance(cause, DefusedXmlException)


def test_a_missing_file_or_a_folder_is_named(seeded: Any, tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="There is no file"):
        import_workbook(seeded.plan, tmp_path / "absent.xlsx")
    with pytest.raises(WorkbookError, match="is a folder"):
        import_workbook(seeded.plan, tmp_path)


def test_the_good_workbook_of_these_tests_does_import(seeded: Any, tmp_path: Path) -> None:
    report = import_workbook(seeded.plan, good_workbook(tmp_path / "good.xlsx"))
    assert report.sheets["Personnel"].created == 1
