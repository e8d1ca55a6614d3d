"""The findings as a Qt model: severity groups → findings, and the texts shown for them.

``FindingsModel`` is a two-level tree over plain ``Finding`` rows (the engine's sorted
list, grouped by severity, filtered by one severity if asked). The helpers say what a
finding concerns, its dates, and the counts line of the status bar and the dock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any, Final, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon

from planner.app import Finding
from ui.i18n import QT_TRANSLATE_NOOP, plurals

translate = QCoreApplication.translate
SEVERITIES: Final = ("error", "warning", "info")
GROUP_LABELS: Final = {
    "error": QT_TRANSLATE_NOOP("Findings", "Errors"),
    "warning": QT_TRANSLATE_NOOP("Findings", "Warnings"),
    "info": QT_TRANSLATE_NOOP("Findings", "Notes"),
}
"""Source texts: ``group_label`` translates them."""
COLUMNS: Final = (
    QT_TRANSLATE_NOOP("Findings", "Rule"),
    QT_TRANSLATE_NOOP("Findings", "Message"),
    QT_TRANSLATE_NOOP("Findings", "Dates"),
    QT_TRANSLATE_NOOP("Findings", "Concerns"),
)
FINDING_ROLE: Final = Qt.ItemDataRole.UserRole + 1
SEVERITY_ROLE: Final = Qt.ItemDataRole.UserRole + 2
# Double-click goes to the most specific thing a finding names.
TARGET_KINDS: Final = ("person", "rotation", "mission", "authorisation")

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def summary_text(findings: Sequence[Finding]) -> str:
    """For the status bar: "3 errors, 5 warnings, 1 note" (or "No findings")."""
    return counts_text(Counter(map(attrgetter("severity"), findings)))


def group_label(severity: str) -> str:
    """ "Errors", "Warnings", "Notes"."""
    return translate("Findings", GROUP_LABELS[severity])


def count_text(severity: str, count: int) -> str:
    """ "1 error", "5 warnings", "2 notes"."""
    if severity == "error":
        return plurals().errors(count)
    if severity == "warning":
        return plurals().warnings(count)
    return plurals().notes(count)


def counts_text(counts: Mapping[str, int]) -> str:
    """ "3 errors, 5 warnings, 1 note" from counts per severity."""
    parts = [count_text(s, counts.get(s, 0)) for s in SEVERITIES if counts.get(s, 0)]
    return ", ".join(parts) if parts else translate("Findings", "No findings")


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
        return translate("Findings", "from {start}").format(start=finding.start)
    return finding.start or finding.end or ""


def finding_concerns(finding: Finding) -> str:
    """What the finding is about, most specific last: "UNDOF · KAZCON-R04 · 123456"."""
    keys = (finding.authorisation, finding.mission, finding.rotation, finding.person)
    return " · ".join(key for key in keys if key)


def _tooltip(finding: Finding) -> str:
    lines = [finding.message]
    if finding.value is not None and finding.limit is not None:
        lines.append(
            translate("Findings", "Value {value}, limit {limit}").format(
                value=finding.value, limit=finding.limit
            )
        )
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
        self._rules: frozenset[str] = frozenset()
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
        self._rules = frozenset(map(attrgetter("rule"), self._all))
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

    def rules(self) -> frozenset[str]:
        """The names of the rules with findings (the dock sizes its Rule column by them)."""
        return self._rules

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
            return translate("Findings", COLUMNS[section])
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
            return translate("Findings", "{group} ({count})").format(
                group=group_label(severity), count=len(group)
            )
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._icons.get(severity)
        if role == SEVERITY_ROLE:
            return severity
        return None
