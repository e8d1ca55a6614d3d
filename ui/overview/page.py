"""The overview page: headcount today per mission against its ceiling, the next
rotations, and the findings counted by severity.

The figures are the PlanFacts the check publishes (planner.app, shaped from the checker's
own state in the same worker job as the findings); this page only shows them, and never
reads the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from PySide6.QtCore import QAbstractTableModel, QDate, QLocale, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.app import DayFigures, PlanFacts
from ui.i18n import plurals
from ui.overview.models import KEY_ROLE, HeadcountModel, UpcomingModel, UseBarDelegate
from ui.resources import Icon, icon
from ui.widgets.rows_model import RowsModel

UPCOMING_ROWS_SHOWN: Final = 6  # more scroll


class OverviewWidget(QWidget):
    """The overview page: it shows the figures it is given (``set_facts``, from the
    check) and never reads the plan."""

    activated = Signal(str, str)  # ("mission", code) or ("rotation", code) on double-click
    findings_requested = Signal(str)  # severity whose findings the planner wants to see
    refreshed = Signal()  # the shown numbers were replaced (tests wait for it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self.facts: PlanFacts | None = None
        self.day: DayFigures | None = None  # the figures shown: the facts' today

        self.title = QLabel(self.tr("Overview"))
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)

        self.headcount_model = HeadcountModel(self)
        self.headcount_view = self._table(self.headcount_model, stretch=1)
        self.headcount_view.setItemDelegateForColumn(
            HeadcountModel.USE_COLUMN, UseBarDelegate(self.headcount_view)
        )
        use_header = self.headcount_view.horizontalHeader()
        use_header.setSectionResizeMode(HeadcountModel.USE_COLUMN, QHeaderView.ResizeMode.Fixed)
        use_header.resizeSection(HeadcountModel.USE_COLUMN, 140)
        self.upcoming_model = UpcomingModel(self)
        self.upcoming_view = self._table(self.upcoming_model, stretch=None)
        self.headcount_view.doubleClicked.connect(
            lambda i: self._activate("mission", self.headcount_model, i)
        )
        self.upcoming_view.doubleClicked.connect(
            lambda i: self._activate("rotation", self.upcoming_model, i)
        )

        self.count_buttons: dict[str, QPushButton] = {}
        counts = QHBoxLayout()
        for severity, severity_icon in (
            ("error", Icon.ERROR),
            ("warning", Icon.WARNING),
            ("info", Icon.INFO),
        ):
            button = QPushButton(icon(severity_icon), "")
            button.setFlat(True)
            button.setToolTip(self.tr("Show these findings"))
            button.clicked.connect(lambda _c=False, s=severity: self.findings_requested.emit(s))
            self.count_buttons[severity] = button
            counts.addWidget(button)
        counts.addStretch(1)

        self.headcount_box = self._box(self.tr("Headcount today"), self.headcount_view)
        self.upcoming_box = self._box(self.tr("Next rotations"), self.upcoming_view)
        self.no_upcoming = QLabel(self.tr("No rotation starts on or after this day."))
        self.no_upcoming.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_upcoming.setEnabled(False)  # greyed: a remark, not data
        box_layout = self.upcoming_box.layout()
        assert box_layout is not None
        box_layout.addWidget(self.no_upcoming)
        findings_box = QGroupBox(self.tr("Findings"))
        findings_box.setLayout(counts)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        # The headcount takes the height; the next rotations only what their rows need.
        layout.addWidget(self.headcount_box, 1)
        layout.addWidget(self.upcoming_box, 0)
        layout.addWidget(findings_box)
        self._show_counts({"error": 0, "warning": 0, "info": 0})

    # -- public API ---------------------------------------------------------------------

    def set_facts(self, facts: PlanFacts) -> None:
        """Show the figures of ``facts`` on its day (the check's today)."""
        self.facts = facts
        self.day = figures = facts.on()
        day = QDate(figures.day.year, figures.day.month, figures.day.day)
        self.title.setText(
            self.tr("Overview on {day}").format(
                day=QLocale().toString(day, self.tr("dddd dd MMMM yyyy"))
            )
        )
        self.headcount_model.set_rows(figures.missions)
        self.upcoming_model.today = figures.day
        self.upcoming_model.set_rows(facts.upcoming)
        self.upcoming_view.setVisible(bool(facts.upcoming))
        self.no_upcoming.setVisible(not facts.upcoming)
        self._fit_upcoming(len(facts.upcoming))
        over = figures.over
        self.headcount_box.setTitle(
            self.tr("Headcount today — %n over the ceiling", "", over)
            if over
            else self.tr("Headcount today")
        )
        self._show_counts(facts.findings)
        self.refreshed.emit()

    # -- internals ----------------------------------------------------------------------

    def _fit_upcoming(self, rows: int) -> None:
        view = self.upcoming_view
        shown = max(1, min(rows, UPCOMING_ROWS_SHOWN))
        height = (
            view.horizontalHeader().sizeHint().height()
            + shown * view.verticalHeader().defaultSectionSize()
            + 2 * view.frameWidth()
            + 2
        )
        view.setFixedHeight(height)

    def _show_counts(self, counts: Mapping[str, int]) -> None:
        texts = {
            "error": plurals().errors,
            "warning": plurals().warnings,
            "info": plurals().notes,
        }
        for severity, button in self.count_buttons.items():
            button.setText(texts[severity](counts.get(severity, 0)))

    def _activate(self, kind: str, model: RowsModel, index: QModelIndex) -> None:
        key = model.index(index.row(), 0).data(KEY_ROLE)
        if key:
            self.activated.emit(kind, str(key))

    @staticmethod
    def _table(model: QAbstractTableModel, stretch: int | None) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        # Compact rows: more missions fit on a 768-pixel screen.
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)
        return view

    @staticmethod
    def _box(title: str, view: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(view)
        return box
