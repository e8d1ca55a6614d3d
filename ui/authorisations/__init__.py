"""The Authorisations tab: what parliament approved, with its missions and ceilings."""

from __future__ import annotations

from ui.feature.context import FeatureContext
from ui.feature.mount import Feature, Mounted


def mount(ctx: FeatureContext) -> Mounted:
    from ui.authorisations.view import AuthorisationsView

    return Mounted(tabs=[AuthorisationsView(ctx)])


FEATURE = Feature("authorisations", mount=mount)
