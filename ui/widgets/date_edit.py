"""Dates in the window: the form field (``DateEditor``, with a tick box for an optional
date), the date question (``DateDialog``), and the one display format."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.editor import Editor, hint

if TYPE_CHECKING:  # the window shows before planner.app loads
    from planner.app import FieldSpec

DATE_FORMAT = "yyyy-MM-dd"
"""ISO dates everywhere, as the workbooks and the command line write them."""

translate = QCoreApplication.translate


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_edit(day: dt.date | None = None) -> QDateEdit:
    """A date field with a calendar popup in the window's format."""
    edit = QDateEdit(to_qdate(day) if day is not None else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    return edit


class DateEditor(Editor):
    """A date with a calendar popup; an optional date has a tick box to leave it empty."""

    def __init__(self, spec: FieldSpec, *, optional_text: str = "") -> None:
        self.widget = QWidget()
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.optional = not spec.required
        self.check = QCheckBox()
        self.date = date_edit()
        self.date.setMinimumWidth(140)
        # As wide as a date, right after its tick box: stretched, it pushed the date to
        # the far edge of the dialog, away from the box that switches it on.
        self.date.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        if self.optional:
            self.check.setToolTip(translate("DateEditor", "Untick to leave the date empty"))
            self.check.toggled.connect(self._toggled)
            layout.addWidget(self.check)
        layout.addWidget(self.date)
        self.empty_label = hint(optional_text or translate("DateEditor", "none"))
        layout.addWidget(self.empty_label)
        layout.addStretch(1)
        if not self.optional:
            self.empty_label.hide()
        self._toggled(not self.optional)

    def _toggled(self, on: bool) -> None:
        self.date.setEnabled(on)
        self.date.setVisible(on)
        self.empty_label.setVisible(self.optional and not on)

    def value(self) -> dt.date | None:
        if self.optional and not self.check.isChecked():
            return None
        return cast(dt.date, self.date.date().toPython())

    def set_value(self, value: Any) -> None:
        if value is None:
            if self.optional:
                self.check.setChecked(False)
                self._toggled(False)
            return
        if isinstance(value, dt.date):
            self.date.setDate(to_qdate(value))
        if self.optional:
            self.check.setChecked(True)
            self._toggled(True)

    def set_enabled(self, enabled: bool) -> None:
        self.check.setEnabled(enabled)
        self.date.setEnabled(enabled and (not self.optional or self.check.isChecked()))


class DateDialog(QDialog):
    """One date, picked from a calendar (Move rotation asks for its new start)."""

    def __init__(self, parent: QWidget | None, title: str, label: str, current: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.edit = date_edit(current)
        form.addRow(QLabel(label), self.edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def date(self) -> dt.date:
        return cast(dt.date, self.edit.date().toPython())
