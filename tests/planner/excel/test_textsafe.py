"""Issue 14, class 11: text that attacks the terminal, hides in a key or passes for
another key.

Names imported from a workbook reached the terminal raw ('check' wrote ESC and NUL: a
crafted name can rewrite the screen or the title bar). Control characters are refused in
names and keys, at import (with row, column and position) and in dialogs; whatever a
plan already holds is printed escaped by every command, JSON staying exact JSON; bidi
overrides are shown, not obeyed; keys are compared after NFC normalisation, stripped,
and a service number mixing Latin and Cyrillic look-alikes is refused."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from rawbook import PERSONNEL_HEADER, rows_xml, sheet_xml, workbook

from planner import services
from planner.errors import ValidationError
from planner.excel import WorkbookError, import_workbook

ESC_TITLE = "Ab\x1b]0;owned\x07"  # sets a terminal's title
PERSON = {"surname": "Abenov", "given_name": "Daulet", "sex": "M", "rank": "Sergeant"}


def _sheet(tmp_path: Path, *cells: str) -> Path:
    """A Personnel sheet with one row; text as Excel escapes control characters."""

    def excel(text: str) -> str:
        return "".join(f"_x{ord(c):04X}_" if ord(c) < 32 else c for c in text)

    row = [excel(cell) for cell in cells]
    return workbook(
        tmp_path / "people.xlsx", {"Personnel": sheet_xml(rows_xml([PERSONNEL_HEADER, row]))}
    )


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("Surname", ESC_TITLE, "holds a control character (U+001B ESC) at position 3"),
        ("Surname", "Ab\x00c", "holds a control character (U+0000 NUL) at position 3"),
        ("Given name", "Ali\u202eev", "right-to-left or left-to-right override (U+202E"),
        ("Service number", "KZ\u200b-1", "invisible or unassigned character (U+200B"),
        ("Service number", "KZ\u00a0-1", "a space other than the ordinary one"),
        ("Service number", "КZ-1", "mixes Latin and Cyrillic letters: 'К' at position 1"),
        ("Service number", "KZ-1\nKZ-2", "control character (U+000A"),
    ],
)
def test_import_refuses_control_characters_with_row_column_and_position(
    seeded: Any, tmp_path: Path, column: str, value: str, said: str
) -> None:
    cells = {"Service number": "KZ-50", "Surname": "Kim", "Given name": "Ana"}
    cells[column] = value
    path = _sheet(
        tmp_path,
        cells["Service number"],
        cells["Surname"],
        cells["Given name"],
        "",
        "F",
        "",
        "Private",
    )
    with pytest.raises(WorkbookError) as caught:
        import_workbook(seeded.plan, path)
    errors = [str(e) for e in caught.value.errors]
    assert any(f"Personnel, row 2, column {column}:" in e and said in e for e in errors), errors


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("surname", ESC_TITLE, "control character (U+001B ESC) at position 3"),
        ("given_name", "\u2066Daulet", "override (U+2066"),
        ("service_number", "АK-7", "mixes Latin and Cyrillic letters: 'А' at position 1"),
        ("service_number", "KZ\u2028-1", "a line break"),
    ],
)
def test_dialog_validation_refuses_them_too(plan: Any, field: str, value: str, said: str) -> None:
    values = {**PERSON, "service_number": "KZ-5", field: value}
    with pytest.raises(ValidationError, match=re.escape(said)):
        services.create(plan, "person", values)


def test_names_in_other_scripts_and_joiners_are_welcome(plan: Any) -> None:
    services.create(
        plan,
        "person",
        {**PERSON, "service_number": "КЗ-8", "surname": "Төлегенов", "given_name": "क्‍ष"},
    )


def test_keys_are_compared_after_nfc_and_stripped(seeded: Any, tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "KZ-É1")
    assert decomposed != "KZ-É1"
    services.create(seeded.plan, "person", {**PERSON, "service_number": f"  {decomposed} "})
    path = _sheet(tmp_path, "KZ-É1", "Abenov", "Daulet", "", "M", "", "Sergeant")
    report = import_workbook(seeded.plan, path)
    assert report.sheets["Personnel"].created == 0  # the same person, not a second one
    from planner.textsafe import clean_text

    assert clean_text(f" {decomposed} ", key=True) == "KZ-É1"


def test_escape_shows_the_unprintable_and_keeps_json_exact() -> None:
    from planner.textsafe import escape, escaped_output

    name = "Tulegenova\x1b[2J\u202eevil\x00\U000e0041"
    shown = escape(name)
    assert shown == "Tulegenova\\u001b[2J\\u202eevil\\u0000\\udb40\\udc41"
    document = json.dumps({"name": name}, ensure_ascii=False)
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        with escaped_output():
            print(document)
    finally:
        sys.stdout = saved
    printed = out.getvalue()
    assert all(c.isprintable() or c == "\n" for c in printed)
    assert json.loads(printed) == {"name": name}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli.main", *args], capture_output=True, text=True
    )


def test_every_command_prints_what_the_plan_holds_escaped(
    demo_plan_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.sqlite"
    shutil.copy(demo_plan_file, db)
    hostile = "Tulegenova\x1b]0;owned\x07\u202e"
    # Someone the demo's findings name (the first service number in their messages).
    before = json.loads(_run("--db", str(db), "check", "--json").stdout)
    named = re.search(r"\((KZ-\d+)\)", " ".join(f["message"] for f in before["findings"]))
    assert named is not None
    # A plan written before these checks (or by another program) may hold anything.
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE person SET surname = ? WHERE service_number = ?", (hostile, named[1])
        )
    connection.close()
    text = _run("--db", str(db), "check")
    assert "Tulegenova\\u001b]0;owned\\u0007\\u202e" in text.stdout
    as_json = _run("--db", str(db), "check", "--json")
    for output in (text.stdout, text.stderr, as_json.stdout, as_json.stderr):
        assert all(c.isprintable() or c in "\n\t" for c in output)
    document = json.loads(as_json.stdout)
    assert any(hostile in finding["message"] for finding in document["findings"])
    refused = _run("--db", str(db), "import", str(_sheet(tmp_path, "KZ-9", ESC_TITLE, "A")))
    assert refused.returncode == 2
    assert "\x1b" not in refused.stderr and "\\u001b" in refused.stderr
