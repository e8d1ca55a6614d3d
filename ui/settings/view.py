"""Plan ▸ Settings: the rule parameters of the plan, the credential requirements and the
gender targets, each edited through the same undoable operations as everything else."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.app import FIELDS, SETTINGS_ID
from ui.feature.context import FeatureContext
from ui.feature.tab import FeatureTab
from ui.widgets.table_model import format_value
from ui.widgets.table_panel import TablePanel


class PlanSettingsView(FeatureTab):
    depends_on = frozenset({"settings", "credential_requirement", "gender_target"})

    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx, self.tr("Settings"))
        self.values: dict[str, QLabel] = {}
        self._version: int | None = None
        rules = QGroupBox(self.tr("Rule parameters"))
        form = QFormLayout(rules)
        for spec in FIELDS["settings"]:
            label = QLabel()
            self.values[spec.name] = label
            form.addRow(spec.label, label)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self._edit_rules)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_button)
        form.addRow(row)

        self.requirements = TablePanel(
            self.tr("Credential requirements"), self.row_actions("credential_requirement")
        )
        self.targets = TablePanel(self.tr("Gender targets"), self.row_actions("gender_target"))
        self.tabs = QTabWidget()
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(rules)
        note = QLabel(
            self.tr(
                "Observers and staff officers are checked against the age range, the years "
                "since commissioning and the minimum rank; every assignment against the "
                "minimum rest and the credential requirements."
            )
        )
        note.setWordWrap(True)
        page_layout.addWidget(note)
        page_layout.addStretch(1)
        self.tabs.addTab(page, self.tr("Rules"))
        self.tabs.addTab(self.requirements, self.tr("Credential requirements"))
        self.tabs.addTab(self.targets, self.tr("Gender targets"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    @property
    def main_panel(self) -> TablePanel | None:
        return self.requirements

    def refresh(
        self, entities: set[str] | None = None, ids: Mapping[str, set[int]] | None = None
    ) -> None:
        self.loaded = True
        if entities is None or "settings" in entities:
            current = self.session.settings()
            self._version = current["version"]
            for spec in FIELDS["settings"]:
                kind = "share" if spec.kind == "float" else "text"
                self.values[spec.name].setText(format_value(kind, current.get(spec.name)))
        if entities is None or "credential_requirement" in entities:
            self.requirements.load(self.session.credential_requirements())
        if entities is None or "gender_target" in entities:
            self.targets.load(self.session.gender_targets())

    def apply_read_only(self) -> None:
        super().apply_read_only()
        self.edit_button.setEnabled(not self.read_only)

    def _edit_rules(self) -> None:
        self.edits.edit("settings", SETTINGS_ID, self._version)


class PlanSettingsDialog(QDialog):
    def __init__(self, ctx: FeatureContext) -> None:
        super().__init__(ctx.dialog_parent())
        self.setWindowTitle(self.tr("Plan settings"))
        self.view = PlanSettingsView(ctx)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(640, 480)
