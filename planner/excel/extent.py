"""The rows × columns a worksheet's XML would occupy in a dense grid, found without an XML
parser (python-calamine allocates that grid at once, whatever the file size).

A fast path covers the XML that Excel, LibreOffice and openpyxl write (every <c> starts
with its r="…" reference): a regular-expression scan in C proves that no cell lies beyond
a bound — column Z and row 192,307, or else column J and row 500,000 (a long, narrow
sheet such as 139,000 credentials), or else column D down to Excel's last row 1,048,576
(a column filled to the bottom is read in a second, not walked tag by tag). When every
cell names its place, the <row> elements need no look: python-calamine places a cell
by its own reference, and a row without cells, however far down, adds nothing to the
grid (tests/planner/excel/test_reader_checks.py holds it to that). Anything else
(references beyond the bounds, cells without references, prefixed element names) gets
the exact scan, which walks every tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

# (last column letter, last row) of each fast bound; rows × columns stays within the
# 5,000,000 cells planner.excel.safety lets the reader build.
FAST_BOUNDS: Final = (("Z", 192_307), ("J", 500_000), ("D", 1_048_576))


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


# --- cells a reader would read as empty: error values and formulas without a value --------

MAX_FAULTS: Final = 1000  # faults kept per sheet; the rest are counted


@dataclass(frozen=True)
class CellFault:
    """A cell python-calamine reads as empty although it is not: an error value such as
    #DIV/0! (``text`` holds it), or a formula saved without its computed value."""

    row: int  # 1-based, as Excel shows it
    column: int  # 1-based
    error: str  # the error value, or "" for a formula without a value


@dataclass
class Faults:
    cells: list[CellFault] = field(default_factory=list)
    more: int = 0  # faults beyond MAX_FAULTS, counted only

    def add(self, fault: CellFault) -> None:
        if len(self.cells) < MAX_FAULTS:
            self.cells.append(fault)
        else:
            self.more += 1


_T_E: Final = re.compile(rb"""\st\s*=\s*(?:"e"|'e')""")
_C_TAG: Final = re.compile(rb"<c[\s>/]")
_V_TEXT: Final = re.compile(rb"<v(?:\s[^>]*)?>([^<]*)</v>")
_NEXT_TAG_END: Final = (b" ", b">", b"/", b"\t", b"\r", b"\n")


def cell_faults(data: bytes) -> Faults:
    """The error cells and value-less formulas of the sheet XML ``data``.

    The usual sheet has neither, which two searches in C prove (for `t="e"` / `t='e'`
    and `<f`). Where they find something, each hit is looked at in place; a cell that
    names no reference, or XML with prefixed element names, gets the exact walk.
    """
    faults = Faults()
    if _PREFIXED.search(data) is not None:
        return _exact_faults(data)
    for quoted in (b'"e"', b"'e'"):
        at = data.find(quoted)
        while at >= 0:
            start = data.rfind(b"<", 0, at)
            end = data.find(b">", at)
            tag = data[start : end + 1]
            if _C_TAG.match(tag) and _T_E.search(tag):
                ref = _reference(tag)
                if ref is None:
                    return _exact_faults(data)
                close = data.find(b"</c>", end)
                value = _V_TEXT.search(data, end, close if close >= 0 else len(data))
                text = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
                faults.add(CellFault(ref[0], ref[1], text.strip() or "#ERROR"))
            at = data.find(quoted, at + 1)
    at = data.find(b"<f")
    while at >= 0:
        if data[at + 2 : at + 3] in _NEXT_TAG_END:
            start = data.rfind(b"<c", 0, at)
            close = data.find(b"</c>", at)
            if start < 0 or close < 0 or not _C_TAG.match(data, start):
                return _exact_faults(data)
            tag = data[start : data.find(b">", start) + 1]
            if not _has_value(data[at:close], _is_text(tag)):
                ref = _reference(tag)
                if ref is None:
                    return _exact_faults(data)
                faults.add(CellFault(ref[0], ref[1], ""))
        at = data.find(b"<f", at + 2)
    return faults


def _has_value(inside: bytes, text: bool) -> bool:
    """Whether the cell content from its <f> holds a computed value: a <v> with text, or
    an empty one in a text cell (t="str": a formula whose result is empty text, as Excel
    saves it). openpyxl saves every formula with an empty <v/> and no type."""
    value = _V_TEXT.search(inside)
    if value is not None and value.group(1).strip():
        return True
    return text and (value is not None or b"<v/>" in inside or b"<v />" in inside)


def _is_text(tag: bytes) -> bool:
    kind = _LOCAL_T.search(tag, 2)
    return kind is not None and (kind.group(1) or kind.group(2)) in (b"str", b"s", b"inlineStr")


def _reference(tag: bytes) -> tuple[int, int] | None:
    attr = _R_ATTR.search(tag, 2)
    ref = (attr.group(1) or attr.group(2) or b"") if attr else b""
    parts = _REF.fullmatch(ref.strip())
    if parts is None or not parts.group(1) or not parts.group(2):
        return None
    return int(parts.group(2)), _column_number(parts.group(1))


_ANY_TAG: Final = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|f|v)(?=[\s/>])([^>]*)>")
_LOCAL_T: Final = re.compile(rb"""(?:^|\s)t\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _exact_faults(data: bytes) -> Faults:
    """Every tag walked (rows, cells, formulas, values), placing cells as the extent scan
    does; for prefixed element names and cells without references."""
    faults = Faults()
    row = column = 0
    in_cell = has_formula = has_value = False
    is_error = is_text = False
    error_text = ""
    for match in _ANY_TAG.finditer(data):
        closing, name, attrs = match.group(1), match.group(2), match.group(3)
        if name == b"row" and not closing:
            attr = _R_ATTR.search(attrs)
            ref = (attr.group(1) or attr.group(2) or b"") if attr else b""
            row = int(ref) if ref.isdigit() else row + 1
            column = 0
        elif name == b"c" and not closing:
            attr = _R_ATTR.search(attrs)
            ref = (attr.group(1) or attr.group(2) or b"") if attr else b""
            parts = _REF.fullmatch(ref.strip())
            if parts is not None and parts.group(1) and parts.group(2):
                column, row = _column_number(parts.group(1)), int(parts.group(2))
            else:
                column, row = column + 1, max(row, 1)
            kind = _LOCAL_T.search(attrs)
            cell_type = (kind.group(1) or kind.group(2)) if kind is not None else b""
            is_error, is_text = cell_type == b"e", cell_type in (b"str", b"s", b"inlineStr")
            in_cell, has_formula, has_value, error_text = True, False, False, ""
            if attrs.rstrip().endswith(b"/"):
                in_cell = False  # <c …/>: no formula, no value
        elif name == b"c" and closing and in_cell:
            if is_error:
                faults.add(CellFault(row, column, error_text or "#ERROR"))
            elif has_formula and not has_value:
                faults.add(CellFault(row, column, ""))
            in_cell = False
        elif name == b"f" and not closing and in_cell:
            has_formula = True
        elif name == b"v" and not closing and in_cell:
            end = data.find(b"<", match.end())
            text = b"" if attrs.rstrip().endswith(b"/") else data[match.end() : end].strip()
            has_value = has_value or bool(text) or is_text
            if is_error:
                error_text = text.decode("utf-8", "replace")
    return faults
