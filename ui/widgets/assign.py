"""Assign a person to a unit rotation or to an individual post (observer, staff officer)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget

from planner.app import FieldSpec, spec
from planner.domain import ASSIGNMENT_STATUSES, INDIVIDUAL_CATEGORIES
from planner.errors import FieldProblem
from ui.widgets.date_edit import DateEditor
from ui.widgets.editor import Editor
from ui.widgets.editors import ChoiceEditor, RefEditor, TextEditor
from ui.widgets.form import FormDialog, Submit

translate = QCoreApplication.translate

INDIVIDUAL = tuple(c for c in ("observer", "staff") if c in INDIVIDUAL_CATEGORIES)


class _PostKind(Editor):
    def __init__(self) -> None:
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.rotation = QRadioButton(translate("AssignDialog", "Unit rotation"))
        self.individual = QRadioButton(
            translate("AssignDialog", "Individual post (observer, staff officer)")
        )
        self.group = QButtonGroup(self.widget)
        for button in (self.rotation, self.individual):
            self.group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.rotation.setChecked(True)

    def value(self) -> str:
        return "rotation" if self.rotation.isChecked() else "individual"

    def set_value(self, value: Any) -> None:
        (self.individual if value == "individual" else self.rotation).setChecked(True)


class AssignDialog(FormDialog):
    """``submit`` receives the keyword arguments of services.assign_person."""

    def __init__(
        self,
        parent: QWidget | None,
        submit: Submit,
        choices: Mapping[str, list[tuple[int, str]]],
        *,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent, translate("AssignDialog", "Assign a person"), submit)
        rotation_start = translate("AssignDialog", "the rotation's start")
        rotation_end = translate("AssignDialog", "the rotation's end")
        self.kind = _PostKind()
        self.add_row(
            "person_id",
            translate("AssignDialog", "Person"),
            RefEditor(spec("assignment", "person_id"), choices.get("person", [])),
            True,
        )
        self.add_row("post", translate("AssignDialog", "Post"), self.kind)
        self.add_row(
            "rotation_id",
            translate("AssignDialog", "Rotation"),
            RefEditor(
                FieldSpec("rotation_id", "Rotation", "ref", required=True, ref="rotation"),
                choices.get("rotation", []),
            ),
            True,
        )
        self.add_row(
            "mission_id",
            translate("AssignDialog", "Mission"),
            RefEditor(
                FieldSpec("mission_id", "Mission", "ref", required=True, ref="mission"),
                choices.get("mission", []),
            ),
            True,
        )
        self.add_row(
            "category",
            translate("AssignDialog", "Category"),
            ChoiceEditor(
                FieldSpec("category", "Category", "choice", required=True, choices=INDIVIDUAL),
                INDIVIDUAL,
            ),
            True,
        )
        self.add_row(
            "role",
            translate("AssignDialog", "Role"),
            TextEditor(
                spec("assignment", "role"),
                translate("AssignDialog", "for example Military observer"),
            ),
        )
        self.add_row(
            "starts_on",
            translate("AssignDialog", "Starts on"),
            DateEditor(spec("assignment", "starts_on"), optional_text=rotation_start),
        )
        self.add_row(
            "ends_on",
            translate("AssignDialog", "Ends on"),
            DateEditor(spec("assignment", "ends_on"), optional_text=rotation_end),
        )
        status = FieldSpec(
            "status",
            translate("AssignDialog", "Status"),
            "choice",
            required=True,
            choices=ASSIGNMENT_STATUSES,
            default="planned",
        )
        self.add_row("status", translate("AssignDialog", "Status"), ChoiceEditor(status))
        self.kind.rotation.toggled.connect(self._post_changed)
        if values:
            self.set_values(values)
        self._post_changed()

    @property
    def individual(self) -> bool:
        return self.kind.value() == "individual"

    def _post_changed(self, *_args: object) -> None:
        individual = self.individual
        self.set_row_visible("rotation_id", not individual)
        self.set_row_visible("mission_id", individual)
        self.set_row_visible("category", individual)
        # Empty dates mean "as the rotation" on a rotation; an individual post needs both.
        for name, hint in (
            ("starts_on", translate("AssignDialog", "the rotation's start")),
            ("ends_on", translate("AssignDialog", "the rotation's end")),
        ):
            editor = self.editors[name]
            assert isinstance(editor, DateEditor)
            editor.empty_label.setText(translate("AssignDialog", "none") if individual else hint)

    def local_problems(self) -> list[FieldProblem]:
        problems = super().local_problems()
        named = {p.field for p in problems}
        needed = ("mission_id", "category") if self.individual else ("rotation_id",)
        for name in needed:
            if name not in named and self.editors[name].value() in (None, ""):
                problems.append(FieldProblem(name, translate("AssignDialog", "is required")))
        if self.editors["person_id"].value() is None and "person_id" not in named:
            problems.append(FieldProblem("person_id", translate("AssignDialog", "is required")))
        return problems

    def submit_values(self) -> dict[str, Any]:
        values = self.values()
        individual = values.pop("post") == "individual"
        return {
            "person_id": values["person_id"],
            "rotation_id": None if individual else values["rotation_id"],
            "mission_id": values["mission_id"] if individual else None,
            "category": values["category"] if individual else None,
            "role": values["role"] or "",
            "starts_on": values["starts_on"],
            "ends_on": values["ends_on"],
            "status": values["status"] or "planned",
        }
