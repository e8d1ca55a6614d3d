"""Workbooks written part by part (no openpyxl): the crafted and oddly shaped files of the
hostile-input tests (issue 14, classes 5 to 7), and the benchmark of their reading."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = f"{REL}/worksheet"

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


def column(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value: object) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def rows_xml(rows: Iterable[Iterable[object]], first: int = 1) -> Iterator[str]:
    for number, row in enumerate(rows, start=first):
        cells = "".join(
            cell(f"{column(index)}{number}", value)
            for index, value in enumerate(row, start=1)
            if value is not None
        )
        yield f'<row r="{number}">{cells}</row>'


def sheet_xml(body: Iterable[str], *, after: str = "", namespace: str = MAIN) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{namespace}">'
        f"<sheetData>{''.join(body)}</sheetData>{after}</worksheet>"
    ).encode()


def workbook(
    path: Path,
    sheets: dict[str, bytes],
    *,
    shared_strings: bytes | None = None,
    workbook_namespace: str = MAIN,
    relationship_namespace: str = REL,
    stored: bool = False,
    one_part: bool = False,
) -> Path:
    """A workbook of ``sheets`` ({name: sheet XML}) in workbook order; ``one_part``: every
    sheet is the first sheet's part (the relationships all point at it)."""
    entries = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{workbook_namespace}" '
        f'xmlns:r="{relationship_namespace}"><sheets>{entries}</sheets></workbook>'
    ).encode()
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{SHEET_TYPE}" '
        f'Target="worksheets/sheet{1 if one_part else n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/workbook.xml": book,
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{rels}'
            "</Relationships>"
        ).encode(),
    }
    for n, data in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{n}.xml"] = data
        if one_part:
            break
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


PERSONNEL_HEADER = [
    "Service number*",
    "Surname*",
    "Given name*",
    "Patronymic",
    "Sex*",
    "Birth date",
    "Rank*",
    "Specialty",
    "Commissioned on",
    "Languages",
]


def person(n: int) -> list[object]:
    return [f"KZ-{n}", f"Surname{n}", "Asset", "", "M", None, "Private", "", None, ""]


# --- the shapes of class 6: each must be accepted or refused within 10 s and 400 MB -------


def many_sheets(path: Path) -> Path:
    """900 sheets that are not plan sheets (zip entries stay under 1,000)."""
    small = sheet_xml(rows_xml([["x"]]))
    sheets = {"Personnel": sheet_xml(rows_xml([PERSONNEL_HEADER, person(1)]))}
    sheets.update({f"Notes {n}": small for n in range(900)})
    return workbook(path, sheets)


def near_duplicate_names(path: Path) -> Path:
    """300 sheets whose names differ from 'Personnel' only in case and spacing, all of
    them one part of 20 MB (a checker that scans each sheet scans it 300 times)."""
    data = sheet_xml(rows_xml([PERSONNEL_HEADER, *(person(n) for n in range(100_000))]))
    sheets: dict[str, bytes] = {}
    for n in range(300):
        cased = "".join(c.upper() if (n >> i) & 1 else c for i, c in enumerate("personnel"))
        sheets[f"{' ' * (n % 3)}{cased}{' ' * (n % 2)}"] = data
    assert len(sheets) == 300
    return workbook(path, sheets, one_part=True)


def merged_ranges(path: Path) -> Path:
    """100,000 merged ranges on the Personnel sheet."""
    merges = "".join(f'<mergeCell ref="D{n}:E{n}"/>' for n in range(2, 100_002))
    body = rows_xml([PERSONNEL_HEADER, *(person(n) for n in range(1000))])
    after = f'<mergeCells count="100000">{merges}</mergeCells>'
    return workbook(path, {"Personnel": sheet_xml(body, after=after)})


def columns_to_xfd(path: Path) -> Path:
    """A header of 16,384 columns (to XFD) over 200 rows."""
    header = PERSONNEL_HEADER + [f"Extra {n}" for n in range(16_384 - len(PERSONNEL_HEADER))]
    return workbook(
        path, {"Personnel": sheet_xml(rows_xml([header, *(person(n) for n in range(200))]))}
    )


def rows_to_the_last(path: Path) -> Path:
    """Service numbers in every row down to row 1,048,576 (one column)."""
    body = (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 1_048_577))
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Service number*</t></is></c></row>'
    return workbook(path, {"Personnel": sheet_xml([header, *body])})


def long_strings(path: Path) -> Path:
    """Text cells of 1,000,000 characters (far past Excel's 32,767), 40 of them: 80 MB,
    stored uncompressed (text that compresses well is refused as a bomb)."""
    import random

    letters = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"
    text = "".join(random.Random(14).choices(letters, k=1_000_000))
    rows = [PERSONNEL_HEADER]
    for n in range(40):
        rows.append([f"KZ-{n}", text[n:] + text[:n], "Asset", "", "M"])
    return workbook(path, {"Personnel": sheet_xml(rows_xml(rows))}, stored=True)


SHAPES = {
    "sheet count": many_sheets,
    "near-duplicate names": near_duplicate_names,
    "merged ranges": merged_ranges,
    "columns to XFD": columns_to_xfd,
    "rows to 1,048,576": rows_to_the_last,
    "long strings": long_strings,
}
