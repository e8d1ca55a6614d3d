"""The window's questions to the planner, each a small blocking function.

Kept apart so that the window reads as "ask, then act" and so that tests can answer a
question by replacing one function (pytest's monkeypatch), as pytest-qt recommends for
modal dialogs.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.editors import DATE_FORMAT

APP_TITLE = "Rotation Planner"
PLAN_FILTER = "Plans (*.sqlite *.db);;All files (*)"


def confirm_delete(parent: QWidget | None, text: str, details: str) -> bool:
    """Ask before deleting; ``details`` says what else goes with the record."""
    box = QMessageBox(parent)
    box.setWindowTitle(APP_TITLE)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(text)
    box.setInformativeText(details)
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is delete


def ask_reload(parent: QWidget | None, message: str) -> bool:
    """Someone else changed the plan: reload it (True) or leave the window as it is."""
    box = QMessageBox(parent)
    box.setWindowTitle(APP_TITLE)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(message)
    box.setInformativeText(
        "Your change was not saved. Reload shows the plan as it is now; the undo history "
        "is cleared because it no longer matches."
    )
    reload = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(reload)
    box.exec()
    return box.clickedButton() is reload


def ask_open_read_only(parent: QWidget | None, message: str) -> bool:
    """The plan is held by another process: open it read-only (True) or not at all."""
    box = QMessageBox(parent)
    box.setWindowTitle(APP_TITLE)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(message)
    box.setInformativeText(
        "You can open it read-only to look at it (no changes can be made), or not open it."
    )
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Do not open", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


def ask_date(parent: QWidget | None, title: str, label: str, current: dt.date) -> dt.date | None:
    """A date picked from a calendar, or None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    form = QFormLayout()
    edit = QDateEdit(QDate(current.year, current.month, current.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    form.addRow(QLabel(label), edit)
    layout.addLayout(form)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return cast(dt.date, edit.date().toPython())


def choose_plan_to_open(parent: QWidget | None) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open plan", "", PLAN_FILTER)
    return path or None


def choose_new_plan(parent: QWidget | None) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "New plan", "plan.sqlite", PLAN_FILTER)
    return path or None
