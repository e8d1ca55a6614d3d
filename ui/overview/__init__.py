"""The Overview: headcount today against the ceilings, the next rotations, the findings
counted; rendered from the figures the check publishes."""

from __future__ import annotations

from ui.feature.context import FeatureContext
from ui.feature.mount import Feature, Mounted


def mount(ctx: FeatureContext) -> Mounted:
    from ui.overview.tab import OverviewTab

    return Mounted(tabs=[OverviewTab(ctx)])


FEATURE = Feature("overview", mount=mount)
