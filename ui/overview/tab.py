"""The Overview tab: the page, fed by the check's published figures."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from ui.feature.context import FeatureContext
from ui.feature.tab import FeatureTab
from ui.overview.page import OverviewWidget


class OverviewTab(FeatureTab):
    """Shows the PlanFacts each check publishes. Nothing here reads the plan."""

    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx, self.tr("Overview"))
        self.page = OverviewWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        self.page.activated.connect(ctx.show_record)
        self.page.findings_requested.connect(ctx.events.findings_requested)
        ctx.events.facts_changed.connect(self.page.set_facts)
