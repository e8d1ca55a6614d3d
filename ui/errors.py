"""Errors shown to the planner: one plain sentence, the details behind "Show Details…".

A PlannerError already carries a sentence fit to show (``.message``); its details are the
list of problems it holds (field problems, workbook row errors). Anything else is a bug:
the box says so in one sentence and keeps the traceback in the details, never as the
main text.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from planner.errors import PlannerError

APP_TITLE = "Rotation Planner"

last_error_box: QMessageBox | None = None
"""The most recent box shown without a parent (tests look at it)."""


def error_sentence(exc: BaseException) -> str:
    """The one sentence the box shows."""
    if isinstance(exc, PlannerError):
        return exc.message
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"Something went wrong: {text}"


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
                yield f"… and {more} more not listed"
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
                f"row {row}" if row is not None else "",
                f"column {column}" if column else "",
            )
            if part
        )
        shown = f" (value {value!r})" if value not in (None, "") else ""
        return f"{where}: {message or item}{shown}"
    field_name = getattr(item, "field", None)
    if field_name is not None and message is not None:
        return f"{field_name}: {message}" if field_name else str(message)
    return str(item)


def show_error(
    parent: QWidget | None, exc: BaseException, *, title: str = APP_TITLE
) -> QMessageBox:
    """Show ``exc`` in a window-modal box without blocking; return the box.

    The box is also kept as ``parent.last_error_box`` (or the module's ``last_error_box``)
    so tests and the window can find it."""
    global last_error_box
    expected = isinstance(exc, PlannerError)
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical)
    box.setText(error_sentence(exc))
    if not expected:
        box.setInformativeText(
            "Your saved plan is unchanged. The details can help whoever maintains Rotation Planner."
        )
    details = error_details(exc)
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if parent is not None:
        parent.last_error_box = box  # type: ignore[attr-defined]
    else:
        last_error_box = box
    box.open()
    return box
