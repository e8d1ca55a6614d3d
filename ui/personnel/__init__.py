"""The Personnel tab: everyone, with their assignments, credentials and absences."""

from __future__ import annotations

from ui.feature.context import FeatureContext
from ui.feature.mount import Feature, Mounted


def mount(ctx: FeatureContext) -> Mounted:
    from ui.personnel.view import PersonnelView

    return Mounted(tabs=[PersonnelView(ctx)])


FEATURE = Feature("personnel", mount=mount)
