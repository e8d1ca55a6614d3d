"""Issue 14, class 5: a crafted workbook never takes the process down.

A shared-strings part announcing a trillion strings, or a workbook part in another
default namespace hiding a far cell from the extent check, made python-calamine abort
the interpreter (SIGABRT: the window would vanish). What the checks know of is bounded
before the reader sees it — every count and size the file announces, every namespace
spelling and every part name the reader would resolve — and the reader itself runs in a
child process under memory and time limits (planner.calamine_child), so that what no
check foresaw ends in one line too: no bound on a native library can be proven complete.

Each file is imported by the command line in a process of its own (limited to 4 GB, so
that a reader without these defences fails fast instead of filling the machine), and in
this process, as the window would."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rawbook import PERSONNEL_HEADER, person, rows_xml, sheet_xml, workbook

from planner.excel import WorkbookError, import_workbook
from planner.plan import open_plan

OTHER = "urn:example:not-spreadsheetml"
FAR = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def _good_rows() -> list[str]:
    return list(rows_xml([PERSONNEL_HEADER, person(1)]))


def trillion_strings(tmp: Path) -> Path:
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1000000000000" uniqueCount="1000000000000">'
        b"<si><t>KZ-1</t></si></sst>"
    )
    return workbook(tmp / "sst.xlsx", {"Personnel": sheet_xml(_good_rows())}, shared_strings=sst)


def workbook_in_another_namespace(tmp: Path) -> Path:
    return workbook(
        tmp / "namespace.xlsx",
        {"Personnel": sheet_xml([*_good_rows(), FAR])},
        workbook_namespace=OTHER,
    )


def relationships_in_another_namespace(tmp: Path) -> Path:
    return workbook(
        tmp / "relns.xlsx",
        {"Personnel": sheet_xml([*_good_rows(), FAR])},
        workbook_namespace=OTHER,
        relationship_namespace="urn:example:other-relationships",
    )


def sheet_in_another_namespace(tmp: Path) -> Path:
    return workbook(
        tmp / "sheetns.xlsx", {"Personnel": sheet_xml([*_good_rows(), FAR], namespace=OTHER)}
    )


def part_named_in_another_case(tmp: Path) -> Path:
    """The relationship names worksheets/SHEET1.XML; the reader finds sheet1.xml anyway."""
    path = workbook(tmp / "case.xlsx", {"Personnel": sheet_xml([*_good_rows(), FAR])})
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"worksheets/sheet1.xml", b"worksheets/SHEET1.XML")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def declared_far_dimension(tmp: Path) -> Path:
    return workbook(
        tmp / "dimension.xlsx",
        {
            "Personnel": sheet_xml(_good_rows()).replace(
                b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>'
            )
        },
    )


def one_string_many_times(tmp: Path) -> Path:
    """A 100 KB shared string in 200,000 cells: 20 GB once read, from a 5 MB file whose
    every count and size is within bounds — only the reader's own limit stops it."""
    text = ("Tulegenov " * 10_000).encode()
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="200001" uniqueCount="1"><si><t>'
        + text
        + b"</t></si></sst>"
    )
    header = "".join(
        f'<c r="{chr(65 + n)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for n, name in enumerate(PERSONNEL_HEADER)
    )
    body = [f'<row r="1">{header}</row>']
    body += [f'<row r="{n}"><c r="B{n}" t="s"><v>0</v></c></row>' for n in range(2, 200_002)]
    return workbook(
        tmp / "amplified.xlsx", {"Personnel": sheet_xml(body)}, shared_strings=sst, stored=True
    )


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a trillion shared strings": (trillion_strings, "announce 1,000,000,000,000 strings"),
    "workbook in another namespace": (workbook_in_another_namespace, "spans 1,048,576 rows"),
    "relationships in another namespace": (
        relationships_in_another_namespace,
        "spans 1,048,576 rows",
    ),
    "sheet in another namespace": (sheet_in_another_namespace, "spans 1,048,576 rows"),
    "part named in another case": (part_named_in_another_case, "spans 1,048,576 rows"),
    "declared far dimension": (declared_far_dimension, "declares a size of 1,048,576 rows"),
    "one string many times": (one_string_many_times, "needs more than 400 MB of memory"),
}


def _four_gigabytes() -> None:
    limit = 4 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("case", list(CASES))
def test_cli_a_crafted_workbook_gets_one_line_and_status_2(tmp_path: Path, case: str) -> None:
    make, said = CASES[case]
    path = make(tmp_path)
    db = tmp_path / "plan.sqlite"
    open_plan(db, create=True).close()
    before = db.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "planner.cli.main", "--db", str(db), "import", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_four_gigabytes,
    )
    assert done.returncode == 2, f"status {done.returncode}: {done.stderr[-2000:]}"
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert said in done.stderr, done.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("case", list(CASES))
def test_in_process_a_crafted_workbook_is_an_error_the_window_can_show(
    seeded: Any, tmp_path: Path, case: str
) -> None:
    make, said = CASES[case]
    with pytest.raises(WorkbookError, match=said.replace("(", r"\(")):
        import_workbook(seeded.plan, make(tmp_path))


def test_the_childs_frames_carry_no_class_and_dates_come_back_whole() -> None:
    # A frame that names a class (here datetime.date, or anything a compromised child
    # might send) is refused: the parent looks up no class at all while unpickling.
    import datetime as dt
    import io
    import pickle

    from planner.calamine_child import untyped
    from planner.excel.reader import _retype, _Unpickler

    with pytest.raises(pickle.UnpicklingError, match=r"datetime\.date"):
        _Unpickler(io.BytesIO(pickle.dumps(dt.date(2027, 3, 1)))).load()
    cells = [
        dt.date(2027, 3, 1),
        dt.datetime(2199, 12, 31, 23, 59, 58, 7),
        dt.time(6, 30, 1, 2),
        dt.timedelta(days=3, seconds=5, microseconds=9),
    ]
    rows: list[list[Any]] = [["KAZ-001", 4.0, None, True], list(cells)]
    typed = untyped(rows)
    assert rows[1] == [None] * 4
    sent = pickle.dumps(("sheet", "Personnel", rows, [], typed))
    frame = _Unpickler(io.BytesIO(sent)).load()
    _retype(frame[2], frame[4])
    assert frame[2] == [["KAZ-001", 4.0, None, True], cells]
