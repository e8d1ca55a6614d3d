"""Every box and question the window puts to the planner, in one injectable service.

The window and its features are given a ``Messages`` and never call QMessageBox or
QFileDialog themselves. Notices (errors, reports) are window-modal and do not block:
each is built here and handed to ``present``, which opens it. Questions block and return
the answer. Tests give the window a subclass that records what was presented and answers
the questions (tests/ui/conftest.py), as pytest-qt advises for modal dialogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from planner.errors import PlannerError
from ui import APP_TITLE
from ui.widgets.date_edit import DateDialog
from ui.widgets.problems import error_details, error_sentence
from ui.widgets.roster_dialog import RosterDialog, RosterTarget
from ui.widgets.row_errors import RowErrorsDialog


class Messages(QObject):
    """Notices (``error``, ``workbook_error``, ``inform``) and questions (``confirm_*``,
    ``ask_*``, ``choose_*``)."""

    # -- notices -------------------------------------------------------------------------

    def present(self, notice: QWidget) -> None:
        """Show a notice without waiting for it (the one place notices open)."""
        notice.open() if isinstance(notice, QDialog) else notice.show()

    def error(self, parent: QWidget | None, exc: BaseException, *, title: str = "") -> QMessageBox:
        """``exc`` as one sentence; its problems, or the traceback of a bug, in the
        details. Nothing saved is lost, and the box says so for a bug."""
        expected = isinstance(exc, PlannerError)
        box = QMessageBox(parent)
        box.setWindowTitle(title or APP_TITLE)
        box.setIcon(QMessageBox.Icon.Warning if expected else QMessageBox.Icon.Critical)
        box.setText(error_sentence(exc))
        if not expected:
            box.setInformativeText(
                self.tr(
                    "Your saved plan is unchanged. The details can help whoever maintains "
                    "Rotation Planner."
                )
            )
        details = error_details(exc)
        if details:
            box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.present(box)
        return box

    def workbook_error(self, parent: QWidget, exc: BaseException, title: str) -> QWidget:
        """A table of every row error when the error has them; else the usual box."""
        if isinstance(exc, PlannerError) and getattr(exc, "errors", None):
            dialog = RowErrorsDialog(parent, exc, title)
            self.present(dialog)
            return dialog
        return self.error(parent, exc, title=title)

    def inform(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        details: Sequence[str] = (),
        more: str = "",
    ) -> QMessageBox:
        """A report (an import's counts, where an export went)."""
        box = QMessageBox(parent)
        box.setWindowTitle(title)
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(text)
        if more:
            box.setInformativeText(more)
        if details:
            box.setDetailedText("\n".join(details))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.present(box)
        return box

    def warn_and_wait(self, parent: QWidget | None, text: str) -> None:
        """A warning that waits: the window is closing, a box that did not wait would
        go with it unseen."""
        QMessageBox.warning(parent, APP_TITLE, text)

    # -- questions -----------------------------------------------------------------------

    def confirm_delete(self, parent: QWidget | None, text: str, details: str) -> bool:
        """Ask before deleting; ``details`` says what else goes with the record."""
        box = QMessageBox(parent)
        box.setWindowTitle(APP_TITLE)
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(text)
        box.setInformativeText(details)
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is delete

    def ask_reload(self, parent: QWidget | None, message: str) -> bool:
        """Someone else changed the plan: reload it (True) or leave the window as it is."""
        box = QMessageBox(parent)
        box.setWindowTitle(APP_TITLE)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(message)
        box.setInformativeText(
            self.tr(
                "Your change was not saved. Reload shows the plan as it is now; the undo "
                "history is cleared because it no longer matches."
            )
        )
        reload = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(reload)
        box.exec()
        return box.clickedButton() is reload

    def ask_open_read_only(self, parent: QWidget | None, message: str) -> bool:
        """The plan is held by another process: open it read-only (True) or not at all."""
        box = QMessageBox(parent)
        box.setWindowTitle(APP_TITLE)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(message)
        box.setInformativeText(
            self.tr(
                "You can open it read-only to look at it (no changes can be made), or not open it."
            )
        )
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Do not open"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(read_only)
        box.exec()
        return box.clickedButton() is read_only

    def ask_date(
        self, parent: QWidget | None, title: str, label: str, current: dt.date
    ) -> dt.date | None:
        """A date picked from a calendar, or None when cancelled."""
        dialog = DateDialog(parent, title, label, current)
        try:
            return dialog.date() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def ask_roster_target(
        self, parent: QWidget | None, rotations: list[str], missions: list[str]
    ) -> RosterTarget | None:
        dialog = RosterDialog(parent, rotations, missions)
        try:
            return dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def plan_filter(self) -> str:
        return self.tr("Plans (*.sqlite *.db);;All files (*)")

    def workbook_filter(self) -> str:
        return self.tr("Excel workbooks (*.xlsx)")

    def choose_plan_to_open(self, parent: QWidget | None) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, self.tr("Open plan"), "", self.plan_filter())
        return path or None

    def choose_new_plan(self, parent: QWidget | None) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, self.tr("New plan"), "plan.sqlite", self.plan_filter()
        )
        return path or None

    def ask_open_path(self, parent: QWidget | None, title: str) -> Path | None:
        """A workbook to read."""
        path, _ = QFileDialog.getOpenFileName(parent, title, "", self.workbook_filter())
        return Path(path) if path else None

    def ask_save_path(self, parent: QWidget | None, title: str, suggested: str) -> Path | None:
        """Where to write a workbook."""
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, self.workbook_filter())
        return Path(path) if path else None
