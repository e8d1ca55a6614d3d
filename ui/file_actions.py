"""File menu actions: import a plan workbook, export the plan or a roster, back up now.

Each asks for what it needs (a file through ``ask_open_path``/``ask_save_path``, a roster
through ``ask_roster_target``: module-level functions so tests can answer them), runs the
work on ``window.runner`` with a progress dialog, and reports on the GUI thread: an import
refreshes everything (``window.after_change(None)``) and shows its report; a workbook with
errors shows every error (sheet, row, column, value, problem) in a table; an export says
where the file went.

``window`` is the main window: it has ``plan``, ``runner``, ``after_change(change_set)``
and ``statusBar()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from planner.plan import Plan
from planner.progress import Progress
from planner.queries.overview import roster_choices
from planner.rules.findings import Finding
from ui.errors import describe_problem, show_error
from ui.overview import RowsModel

WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"


# -- questions (tests replace these) ----------------------------------------------------


def ask_open_path(parent: QWidget, title: str, name_filter: str = WORKBOOK_FILTER) -> Path | None:
    path, _chosen = QFileDialog.getOpenFileName(parent, title, "", name_filter)
    return Path(path) if path else None


def ask_save_path(
    parent: QWidget, title: str, suggested: str, name_filter: str = WORKBOOK_FILTER
) -> Path | None:
    path, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, name_filter)
    return Path(path) if path else None


@dataclass(frozen=True)
class RosterTarget:
    """One rotation, or one mission on a date."""

    rotation: str | None = None
    mission: str | None = None
    on: dt.date | None = None

    @property
    def name(self) -> str:
        if self.rotation:
            return self.rotation
        return f"{self.mission}-{self.on:%Y-%m-%d}" if self.on else str(self.mission)


class RosterDialog(QDialog):
    """Choose a rotation, or a mission and a date, for a roster."""

    def __init__(
        self,
        parent: QWidget | None,
        rotations: list[str],
        missions: list[str],
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export roster")
        self.by_rotation = QRadioButton("One &rotation")
        self.by_mission = QRadioButton("Everyone on a &mission on a date")
        group = QButtonGroup(self)
        group.addButton(self.by_rotation)
        group.addButton(self.by_mission)
        self.rotation = QComboBox()
        self.rotation.addItems(rotations)
        self.rotation.setAccessibleName("Rotation")
        self.mission = QComboBox()
        self.mission.addItems(missions)
        self.mission.setAccessibleName("Mission")
        self.on = QDateEdit()
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        day = today or dt.date.today()
        self.on.setDate(QDate(day.year, day.month, day.day))
        self.on.setAccessibleName("Date")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(self.by_rotation, 0, 0, 1, 2)
        grid.addWidget(QLabel("Rotation:"), 1, 0)
        grid.addWidget(self.rotation, 1, 1)
        grid.addWidget(self.by_mission, 2, 0, 1, 2)
        grid.addWidget(QLabel("Mission:"), 3, 0)
        grid.addWidget(self.mission, 3, 1)
        grid.addWidget(QLabel("On:"), 4, 0)
        grid.addWidget(self.on, 4, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)

        for button in (self.by_rotation, self.by_mission):
            button.toggled.connect(self._update)
        self.by_rotation.setEnabled(bool(rotations))
        self.by_mission.setEnabled(bool(missions))
        (self.by_rotation if rotations else self.by_mission).setChecked(True)
        self._update()

    def _update(self) -> None:
        rotation = self.by_rotation.isChecked()
        self.rotation.setEnabled(rotation)
        self.mission.setEnabled(not rotation)
        self.on.setEnabled(not rotation)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.rotation.currentText() if rotation else self.mission.currentText()))

    def target(self) -> RosterTarget:
        if self.by_rotation.isChecked():
            return RosterTarget(rotation=self.rotation.currentText())
        day: dt.date = self.on.date().toPython()  # type: ignore[assignment]
        return RosterTarget(mission=self.mission.currentText(), on=day)


def ask_roster_target(
    parent: QWidget, rotations: list[str], missions: list[str]
) -> RosterTarget | None:
    dialog = RosterDialog(parent, rotations, missions)
    try:
        return dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


# -- reports ----------------------------------------------------------------------------


class RowErrorsModel(RowsModel):
    """The errors of a workbook, one per row: sheet, row, column, value, problem."""

    columns = ("Sheet", "Row", "Column", "Value", "Problem")

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
            layout.addWidget(QLabel(f"… and {more} more errors not listed."))
        layout.addWidget(buttons)
        self.resize(760, 360)


def show_workbook_error(parent: QWidget, exc: BaseException, title: str) -> QWidget:
    """A table of row errors when the error has them; otherwise the usual error box."""
    if isinstance(exc, PlannerError) and getattr(exc, "errors", None):
        dialog = RowErrorsDialog(parent, exc, title)
        parent.last_error_box = dialog  # type: ignore[attr-defined]
        dialog.open()
        return dialog
    return show_error(parent, exc, title=title)


def report_lines(report: object) -> tuple[str, str, list[str]]:
    """(sentence, per-sheet lines, warnings) for an import report. Read by attribute so
    that this module follows the Excel part's report without depending on its shape."""
    sheets = getattr(report, "sheets", None)
    warnings = [str(item) for item in getattr(report, "warnings", None) or []]
    if isinstance(sheets, dict) and sheets:
        totals = {
            name: sum(int(getattr(counts, name, 0)) for counts in sheets.values())
            for name in ("created", "updated", "unchanged")
        }
        sentence = (
            f"{totals['created']} records created, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged."
        )
        lines = "\n".join(
            f"{title}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for title, c in sheets.items()
        )
    else:
        sentence, lines = "The workbook was imported.", ""
    if warnings:
        sentence += f" {len(warnings)} warning{'s' if len(warnings) != 1 else ''}: see details."
    return sentence, lines, warnings


