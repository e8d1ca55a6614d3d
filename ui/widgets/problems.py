"""What an error box says: one plain sentence, and the details behind "Show Details…".

A PlannerError already carries a sentence fit to show (``.message``); its details are the
list of problems it holds (field problems, workbook row errors). Anything else is a bug:
the box says so in one sentence and keeps the traceback in the details, never as the
main text.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from planner.errors import PlannerError
from ui.i18n import plurals

translate = QCoreApplication.translate


def error_sentence(exc: BaseException) -> str:
    """The one sentence the box shows."""
    if isinstance(exc, PlannerError):
        return exc.message
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return translate("Problems", "Something went wrong: {error}").format(error=text)


def error_details(exc: BaseException) -> str:
    """What "Show Details…" reveals: the problems of a PlannerError, else the traceback."""
    if isinstance(exc, PlannerError):
        return "\n".join(_problem_lines(exc))
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()


def _problem_lines(exc: PlannerError) -> Iterable[str]:
    # Workbook errors carry row errors (sheet, row, column, value, problem); validation
    # errors carry field problems. Both are read by attribute so this module does not
    # depend on planner.excel.
    for name in ("errors", "row_errors", "problems"):
        items = getattr(exc, name, None)
        if isinstance(items, list | tuple) and items:
            for item in items:
                yield describe_problem(item)
            more = getattr(exc, "more", 0)
            if isinstance(more, int) and more > 0:
                yield plurals().more_not_listed(more)
            return


def describe_problem(item: object) -> str:
    """One line for a problem object: a row error, a field problem, or anything else."""
    sheet = getattr(item, "sheet", None)
    row = getattr(item, "row", None)
    column = getattr(item, "column", None)
    value = getattr(item, "value", None)
    message = getattr(item, "message", None) or getattr(item, "problem", None)
    if sheet is not None or row is not None:
        where = ", ".join(
            part
            for part in (
                str(sheet) if sheet else "",
                translate("Problems", "row {row}").format(row=row) if row is not None else "",
                translate("Problems", "column {column}").format(column=column) if column else "",
            )
            if part
        )
        text = translate("Problems", "{where}: {problem}").format(
            where=where, problem=message or item
        )
        if value in (None, ""):
            return text
        return translate("Problems", "{problem} (value {value})").format(
            problem=text, value=repr(value)
        )
    field_name = getattr(item, "field", None)
    if field_name is not None and message is not None:
        if not field_name:
            return str(message)
        return translate("Problems", "{field}: {problem}").format(field=field_name, problem=message)
    return str(item)
