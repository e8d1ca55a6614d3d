"""The findings dock: the check's findings grouped by severity, kept fresh after each edit.

``FindingsModel`` is a two-level tree (severity groups → findings) over plain ``Finding``
rows; ``FindingsDock`` shows it with a severity filter and emits ``activated(kind, key)``
when the planner double-clicks (or presses Enter on) a finding, so the window can select
the person, rotation, mission or authorisation concerned. ``CheckController`` reruns the
incremental check on the worker thread after every edit, coalescing bursts of edits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.plan import Plan
from planner.progress import Progress
from planner.rules.findings import Finding
from planner.services.changes import ChangeSet
from ui.worker import TaskRunner

if TYPE_CHECKING:  # the rules load on the worker's first check, not at import
    from planner.queries.overview import Overview

SEVERITIES: Final = ("error", "warning", "info")
GROUP_LABELS: Final = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
_NOUNS: Final = {"error": ("error", "errors"), "warning": ("warning", "warnings"),
                 "info": ("note", "notes")}  # fmt: skip
COLUMNS: Final = ("Rule", "Message", "Dates", "Concerns")
FINDING_ROLE: Final = Qt.ItemDataRole.UserRole + 1
SEVERITY_ROLE: Final = Qt.ItemDataRole.UserRole + 2
# Double-click goes to the most specific thing a finding names.
TARGET_KINDS: Final = ("person", "rotation", "mission", "authorisation")
AUTO_EXPAND_LIMIT: Final = 5000

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def summary_text(findings: Sequence[Finding]) -> str:
    """For the status bar: "3 errors, 5 warnings, 1 note" (or "No findings")."""
    return counts_text(Counter(map(attrgetter("severity"), findings)))


def counts_text(counts: Mapping[str, int]) -> str:
    """ "3 errors, 5 warnings, 1 note" from counts per severity."""
    parts = [
        f"{counts.get(s, 0)} {_NOUNS[s][0] if counts.get(s, 0) == 1 else _NOUNS[s][1]}"
        for s in SEVERITIES
        if counts.get(s, 0)
    ]
    return ", ".join(parts) if parts else "No findings"


def finding_target(finding: Finding) -> tuple[str, str] | None:
    """(kind, natural key) of the most specific thing the finding names, if any."""
    for kind in TARGET_KINDS:
        key = getattr(finding, kind)
        if key:
            return kind, key
    return None


def finding_dates(finding: Finding) -> str:
    if finding.start and finding.end and finding.start != finding.end:
        return f"{finding.start} – {finding.end}"
    if finding.start and not finding.end:
        return f"from {finding.start}"
    return finding.start or finding.end or ""


def finding_concerns(finding: Finding) -> str:
    """What the finding is about, most specific last: "UNDOF · KAZCON-R04 · 123456"."""
    keys = (finding.authorisation, finding.mission, finding.rotation, finding.person)
    return " · ".join(key for key in keys if key)


def _tooltip(finding: Finding) -> str:
    lines = [finding.message]
    if finding.value is not None and finding.limit is not None:
        lines.append(f"Value {finding.value}, limit {finding.limit}")
    if finding.detail:
        lines.append(finding.detail)
    return "\n".join(lines)


class FindingsModel(QAbstractItemModel):
    """Severity groups (top level, only those with findings) → findings.

    A group's index has internalId 0; a finding's index has internalId = its group's row
    + 1, which is all ``parent`` needs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Finding] = []
        self._by_severity: dict[str, list[Finding]] = {s: [] for s in SEVERITIES}
        self._severity: str | None = None  # shown severity; None: all
        self._groups: list[tuple[str, list[Finding]]] = []
        self._icons: dict[str, QIcon] = {}

    # -- data in ------------------------------------------------------------------------

    def set_findings(self, findings: Sequence[Finding]) -> None:
        # The engine hands findings over sorted (severity, start, rule); sorting again
        # costs more than the rest of a refresh on a plan with 100,000 findings.
        self._all = list(findings)
        grouped: dict[str, list[Finding]] = {s: [] for s in SEVERITIES}
        for finding in self._all:
            grouped[finding.severity].append(finding)
        self._by_severity = grouped
        self._regroup()

    def set_severity(self, severity: str | None) -> None:
        """Show only the group of ``severity`` (None: every group)."""
        self._severity = severity
        self._regroup()

    def _regroup(self) -> None:
        # Filtering here rather than in a proxy: a proxy maps every row of every group
        # again on each refresh, which costs more than the whole model.
        self.beginResetModel()
        self._groups = [
            (s, group)
            for s, group in self._by_severity.items()
            if group and (self._severity is None or s == self._severity)
        ]
        self.endResetModel()

    def findings(self) -> list[Finding]:
        """Every finding set, shown or filtered out, sorted."""
        return list(self._all)

    def set_icons(self, icons: dict[str, QIcon]) -> None:
        self._icons = icons

    # -- lookups ------------------------------------------------------------------------

    def finding(self, index: _Index) -> Finding | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[index.internalId() - 1][1]
        return group[index.row()] if index.row() < len(group) else None

    def group_row(self, severity: str) -> int | None:
        for row, (s, _group) in enumerate(self._groups):
            if s == severity:
                return row
        return None

    def counts(self) -> dict[str, int]:
        """Findings per severity, filtered out or not."""
        return {s: len(group) for s, group in self._by_severity.items()}

    def group_size(self, row: int) -> int:
        return len(self._groups[row][1]) if 0 <= row < len(self._groups) else 0

    def index_of(self, finding: Finding) -> QModelIndex:
        for row, (severity, group) in enumerate(self._groups):
            if severity == finding.severity:
                try:
                    position = group.index(finding)
                except ValueError:
                    return QModelIndex()
                return self.index(position, 0, self.index(row, 0))
        return QModelIndex()

    # -- QAbstractItemModel -------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        # Bounds checked here, not with hasIndex(), which calls back into Python twice.
        if not 0 <= column < len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if group >= len(self._groups) or row >= len(self._groups[group][1]):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: _Index) -> QModelIndex: ...
    def parent(self, child: _Index | None = None) -> QObject | QModelIndex | None:
        if child is None:  # QObject.parent()
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return len(COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index, role)
        finding = self.finding(index)
        if finding is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return finding.rule
            if column == 1:
                return finding.message
            if column == 2:
                return finding_dates(finding)
            return finding_concerns(finding)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(finding)
        if role == FINDING_ROLE:
            return finding
        if role == SEVERITY_ROLE:
            return finding.severity
        return None

    def _group_data(self, index: _Index, role: int) -> Any:
        severity, group = self._groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return f"{GROUP_LABELS[severity]} ({len(group)})"
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._icons.get(severity)
        if role == SEVERITY_ROLE:
            return severity
        return None


