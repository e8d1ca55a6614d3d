"""File ▸ Import workbook, Export plan workbook, Export roster, Back up now."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from ui.feature.actions import Action, ActionSpec, Menu, Needs
from ui.feature.context import FeatureContext
from ui.feature.mount import Feature
from ui.resources import Icon

translate = QCoreApplication.translate


def file_actions(ctx: FeatureContext) -> Sequence[ActionSpec]:
    # Each imports its work when triggered: the menus are made before the planner loads.
    def import_workbook() -> None:
        from ui.files.actions import import_workbook

        import_workbook(ctx)

    def export_plan() -> None:
        from ui.files.actions import export_plan

        export_plan(ctx)

    def export_roster() -> None:
        from ui.files.actions import export_roster

        export_roster(ctx)

    def backup_now() -> None:
        from ui.files.actions import backup_now

        backup_now(ctx)

    return [
        ActionSpec(
            Action.IMPORT,
            translate("Files", "&Import workbook…"),
            Menu.FILE,
            import_workbook,
            group=1,
            shortcut="Ctrl+I",
            icon=Icon.IMPORT,
            tip=translate(
                "Files",
                "Merge a plan workbook (.xlsx) into this plan; nothing is written if a "
                "row is wrong",
            ),
            needs=Needs.WRITABLE,
            toolbar=20,
        ),
        ActionSpec(
            Action.EXPORT_PLAN,
            translate("Files", "&Export plan workbook…"),
            Menu.FILE,
            export_plan,
            group=1,
            shortcut="Ctrl+E",
            icon=Icon.EXPORT,
            tip=translate("Files", "Write the whole plan to a plan workbook (.xlsx)"),
            toolbar=21,
        ),
        ActionSpec(
            Action.EXPORT_ROSTER,
            translate("Files", "Export &roster…"),
            Menu.FILE,
            export_roster,
            group=1,
            shortcut="Ctrl+Shift+E",
            icon=Icon.ROSTER,
            tip=translate("Files", "Write the roster of a rotation or a mission, with its checks"),
            toolbar=22,
        ),
        ActionSpec(
            Action.BACKUP,
            translate("Files", "&Back up now"),
            Menu.FILE,
            backup_now,
            group=1,
            shortcut="Ctrl+B",
            icon=Icon.BACKUP,
        ),
    ]


FEATURE = Feature("files", actions=file_actions)
