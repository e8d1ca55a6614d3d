"""The overview page: headcount today per mission against its ceiling, the next
rotations, and the findings counted by severity.

The numbers come from ``planner.queries.overview`` (Qt-free, tested without a display);
this module only shows them. Reading the plan runs on the worker thread when a runner is
given; a later refresh while one is loading is coalesced into one more load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.plan import Plan
from planner.queries.overview import (
    MissionToday,
    Overview,
    UpcomingRotation,
    build_overview,
    load_overview,
)
from planner.rules.findings import Finding, summarise
from planner.rules.snapshot import Snapshot
from ui.worker import TaskRunner

if TYPE_CHECKING:
    from ui.checking import CheckController

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
OVER_BACKGROUND: Final = QColor(255, 214, 214)
OVER_FOREGROUND: Final = QColor(150, 0, 0)
OVER_BAR: Final = QColor(200, 30, 30)
SHARE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
KEY_ROLE: Final = Qt.ItemDataRole.UserRole + 2
UPCOMING_ROWS_SHOWN: Final = 6  # more scroll
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _day(value: dt.date) -> str:
    return value.isoformat()


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of plain rows; subclasses say how to show a cell."""

    columns: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        raise NotImplementedError


class HeadcountModel(RowsModel):
    """Missions today: headcount, ceiling, share of the ceiling (drawn as a bar)."""

    columns = ("Mission", "Name", "Today", "Ceiling", "Use", "Authorisation")
    USE_COLUMN: Final = 4

    def cell(self, row: MissionToday, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3, 4):
            return int(_RIGHT)
        if role == Qt.ItemDataRole.BackgroundRole and row.over:
            return QBrush(OVER_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.over:
            return QBrush(OVER_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and row.over and column == 2:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == SHARE_ROLE:
            return row.share
        if role == KEY_ROLE:
            return row.mission
        return None

    @staticmethod
    def _text(row: MissionToday, column: int) -> str:
        if column == 0:
            return row.mission
        if column == 1:
            return row.name
        if column == 2:
            return str(row.headcount)
        if column == 3:
            return "" if row.ceiling is None else str(row.ceiling)
        if column == 4:
            share = row.share
            if share is None:
                return "no ceiling" if row.authorisation else "not authorised"
            return "over" if share == float("inf") else f"{share:.0%}"
        if row.authorisation is None:
            return "—"
        if row.total_ceiling is not None and row.total is not None:
            return f"{row.authorisation} (total {row.total} of {row.total_ceiling})"
        return row.authorisation

    @staticmethod
    def _tooltip(row: MissionToday) -> str:
        if row.authorisation is None:
            if row.headcount:
                return f"{row.headcount} deployed to {row.mission} with no authorisation in force."
            return f"No authorisation in force lists {row.mission} today."
        if row.ceiling is None:
            text = f"{row.authorisation} sets no ceiling of its own for {row.mission}."
            if row.total_ceiling is not None and row.total is not None:
                text += (
                    f" Its total today is {row.total} of {row.total_ceiling} "
                    "across the missions it governs."
                )
            return text
        if row.over:
            return (
                f"{row.mission}: {row.headcount} today, {row.headcount - row.ceiling} over "
                f"the ceiling of {row.ceiling} set by {row.authorisation}."
            )
        return f"{row.mission}: {row.headcount} of {row.ceiling} allowed by {row.authorisation}."


class UpcomingModel(RowsModel):
    """The next rotations to start, soonest first."""

    columns = ("Rotation", "Unit", "Mission", "Starts", "Ends", "In", "Status", "Roster")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def cell(self, row: UpcomingRotation, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 7):
            return int(_RIGHT)
        short = row.strength is not None and row.members != row.strength
        if role == Qt.ItemDataRole.ForegroundRole and column == 7 and short:
            return QBrush(OVER_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and row.strength is not None:
            return f"{row.members} assigned of the unit's strength of {row.strength}."
        if role == KEY_ROLE:
            return row.code
        return None

    def _text(self, row: UpcomingRotation, column: int) -> str:
        if column == 0:
            return row.code
        if column == 1:
            return row.unit
        if column == 2:
            return row.mission
        if column == 3:
            return _day(row.starts_on)
        if column == 4:
            return _day(row.ends_on)
        if column == 5:
            days = row.days_until(self.today)
            return "today" if days == 0 else f"{days} d"
        if column == 6:
            return row.status
        if row.strength is None:
            return str(row.members)
        return f"{row.members} / {row.strength}"


class UseBarDelegate(QStyledItemDelegate):
    """Draws the share of the ceiling as a progress bar (capped at 100 %) with its text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        share = index.data(SHARE_ROLE)
        if share is None:
            super().paint(painter, option, index)
            return
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(background, QBrush):
            painter.fillRect(option.rect, background)
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(3, 3, -3, -3))
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = min(100, round(share * 100)) if share != float("inf") else 100
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole))
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = QPalette(option.palette)
        if share > 1:
            bar.palette.setColor(QPalette.ColorRole.Highlight, OVER_BAR)
        style = QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class OverviewWidget(QWidget):
    """The overview page. ``refresh(plan, findings)`` after each check."""

    activated = Signal(str, str)  # ("mission", code) or ("rotation", code) on double-click
    findings_requested = Signal(str)  # severity whose findings the planner wants to see
    refreshed = Signal()  # the shown numbers were replaced (tests wait for it)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        today: Callable[[], dt.date] | dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self.runner = runner
        self._today = today
        self.overview: Overview | None = None
        self._loading = False
        self._again: tuple[Plan, list[Finding]] | None = None
        self._follows: CheckController | None = None

        self.title = QLabel("Overview")
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
        for severity, icon in (
            ("error", QStyle.StandardPixmap.SP_MessageBoxCritical),
            ("warning", QStyle.StandardPixmap.SP_MessageBoxWarning),
            ("info", QStyle.StandardPixmap.SP_MessageBoxInformation),
        ):
            button = QPushButton(self.style().standardIcon(icon), "")
            button.setFlat(True)
            button.setToolTip("Show these findings")
            button.clicked.connect(lambda _c=False, s=severity: self.findings_requested.emit(s))
            self.count_buttons[severity] = button
            counts.addWidget(button)
        counts.addStretch(1)

        self.headcount_box = self._box("Headcount today", self.headcount_view)
        self.upcoming_box = self._box("Next rotations", self.upcoming_view)
        self.no_upcoming = QLabel("No rotation starts on or after this day.")
        self.no_upcoming.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_upcoming.setEnabled(False)  # greyed: a remark, not data
        box_layout = self.upcoming_box.layout()
        assert box_layout is not None
        box_layout.addWidget(self.no_upcoming)
        findings_box = QGroupBox("Findings")
        findings_box.setLayout(counts)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        # The headcount takes the height; the next rotations only what their rows need.
        layout.addWidget(self.headcount_box, 1)
        layout.addWidget(self.upcoming_box, 0)
        layout.addWidget(findings_box)
        self._show_counts({"error": 0, "warning": 0, "info": 0})

    # -- public API ---------------------------------------------------------------------

    def today(self) -> dt.date:
        if callable(self._today):
            return self._today()
        return self._today or dt.date.today()

    def refresh(
        self, plan: Plan, findings: Sequence[Finding], snapshot: Snapshot | None = None
    ) -> None:
        """Recompute the page. Following a CheckController (``follow``), its overview is
        shown at once; with a ``snapshot`` it is shaped here; otherwise the plan is read
        on the runner's worker."""
        checks = self._follows
        if snapshot is None and checks is not None and checks.overview is not None:
            # The check computed these numbers in its own job: no read of the plan.
            followed = checks.overview
            if findings is not checks.findings:  # e.g. Plan ▸ Check plan's own result
                followed = replace(followed, findings=summarise(list(findings)))
            self.set_overview(followed)
            return
        findings = list(findings)
        if snapshot is not None:
            self.set_overview(build_overview(snapshot, findings, self.today()))
            return
        if self.runner is None:
            self.set_overview(load_overview(plan, findings, self.today()))
            return
        if self._loading:
            self._again = (plan, findings)
            return
        self._load(plan, findings)

    def follow(self, checks: CheckController | None) -> None:
        """Take the numbers from ``checks`` (shaped in the same worker job as its findings)
        instead of reading the plan again on each refresh. The window calls this with its
        CheckController; ``refresh`` then shows the controller's latest overview."""
        self._follows = checks

    def set_overview(self, overview: Overview) -> None:
        self.overview = overview
        self.title.setText(f"Overview on {overview.today:%A %d %B %Y}")
        self.headcount_model.set_rows(overview.missions)
        self.upcoming_model.today = overview.today
        self.upcoming_model.set_rows(overview.upcoming)
        self.upcoming_view.setVisible(bool(overview.upcoming))
        self.no_upcoming.setVisible(not overview.upcoming)
        self._fit_upcoming(len(overview.upcoming))
        over = sum(1 for m in overview.missions if m.over)
        self.headcount_box.setTitle(
            f"Headcount today — {over} over the ceiling" if over else "Headcount today"
        )
        self._show_counts(overview.findings)
        self.refreshed.emit()

    # -- internals ----------------------------------------------------------------------

    def _load(self, plan: Plan, findings: list[Finding]) -> None:
        assert self.runner is not None
        self._loading = True
        today = self.today()
        self.runner.run(
            "Loading the overview",
            lambda _progress: load_overview(plan, findings, today),
            self._loaded,
            self._load_failed,
            on_cancel=self._load_ended,
            quiet=True,
        )

    def _loaded(self, overview: Overview) -> None:
        self.set_overview(overview)
        self._load_ended()

    def _load_failed(self, exc: BaseException) -> None:
        self._load_ended()
        from ui.errors import show_error

        show_error(self, exc, title="Overview")

    def _load_ended(self) -> None:
        self._loading = False
        if self._again is not None:
            plan, findings = self._again
            self._again = None
            self._load(plan, findings)

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

    def _show_counts(self, counts: dict[str, int]) -> None:
        nouns = {"error": "error", "warning": "warning", "info": "note"}
        for severity, button in self.count_buttons.items():
            n = counts.get(severity, 0)
            button.setText(f"{n} {nouns[severity]}{'' if n == 1 else 's'}")

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
