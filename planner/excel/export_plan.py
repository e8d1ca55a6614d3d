"""Export of the whole plan as a plan workbook (DESIGN.md section 4).

openpyxl's write-only mode streams rows to disk, which keeps a 40,000-row export fast and
small in memory; widths, the frozen header and the filter are set before the first row
because write-only sheets write their head first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from planner.excel.cells import FORMULA_STARTS, printable, text_cell
from planner.excel.columns import SHEETS, SheetSpec
from planner.excel.files import check_target, discard, save_atomically
from planner.excel.records import Record, key_names, load_records, sort_key
from planner.excel.speed import paused_gc
from planner.fields import FieldSpec
from planner.plan import Plan
from planner.progress import NO_PROGRESS, Progress

WIDTH_SAMPLE = 500  # rows looked at to size a column
MIN_WIDTH, MAX_WIDTH, DATE_WIDTH = 8, 50, 12


def export_plan(plan: Plan, path: Path, progress: Progress = NO_PROGRESS) -> None:
    """Write every record of ``plan`` to the workbook ``path`` (replaced only when the
    whole workbook is written)."""
    path = check_target(path)
    with paused_gc():
        _export(plan, path, progress)


def _export(plan: Plan, path: Path, progress: Progress) -> None:
    progress.step(0, len(SHEETS) + 1, "Reading the plan")
    with plan.read() as session:
        names = key_names(session)
        loaded = [(sheet, load_records(session, sheet, names)) for sheet in SHEETS]
    workbook = Workbook(write_only=True)
    try:
        for done, (sheet, records) in enumerate(loaded, start=1):
            progress.step(done, len(SHEETS) + 1, f"Writing {sheet.title}")
            records.sort(key=sort_key(sheet))
            write_sheet(workbook, sheet, records)
        progress.step(len(SHEETS) + 1, len(SHEETS) + 1, f"Saving {path.name}")
    except BaseException:  # cancelled, or worse: the sheets' temporary files go away
        discard(workbook)
        raise
    workbook.properties.title = "Rotation plan"
    workbook.properties.creator = "Rotation Planner"
    save_atomically(workbook, path)


def write_sheet(workbook: Workbook, sheet: SheetSpec, records: list[Record]) -> None:
    ws: Any = workbook.create_sheet(sheet.title)
    sample = records[:WIDTH_SAMPLE]
    for index, field in enumerate(sheet.fields):
        letter = get_column_letter(index + 1)
        ws.column_dimensions[letter].width = _width(sheet.header(field), field, index, sample)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(sheet.fields))
    ws.auto_filter.ref = f"A1:{last}{len(records) + 1}"
    bold = Font(bold=True)
    header = []
    for text in sheet.headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    rows = [list(record.values) for record in records]
    for index, field in enumerate(sheet.fields):
        if field.kind not in ("int", "date", "float"):
            _make_text_safe(ws, rows, index)
    append = ws.append
    for row in rows:
        append(row)


def _make_text_safe(ws: Any, rows: list[list[Any]], index: int) -> None:
    """Column by column: empty text becomes an empty cell, text that could read as a
    formula an explicit text cell, and characters an .xlsx cannot hold are dropped (one
    search over the whole column finds whether there are any)."""
    starts = FORMULA_STARTS
    texts: list[str] = []
    for row in rows:
        value = row[index]
        if value is None:
            continue
        if not value:
            row[index] = None
        elif value[0] in starts:
            row[index] = text_cell(ws, value)
        else:
            texts.append(value)
    if ILLEGAL_CHARACTERS_RE.search("\n".join(texts)):
        for row in rows:
            if type(row[index]) is str:
                row[index] = printable(row[index])


def _width(header: str, field: FieldSpec, index: int, sample: list[Record]) -> float:
    if field.kind == "date":
        return max(DATE_WIDTH, len(header) + 2)
    longest = max((len(str(r.values[index])) for r in sample if r.values[index]), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(header) + 2, longest + 2)))
