"""The findings dock: the check's findings grouped by severity, a severity filter and the
counts; ``activated(kind, key)`` when the planner double-clicks (or presses Enter on) a
finding, so the window can select the person, rotation, mission or authorisation
concerned. The model is ui.findings.model; the checks that feed it, ui.ops.checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QModelIndex, Signal
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

from planner.app import Finding
from ui.findings.model import (
    SEVERITIES,
    SEVERITY_ROLE,
    FindingsModel,
    counts_text,
    finding_target,
    group_label,
)
from ui.resources import Icon, icon

AUTO_EXPAND_LIMIT: Final = 5000


class FindingsDock(QDockWidget):
    """The dock: a severity filter, a summary line and the findings tree."""

    activated = Signal(str, str)  # kind (person/rotation/mission/authorisation), key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Findings"))
        self.setObjectName("findingsDock")  # saveState() needs it
        self.model = FindingsModel(self)
        self.model.set_icons(
            {"error": icon(Icon.ERROR), "warning": icon(Icon.WARNING), "info": icon(Icon.INFO)}
        )

        self.filter_box = QComboBox()
        self.filter_box.setAccessibleName(self.tr("Show findings of severity"))
        self.filter_box.addItem(self.tr("All findings"), None)
        for severity in SEVERITIES:
            self.filter_box.addItem(
                self.tr("{group} only").format(group=group_label(severity)), severity
            )
        self.filter_box.currentIndexChanged.connect(self._filter_changed)
        self.summary = QLabel(self.tr("Not checked yet"))

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
        # A person on a rotation of a mission, whole (longer ones end in "…"; the message
        # names them all).
        header.resizeSection(
            3, self.fontMetrics().horizontalAdvance("UNIFIL · KAZCOY-R16 · KZ-101442__")
        )
        self._fitted_width = 0  # the Rule column's width for the widest text seen so far
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
        self._fit_rule_column()
        self._restore_expansion()
        if selected is not None:
            source = self.model.index_of(selected)
            if source.isValid():
                self.view.setCurrentIndex(source)

    def findings(self) -> list[Finding]:
        return self.model.findings()

    def _fit_rule_column(self) -> None:
        """Widen the Rule column to its widest text: the rule names present and the group
        labels (a fixed width cut "unauthorised-mission" on a laptop screen). From names,
        not rows: measuring every row (ResizeToContents) would cost a second on 100,000
        findings. Only when the content grows past what was fitted before, so a width the
        planner chose stays until a longer name arrives."""
        metrics = self.view.fontMetrics()
        indent = self.view.indentation()
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        rules = max(map(metrics.horizontalAdvance, self.model.rules()), default=0)
        labels = [str(self.model.index(row, 0).data()) for row in range(self.model.rowCount())]
        groups = max(map(metrics.horizontalAdvance, labels), default=0)
        # Findings sit one level in (two indentations); groups have an icon before them.
        wanted = (
            max(2 * indent + rules, indent + icon + 6 + groups) + 3 * metrics.averageCharWidth()
        )
        if wanted > self._fitted_width:
            self._fitted_width = wanted
            header = self.view.header()
            if header.sectionSize(0) < wanted:
                header.resizeSection(0, wanted)

    def current_finding(self) -> Finding | None:
        index = self.view.currentIndex()
        return self.model.finding(index) if index.isValid() else None

    def set_severity_filter(self, severity: str | None) -> None:
        self.filter_box.setCurrentIndex(self.filter_box.findData(severity))

    def show_severity(self, severity: str) -> None:
        """Bring the dock forward showing only the findings of ``severity``."""
        self.show()
        self.raise_()
        self.set_severity_filter(severity)

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
