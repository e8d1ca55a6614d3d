"""The rows × columns a worksheet's XML would occupy in a dense grid, found without an XML
parser (python-calamine allocates that grid at once, whatever the file size).

A fast path covers the XML that Excel, LibreOffice and openpyxl write (every <c> and <row>
starts with its r="…" reference): a few regular-expression scans in C prove that no cell
lies beyond column Z or row 99,999. Anything else (references beyond that, cells without
references, prefixed element names) gets the exact scan, which walks every tag.
"""

from __future__ import annotations

import re
from typing import Final

FAST_ROWS: Final = 99_999
FAST_COLUMNS: Final = 26

# Each pattern starts with a literal, so the regular-expression engine skips quickly, and
# asks one question of each <c or <row (is it followed by a short reference, or is it
# another element such as <cols>?), which halves the time of a 36 MB sheet's scan.
_ODD_CELL = re.compile(rb'<c(?! r="[A-Z][0-9]{1,5}")(?![a-zA-Z])')
_ODD_ROW = re.compile(rb'<row(?! r="[0-9]{1,5}")(?![a-zA-Z])')
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")

_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]*)([0-9]*)")


def sheet_extent(data: bytes) -> tuple[int, int]:
    """(rows, columns) of the grid from A1 that holds every cell of the sheet XML ``data``
    (an upper bound: references are taken as written, unreferenced cells follow the one
    before them). Measured from A1 because a reader may also fill the empty area before
    the first cell."""
    if (
        _ODD_CELL.search(data) is None
        and _ODD_ROW.search(data) is None
        and _PREFIXED.search(data) is None
    ):
        return (FAST_ROWS, FAST_COLUMNS) if b"<c " in data else (0, 0)
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