class FindingsDock(QDockWidget):
    """The dock: a severity filter, a summary line and the findings tree."""

    activated = Signal(str, str)  # kind (person/rotation/mission/authorisation), key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Findings", parent)
        self.setObjectName("findingsDock")  # saveState() needs it
        self.model = FindingsModel(self)
        style = self.style()
        self.model.set_icons(
            {
                "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
                "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
            }
        )

        self.filter_box = QComboBox()
        self.filter_box.setAccessibleName("Show findings of severity")
        self.filter_box.addItem("All findings", None)
        for severity in SEVERITIES:
            self.filter_box.addItem(f"{GROUP_LABELS[severity]} only", severity)
        self.filter_box.currentIndexChanged.connect(self._filter_changed)
        self.summary = QLabel("Not checked yet")

        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setExpandsOnDoubleClick(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would measure every row on each refresh.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("2027-02-15 – 2027-02-28__"))
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 170)
        header.resizeSection(3, 160)
        self.view.activated.connect(self._activate)

        top = QHBoxLayout()
        top.addWidget(self.filter_box)
        top.addWidget(self.summary, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.setWidget(body)
        self._collapsed: set[str] = set()
        self.view.collapsed.connect(lambda i: self._collapsed.add(str(i.data(SEVERITY_ROLE))))
        self.view.expanded.connect(lambda i: self._collapsed.discard(str(i.data(SEVERITY_ROLE))))

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Show ``findings``, keeping the groups the planner collapsed and the selection."""
        selected = self.current_finding()
        self.model.set_findings(findings)
        self.summary.setText(counts_text(self.model.counts()))
        self._restore_expansion()
        if selected is not None:
            source = self.model.index_of(selected)
            if source.isValid():
                self.view.setCurrentIndex(source)

    def findings(self) -> list[Finding]:
        return self.model.findings()

    def current_finding(self) -> Finding | None:
        index = self.view.currentIndex()
        return self.model.finding(index) if index.isValid() else None

    def set_severity_filter(self, severity: str | None) -> None:
        self.filter_box.setCurrentIndex(self.filter_box.findData(severity))

    def _filter_changed(self) -> None:
        self.model.set_severity(self.filter_box.currentData())
        self._restore_expansion()

    def _restore_expansion(self) -> None:
        # Expanding emits expanded(), which would clear _collapsed: work on a copy.
        collapsed = set(self._collapsed)
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            # A huge group starts collapsed: laying out 100,000 rows would freeze the
            # window for a second after every edit. The planner can still expand it.
            small = self.model.group_size(row) <= AUTO_EXPAND_LIMIT
            wanted = small and str(index.data(SEVERITY_ROLE)) not in collapsed
            self.view.setExpanded(index, wanted)
        self._collapsed = collapsed

    def _activate(self, index: QModelIndex) -> None:
        finding = self.model.finding(index)
        if finding is None:
            return
        target = finding_target(finding)
        if target is not None:
            self.activated.emit(*target)


class CheckController(QObject):
    """Keeps the findings fresh: reruns the incremental check on the worker after edits.

    Edits in quick succession coalesce: while a check runs, further change sets wait and
    the checker then runs once more with all of them, in order."""

    findings_changed = Signal(object)  # list[Finding]; object: passed as is, not copied
    overview_changed = Signal(object)  # planner.queries.overview.Overview, after findings
    checking_changed = Signal(bool)

    def __init__(
        self,
        plan: Plan,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else runner)
        self.plan = plan
        self.runner = runner
        self.today = today or dt.date.today
        self.findings: list[Finding] = []
        # The overview page's numbers, shaped from the checker's own state in the same
        # job (no second read of the plan); None until the first check.
        self.overview: Overview | None = None
        self._checker: Any = None  # planner.rules.engine.IncrementalChecker, made on first use
        self._running = False
        self._pending: list[ChangeSet | None] = []
        self.refresh_count = 0  # finished refreshes (tests and the status bar use it)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def checker(self) -> Any:
        """The IncrementalChecker (None before the first check); read it only while the
        controller is not running: the worker owns it meanwhile."""
        return self._checker

    def refresh(self, change_set: ChangeSet | None = None) -> None:
        """Recheck after ``change_set`` (None: anything may have changed)."""
        self._pending.append(change_set)
        if not self._running:
            self._start()

    def check_now(self) -> None:
        """Plan ▸ Check plan: a full check with a progress dialog that can be cancelled.

        The incremental checker keeps its own state; this only replaces the findings
        shown (they are the same findings, computed from scratch)."""
        plan = self.plan

        def work(progress: Progress) -> list[Finding]:
            from planner.rules.engine import check_plan

            return check_plan(plan, progress)

        self.runner.run("Checking the plan", work, self._checked_in_full)

    def _checked_in_full(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.findings_changed.emit(findings)

    @staticmethod
    def summary_text(findings: Sequence[Finding]) -> str:
        return summary_text(findings)

    def _start(self) -> None:
        batch, self._pending = self._pending, []
        # One None (reload everything) makes the change sets before it irrelevant.
        if any(change_set is None for change_set in batch):
            batch = [None]
        self._running = True
        self.checking_changed.emit(True)
        self.runner.run(
            "Checking the plan",
            lambda progress: self._work(batch, progress),
            self._done,
            self._failed,
            on_cancel=self._cancelled,
            quiet=True,
        )

    def _work(
        self, batch: list[ChangeSet | None], progress: Progress
    ) -> tuple[list[Finding], Overview]:
        # Runs on the worker thread: touches the checker and the database, never a widget.
        from planner.queries.overview import checker_overview
        from planner.rules.engine import IncrementalChecker

        if self._checker is None:
            # Made now, it checks the plan as it is: every change in the batch is in it.
            self._checker = IncrementalChecker(self.plan, progress)
            batch = []
        findings: list[Finding] = self._checker.findings
        for change_set in batch:
            findings = self._checker.refresh(change_set)
        return findings, checker_overview(self._checker, findings, self.today())

    def _finish(self) -> None:
        self._running = False
        if self._pending:
            self._start()
        else:
            self.checking_changed.emit(False)

    def _done(self, result: tuple[list[Finding], Overview]) -> None:
        self.findings, self.overview = result
        self.refresh_count += 1
        # Not running while the listeners look (they may read .overview or refresh).
        self._running = False
        self.findings_changed.emit(self.findings)
        self.overview_changed.emit(self.overview)
        self._finish()

    def _failed(self, exc: BaseException) -> None:
        # The next refresh starts from a full check rather than a checker in doubt.
        self._checker = None
        self._finish()
        from ui.errors import show_error

        parent = self.runner.parent()
        show_error(parent if isinstance(parent, QWidget) else None, exc, title="Check")

    def _cancelled(self) -> None:
        self._checker = None
        self._finish()
