"""The findings counted in the status bar: "Checking…" while a check runs."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from planner.app import Finding
from ui.feature.context import FeatureContext
from ui.findings.model import summary_text


class FindingsLabel(QLabel):
    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__()
        self.setObjectName("findingsLabel")
        ctx.events.checking.connect(lambda: self.setText(self.tr("Checking…")))
        ctx.events.findings_changed.connect(self._findings_changed)

    def _findings_changed(self, findings: list[Finding]) -> None:
        self.setText(summary_text(findings))
