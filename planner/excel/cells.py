"""Writing cells so that no user value ever becomes a formula (DESIGN.md section 5).

openpyxl stores any string that starts with "=" as a formula. A value that starts with a
character a spreadsheet may read as the start of a formula (=, +, -, @, tab, CR, LF) is
therefore written as an explicit text cell (data_type "s") with Excel's quote-prefix
style, which also keeps it text when someone edits the cell in Excel later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS: Final = frozenset("=+-@\t\r\n")
DATE_FORMAT: Final = "yyyy-mm-dd"


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could take this text for (the start of) a formula."""
    return bool(text) and text[0] in FORMULA_STARTS


def printable(text: str) -> str:
    """Drop the control characters an .xlsx file cannot hold (openpyxl refuses them)."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def text_cell(sheet: Any, text: str) -> Cell:
    """A write-only cell that holds ``text`` as text, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=printable(text))
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe(sheet: Any, value: Any) -> Any:
    """A value ready for a write-only ``sheet.append``: risky text becomes a text cell,
    empty text an empty cell; everything else passes unchanged (the fast path)."""
    if type(value) is str:
        if not value:
            return None
        if value[0] in FORMULA_STARTS:
            return text_cell(sheet, value)
        if ILLEGAL_CHARACTERS_RE.search(value):
            return printable(value)
    return value


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Set a cell of a normal (not write-only) sheet; text always stays text."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        try:
            cell.value = value
        except IllegalCharacterError:
            cell.value = printable(value)
        cell.data_type = "s"
        if is_risky(value):
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
    return cell