def _inform(
    window: QWidget, title: str, text: str, details: list[str] | None = None, more: str = ""
) -> None:
    box = QMessageBox(window)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(text)
    if more:
        box.setInformativeText(more)
    if details:
        box.setDetailedText("\n".join(details))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.last_info_box = box  # type: ignore[attr-defined]
    box.open()


def _status(window: Any, text: str) -> None:
    window.statusBar().showMessage(text, 10_000)


def _xlsx(path: Path) -> Path:
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


# -- the actions ------------------------------------------------------------------------


def import_workbook_action(window: Any) -> None:
    path = ask_open_path(window, "Import plan workbook")
    if path is None:
        return
    plan: Plan = window.plan

    def work(progress: Progress) -> object:
        from planner.excel import import_workbook

        return import_workbook(plan, path, progress)

    def done(report: object) -> None:
        window.after_change(None)
        sentence, lines, warnings = report_lines(report)
        _status(window, f"Imported {path.name}: {sentence}")
        _inform(window, "Import", f"Imported {path.name}: {sentence}", warnings, lines)

    window.runner.run(
        f"Importing {path.name}",
        work,
        done,
        lambda exc: show_workbook_error(window, exc, "Import"),
    )


def export_plan_action(window: Any) -> None:
    plan: Plan = window.plan
    chosen = ask_save_path(window, "Export plan workbook", f"{plan.name}.xlsx")
    if chosen is None:
        return
    path = _xlsx(chosen)

    def work(progress: Progress) -> Path:
        from planner.excel import export_plan

        export_plan(plan, path, progress)
        return path

    window.runner.run(
        f"Exporting to {path.name}",
        work,
        lambda written: _exported(window, "Plan workbook", written),
        lambda exc: show_error(window, exc, title="Export"),
    )


def export_roster_action(window: Any) -> None:
    plan: Plan = window.plan
    rotations, missions = roster_choices(plan)
    if not rotations and not missions:
        show_error(window, PlannerError("The plan has no rotation or mission to list yet."))
        return
    target = ask_roster_target(window, rotations, missions)
    if target is None:
        return
    chosen = ask_save_path(window, "Export roster", f"{target.name}-roster.xlsx")
    if chosen is None:
        return
    path = _xlsx(chosen)
    findings = current_findings(window)

    def work(progress: Progress) -> Path:
        from planner.excel.roster import export_roster

        progress.step(0, 1, "Writing the roster")
        if target.rotation:
            export_roster(plan, path, rotation=target.rotation, findings=findings)
        else:
            export_roster(plan, path, mission=target.mission, on=target.on, findings=findings)
        progress.step(1, 1, "Saved")
        return path

    window.runner.run(
        f"Exporting the roster of {target.name}",
        work,
        lambda written: _exported(window, "Roster", written),
        lambda exc: show_error(window, exc, title="Export roster"),
    )


def current_findings(window: Any) -> list[Finding] | None:
    """The window's findings if they are up to date (its CheckController is idle and has
    checked), so that a roster's Checks sheet needs no new full check; else None."""
    checks = getattr(window, "checks", None)
    if checks is None or checks.running or not checks.refresh_count:
        return None
    return list(checks.findings)


def backup_now_action(window: Any) -> None:
    """An online backup into the plan's backup folder (no question asked: it is safe)."""
    plan: Plan = window.plan

    def work(progress: Progress) -> Path:
        progress.step(0, 1, "Copying the plan")
        return plan.backup(reason="manual")

    window.runner.run(
        "Backing up the plan",
        work,
        lambda written: _exported(window, "Backup", written),
        lambda exc: show_error(window, exc, title="Back up"),
    )


def _exported(window: Any, what: str, path: Path) -> None:
    _status(window, f"{what} written to {path}")
    _inform(window, what, f"{what} written to {path}.")


__all__ = [
    "RosterDialog",
    "RosterTarget",
    "RowErrorsDialog",
    "ask_open_path",
    "ask_roster_target",
    "ask_save_path",
    "backup_now_action",
    "export_plan_action",
    "export_roster_action",
    "import_workbook_action",
]
