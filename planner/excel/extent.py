"""The rows × columns a worksheet's XML would occupy in a dense grid, found without an XML
parser (python-calamine allocates that grid at once, whatever the file size).

A fast path covers the XML that Excel, LibreOffice and openpyxl write (every <c> starts
with its r="…" reference): a regular-expression scan in C proves that no cell lies beyond
a bound — column Z and row 192,307, or else column J and row 500,000 (a long, narrow
sheet such as 139,000 credentials). When every cell names its place, the <row> elements
need no look: python-calamine places a cell by its own reference, and a row without
cells, however far down, adds nothing to the grid (tests/planner/excel/
test_reader_checks.py holds it to that). Anything else (references beyond the bounds,
cells without references, prefixed element names) gets the exact scan, which walks every
tag.
"""

from __future__ import annotations

import re
from typing import Final

# (last column letter, last row) of each fast bound; rows × columns stays within the
# 5,000,000 cells planner.excel.safety lets the reader build.
FAST_BOUNDS: Final = (("Z", 192_307), ("J", 500_000))


def _up_to(limit: int) -> str:
    """A pattern of the numbers 1 … ``limit`` as written (no leading zero)."""
    text = str(limit)
    parts = [f"[1-9][0-9]{{0,{len(text) - 2}}}"] if len(text) > 1 else []
    for at, digit in enumerate(text):
        low = 1 if at == 0 else 0
        if int(digit) > low:
            parts.append(f"{text[:at]}[{low}-{int(digit) - 1}]{'[0-9]' * (len(text) - at - 1)}")
    parts.append(text)
    return "(?:" + "|".join(parts) + ")"


def _odd_cell(letter: str, rows: int) -> re.Pattern[bytes]:
    """The pattern of a <c> that the bound does not cover. It starts with a literal, so
    the engine skips quickly, and asks one question of each <c: is it followed by a
    reference within the bound, or is it another element such as <cols>?"""
    return re.compile(rf'<c(?! r="[A-{letter}]{_up_to(rows)}")(?![a-zA-Z])'.encode())


_FAST: Final = [
    (rows, ord(letter) - ord("A") + 1, _odd_cell(letter, rows)) for letter, rows in FAST_BOUNDS
]
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")

_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")


def sheet_extent(data: bytes) -> tuple[int, int]:
    """(rows, columns) of the grid from A1 that holds every cell of the sheet XML ``data``
    (an upper bound: references are taken as written, unreferenced cells follow the one
    before them). Measured from A1 because a reader may also fill the empty area before
    the first cell."""
    if _PREFIXED.search(data) is None:
        for rows, columns, odd_cell in _FAST:
            if odd_cell.search(data) is None:
                return (rows, columns) if b"<c " in data else (0, 0)
    return _exact_extent(data)


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + (byte - 64)
    return number


def _exact_extent(data: bytes) -> tuple[int, int]:
    row = 0
    column = 0
    max_row = max_column = 0
    for match in _TAG.finditer(data):
        attr = _R_ATTR.search(match.group(2))
        ref = (attr.group(1) or attr.group(2) or b"") if attr else b""
        if match.group(1) == b"row":
            row = int(ref) if ref.isdigit() else row + 1
            column = 0
            continue
        parts = _REF.fullmatch(ref.strip())
        if parts is not None and parts.group(1) and parts.group(2):
            column = _column_number(parts.group(1))
            row = int(parts.group(2))
        else:
            column += 1
            row = max(row, 1)
        max_row, max_column = max(max_row, row), max(max_column, column)
    return (max_row, max_column)
