"""Add and edit dialogs built from planner.fields.FIELDS, with each problem shown under its
field.

A dialog does not save anything itself: OK hands the raw values to ``submit``, which
starts the save off the GUI thread and tells the dialog how it went: ``saved()`` closes
it, ``refused(problems)`` keeps it open with every problem next to the field it names.
While the save runs the dialog is busy (OK disabled), and the window keeps repainting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from planner.app import FIELDS, FieldSpec
from planner.errors import FieldProblem, ValidationError
from ui.widgets.editor import Editor
from ui.widgets.editors import make_editor

translate = QCoreApplication.translate

Submit = Callable[[dict[str, Any]], None]
"""Start saving these values; the dialog hears back through saved() or refused()."""
ERROR_STYLE = "color: #b3261e;"


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class FormDialog(QDialog):
    """A form of editors, each with an error line under it, and OK / Cancel."""

    def __init__(self, parent: QWidget | None, title: str, submit: Submit) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._submit = submit
        self._busy = False
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, str] = {}
        self.rows: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        self.general_error = _error_label()
        outer.addWidget(self.general_error)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.setMinimumWidth(460)

    @property
    def ok_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def add_row(self, name: str, label: str, editor: Editor, required: bool = False) -> None:
        """One field: its label (a star when required), the editor, its error line."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor.widget)
        error = _error_label()
        column.addWidget(error)
        shown = translate("FormDialog", "{label} *").format(label=label) if required else label
        self.form.addRow(shown, box)
        self.editors[name] = editor
        self.errors[name] = error
        self.labels[name] = label
        self.rows[name] = box

    def set_row_visible(self, name: str, visible: bool) -> None:
        self.form.setRowVisible(self.rows[name], visible)

    # -- values and problems -------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def set_values(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            if name in self.editors:
                self.editors[name].set_value(value)

    def clear_problems(self) -> None:
        self.general_error.hide()
        self.general_error.clear()
        for label in self.errors.values():
            label.hide()
            label.clear()

    def show_problems(self, problems: Iterable[FieldProblem]) -> None:
        """Each problem under its field; one naming no field of this form goes on top."""
        self.clear_problems()
        general: list[str] = []
        first: str | None = None
        for problem in problems:
            label = self.errors.get(problem.field)
            if label is None:
                named = self.labels.get(problem.field, problem.field.replace("_", " "))
                general.append(
                    translate("FormDialog", "{field}: {problem}").format(
                        field=named, problem=problem.message
                    )
                    if problem.field
                    else problem.message
                )
                continue
            text = problem.message
            label.setText(
                translate("FormDialog", "{problems}; {problem}").format(
                    problems=label.text(), problem=text
                )
                if label.text()
                else text
            )
            label.show()
            first = first or problem.field
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first is not None:
            self.editors[first].widget.setFocus()
        self.adjustSize()

    def problem_text(self, name: str) -> str:
        """The problem shown under field ``name`` ("" when none): for tests and the eye."""
        label = self.errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def general_problem_text(self) -> str:
        return self.general_error.text() if not self.general_error.isHidden() else ""

    def local_problems(self) -> list[FieldProblem]:
        return [
            FieldProblem(name, problem)
            for name, editor in self.editors.items()
            if (problem := editor.local_problem())
        ]

    def submit_values(self) -> dict[str, Any]:
        """What OK hands to ``submit``; subclasses reshape it."""
        return self.values()

    @property
    def busy(self) -> bool:
        """Whether a save is on its way (OK is disabled meanwhile)."""
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy)

    def try_submit(self) -> None:
        """OK: problems the dialog can see itself stop here; else the save starts."""
        if self._busy:
            return
        self.clear_problems()
        local = self.local_problems()
        if local:
            self.show_problems(local)
            return
        self.set_busy(True)
        try:
            self._submit(self.submit_values())
        except ValidationError as exc:
            self.refused(exc.problems)

    def saved(self) -> None:
        """The save went through: close."""
        self.set_busy(False)
        self.accept()

    def refused(self, problems: Iterable[FieldProblem]) -> None:
        """The save was refused for these problems: show them, stay open."""
        self.set_busy(False)
        self.show_problems(problems)

    def failed(self) -> None:
        """The save failed otherwise (the window said why): stay open, nothing lost."""
        self.set_busy(False)


class EntityDialog(FormDialog):
    """Add or edit one record of ``entity``: a row per field of FIELDS[entity]."""

    def __init__(
        self,
        parent: QWidget | None,
        entity: str,
        title: str,
        submit: Submit,
        *,
        values: Mapping[str, Any] | None = None,
        choices: Mapping[str, list[tuple[int, str]]] | None = None,
        locked: Iterable[str] = (),
    ) -> None:
        super().__init__(parent, title, submit)
        self.entity = entity
        self.specs: dict[str, FieldSpec] = {}
        choices = choices or {}
        for spec in FIELDS[entity]:
            editor = make_editor(spec, choices.get(spec.ref) if spec.kind == "ref" else None)
            self.specs[spec.name] = spec
            self.add_row(spec.name, spec.label, editor, spec.required)
        if values:
            self.set_values(values)
        for name in locked:
            if name in self.editors:
                self.editors[name].set_enabled(False)
