"""Plan ▸ Settings: the plan's rule parameters, credential requirements and gender
targets, edited like every other record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.feature.actions import Action, ActionSpec, Menu
from ui.feature.context import FeatureContext
from ui.feature.mount import Feature

if TYPE_CHECKING:
    from ui.settings.view import PlanSettingsDialog


def settings_actions(ctx: FeatureContext) -> Sequence[ActionSpec]:
    dialog: list[PlanSettingsDialog] = []  # made on first use

    def open_settings() -> None:
        from ui.settings.view import PlanSettingsDialog

        if not dialog:
            dialog.append(PlanSettingsDialog(ctx))
        shown = dialog[0]
        shown.view.apply_read_only()
        shown.show()
        shown.raise_()

    spec = ActionSpec(
        Action.PLAN_SETTINGS,
        QCoreApplication.translate("PlanSettings", "&Settings…"),
        Menu.PLAN,
        open_settings,
        group=1,
    )
    return [spec]


FEATURE = Feature("settings", actions=settings_actions)
