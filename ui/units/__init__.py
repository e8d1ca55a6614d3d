"""The Units and rotations tab: units, their rotations, each rotation's roster."""

from __future__ import annotations

from ui.feature.context import FeatureContext
from ui.feature.mount import Feature, Mounted


def mount(ctx: FeatureContext) -> Mounted:
    from ui.units.view import UnitsView

    return Mounted(tabs=[UnitsView(ctx)])


FEATURE = Feature("units", mount=mount)
