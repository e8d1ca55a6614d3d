"""The Overview tab: the page, fed by the check's published figures."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from planner.queries.overview import Overview
from planner.rules.findings import Finding, summarise
from ui.feature.context import FeatureContext
from ui.feature.tab import FeatureTab
from ui.overview.page import OverviewWidget


class OverviewTab(FeatureTab):
    """Shows each overview the check publishes; a full check's findings update the
    counts. Nothing here reads the plan."""

    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx, self.tr("Overview"))
        self.page = OverviewWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        self.page.activated.connect(ctx.show_record)
        self.page.findings_requested.connect(ctx.events.findings_requested)
        ctx.events.overview_changed.connect(self._overview_changed)
        ctx.events.findings_changed.connect(self._findings_changed)

    def _overview_changed(self, overview: Overview) -> None:
        self.page.set_overview(overview)

    def _findings_changed(self, findings: list[Finding]) -> None:
        self.page.set_findings(summarise(findings))
