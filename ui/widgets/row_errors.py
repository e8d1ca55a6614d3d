"""A workbook's errors, one row each: the sentence of the error above a table of sheet,
row, column, value and problem."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from ui.i18n import QT_TRANSLATE_NOOP
from ui.widgets.problems import describe_problem
from ui.widgets.rows_model import RowsModel


class RowErrorsModel(RowsModel):
    """The errors of a workbook, one per row: sheet, row, column, value, problem."""

    context = "RowErrorsModel"
    columns = (
        QT_TRANSLATE_NOOP("RowErrorsModel", "Sheet"),
        QT_TRANSLATE_NOOP("RowErrorsModel", "Row"),
        QT_TRANSLATE_NOOP("RowErrorsModel", "Column"),
        QT_TRANSLATE_NOOP("RowErrorsModel", "Value"),
        QT_TRANSLATE_NOOP("RowErrorsModel", "Problem"),
    )

    def cell(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(getattr(row, "sheet", "") or "")
            if column == 1:
                number = getattr(row, "row", None)
                return "" if number is None else str(number)
            if column == 2:
                return str(getattr(row, "column", "") or "")
            if column == 3:
                value = getattr(row, "value", "")
                return "" if value is None else str(value)
            message = getattr(row, "message", None) or getattr(row, "problem", None)
            return str(message) if message is not None else describe_problem(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe_problem(row)
        return None


class RowErrorsDialog(QDialog):
    """The sentence of a workbook error above the table of every error it found."""

    def __init__(self, parent: QWidget | None, exc: PlannerError, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        errors = list(getattr(exc, "errors", []) or [])
        more = int(getattr(exc, "more", 0) or 0)
        self.message = QLabel(exc.message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = RowErrorsModel(self)
        self.model.set_rows(errors)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        if more:
            layout.addWidget(QLabel(self.tr("… and %n more errors not listed.", "", more)))
        layout.addWidget(buttons)
        self.resize(760, 360)
