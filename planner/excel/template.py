"""The empty plan workbook: every sheet with its header row, an Instructions sheet, and
drop-down lists where a column takes a fixed set of values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.excel.cells import put
from planner.excel.columns import SHEETS, SheetSpec
from planner.excel.files import check_target, save_atomically
from planner.fields import FieldSpec

LAST_ROW = 1_048_576  # validations cover the whole column below the header

INSTRUCTIONS = (
    "How to fill in this workbook",
    "",
    "Each sheet holds one kind of record; row 1 is the header. Keep the column names (their "
    "order does not matter, and upper or lower case is fine). A name ending in * is required.",
    "Fill one record per row, from row 2, with no empty rows in between. Do not merge cells.",
    "Dates: Excel date cells, or text as YYYY-MM-DD or DD.MM.YYYY.",
    "Lists are separated by commas; languages as en:B2, fr:A2 (CEFR levels A1 to C2).",
    "Other sheets and columns are ignored (with a warning).",
    "",
    "Records are matched by their key: an existing record with the same key is updated, "
    "a new key creates a record, and records not in the workbook are left alone. Importing "
    "the same workbook twice changes nothing the second time.",
    "The import is all or nothing: if any row has an error, nothing is imported and every "
    "error is listed with its sheet, row, column and value.",
    "An assignment with a rotation takes the rotation's dates where its own are empty; its "
    "mission must be the mission of the rotation's unit.",
    'Ceilings: one row per limit as the law writes it ("up to 40 officers for UNTSO, '
    "UNFICYP, UNMOGIP, UNIFIL and MINURSO\" is the clause 'officers' of its authorisation, "
    "Missions UNTSO, UNFICYP, UNMOGIP, UNIFIL, MINURSO, Categories observer, staff, "
    "Ceiling 40). Each mission of a clause must be one its authorisation lists (Authorised "
    "missions sheet or the plan); empty Missions means every mission it lists, empty "
    "Categories every category. The clause counts the people on those missions, on the "
    "days the authorisation governs them, in those categories.",
    "Posts: a unit's establishment, one row per post (CDR, MED-1 …): Count places for the "
    "Specialty, each for a rank of at least the Minimum rank (empty: any rank). A person "
    "fills a post when his specialty is the post's and his rank is at least its minimum.",
    "",
    "Sheets, their keys and columns:",
)


def write_template(path: Path) -> None:
    path = check_target(path)
    workbook = Workbook()
    instructions: Any = workbook.active
    instructions.title = "Instructions"
    _write_instructions(instructions)
    for sheet in SHEETS:
        _write_sheet(workbook.create_sheet(sheet.title), sheet)
    workbook.properties.title = "Rotation plan (template)"
    workbook.properties.creator = "Rotation Planner"
    save_atomically(workbook, path)


def _write_instructions(ws: Any) -> None:
    row = 1
    for row, text in enumerate(INSTRUCTIONS, start=1):
        if text:
            put(ws, row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    for sheet in SHEETS:
        row += 2
        key = ", ".join(sheet.field_by_name(name).label for name in sheet.key)
        put(ws, row, 1, f"{sheet.title} (matched by {key})").font = Font(bold=True)
        for field in sheet.fields:
            row += 1
            put(ws, row, 1, f"    {sheet.header(field)}: {_describe(field)}")
    ws.column_dimensions["A"].width = 110


def _describe(field: FieldSpec) -> str:
    if field.kind == "ref":
        return f"the {field.ref.replace('_', ' ')} ({_ref_key(field.ref)})"
    if field.kind == "refs":
        return (
            f"{field.ref.replace('_', ' ')} {_ref_key(field.ref)}s separated by commas; empty = "
            "every one the authorisation lists"
        )
    if field.kind == "date":
        return "a date"
    if field.kind == "int":
        floor = f", at least {field.minimum}" if field.minimum is not None else ""
        return f"a whole number{floor}"
    if field.kind == "choice":
        blank = "; empty = any rank" if field.name == "min_rank" else ""
        return "one of " + ", ".join(field.choices) + blank
    if field.kind == "categories":
        return "categories separated by commas (" + ", ".join(field.choices) + "); empty = all"
    if field.kind == "languages":
        return "languages as code:LEVEL, separated by commas (en:B2, fr:A2)"
    default = f" (empty = {field.default})" if field.default not in (None, "") else ""
    return f"text, up to {field.max_length} characters{default}"


def _ref_key(entity: str) -> str:
    from planner.excel.columns import REF_KEY

    return REF_KEY[entity].replace("_", " ")


def _write_sheet(ws: Any, sheet: SheetSpec) -> None:
    bold = Font(bold=True)
    for column, field in enumerate(sheet.fields, start=1):
        put(ws, 1, column, sheet.header(field)).font = bold
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = max(12, len(sheet.header(field)) + 4)
        if field.kind == "choice":
            choices = ",".join(field.choices)
            validation = DataValidation(
                type="list",
                formula1=f'"{choices}"',
                allow_blank=not field.required,
                showErrorMessage=True,
                errorTitle=field.label,
                error=f"{field.label} is one of: {', '.join(field.choices)}",
            )
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
