"""The Missions tab: every mission, the authorisations listing it, who is on it today."""

from __future__ import annotations

from ui.feature.context import FeatureContext
from ui.feature.mount import Feature, Mounted


def mount(ctx: FeatureContext) -> Mounted:
    from ui.missions.view import MissionsView

    return Mounted(tabs=[MissionsView(ctx)])


FEATURE = Feature("missions", mount=mount)
