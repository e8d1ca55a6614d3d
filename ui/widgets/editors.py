"""One editor widget per field kind of planner.fields: what a dialog is built from.

Editors hand back raw values (text, dates, ids); the service coerces and validates them,
so a dialog and a workbook import share one set of rules and messages. The only checks
done here are the ones the service cannot do: a reference typed as text that names no
record.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from planner.app import FieldSpec, choice_key, entity_label
from ui.widgets.date_edit import DateEditor
from ui.widgets.editor import Editor, hint

translate = QCoreApplication.translate


class TextEditor(Editor):
    def __init__(self, spec: FieldSpec, placeholder: str = "") -> None:
        self.widget = self.line = QLineEdit()
        self.line.setMaxLength(spec.max_length)
        if placeholder:
            self.line.setPlaceholderText(placeholder)

    def value(self) -> Any:
        return self.line.text()

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))
        self.line.setCursorPosition(0)  # a long title shows its start, not its tail


class NumberEditor(TextEditor):
    """Whole numbers as text: empty means none, and a typo gets the service's message."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec, "" if spec.required else translate("Editors", "none"))
        self.line.setMaxLength(12)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line.setMaximumWidth(140)


class ShareEditor(TextEditor):
    """A share between 0 and 1, shown and typed in per cent ("15 %")."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec, translate("Editors", "for example 15 %"))
        self.line.setMaximumWidth(140)

    def set_value(self, value: Any) -> None:
        if isinstance(value, int | float):
            self.line.setText(f"{float(value) * 100:g} %")
        else:
            super().set_value(value)


class ChoiceEditor(Editor):
    """A fixed list (ranks, categories, statuses); an empty entry where none is a choice."""

    def __init__(self, spec: FieldSpec, choices: tuple[str, ...] | None = None) -> None:
        self.widget = self.combo = QComboBox()
        self.blank = not spec.required or spec.default is None
        items = list(choices if choices is not None else spec.choices)
        self.combo.addItems(([""] if self.blank else []) + items)
        if spec.default is not None:
            self.set_value(spec.default)

    def value(self) -> str | None:
        return self.combo.currentText() or None

    def set_value(self, value: Any) -> None:
        index = self.combo.findText("" if value is None else str(value))
        if index >= 0:
            self.combo.setCurrentIndex(index)


class RefEditor(Editor):
    """A reference shown by natural key: a combo box to pick from, typing completes."""

    def __init__(self, spec: FieldSpec, choices: list[tuple[int, str]]) -> None:
        self.widget = self.combo = QComboBox()
        self.required = spec.required
        self.label = entity_label(spec.ref)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(15)
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # The whole field's width: labels such as "KZ-105544 — Senior Sergeant Abenov
        # Nursultan" lost their key (the part that matters) in a 24-character box.
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        labels = ([] if self.required else [""]) + [label for _, label in choices]
        self._ids: list[int | None] = ([] if self.required else [None]) + [i for i, _ in choices]
        # Typed text is matched against the whole label or its natural key alone.
        self._by_text: dict[str, int] = {}
        for row_id, label in choices:
            self._by_text[label.casefold()] = row_id
            self._by_text.setdefault(choice_key(label).casefold(), row_id)
        self._labels = QStringListModel(labels)
        self.combo.setModel(self._labels)
        completer = QCompleter(self._labels, self.combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self.combo.setCurrentIndex(-1 if self.required else 0)
        if self.required:
            self.combo.setEditText("")

    def value(self) -> int | None:
        text = self.combo.currentText().strip()
        if not text:
            return None
        return self._by_text.get(text.casefold())

    def local_problem(self) -> str | None:
        text = self.combo.currentText().strip()
        if text and text.casefold() not in self._by_text:
            return translate("Editors", "there is no {kind} '{text}'").format(
                kind=self.label, text=text
            )
        return None

    def set_value(self, value: Any) -> None:
        if value is None:
            self.combo.setCurrentIndex(-1 if self.required else 0)
            self.combo.setEditText("")
            return
        try:
            self.combo.setCurrentIndex(self._ids.index(int(value)))
        except ValueError:
            self.combo.setEditText(str(value))
        self._show_start()

    def _show_start(self) -> None:
        line = self.combo.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # the natural key first, if the label is cut

    def set_text(self, text: str) -> None:
        """Type ``text`` as a planner would (tests and 'assign' presets)."""
        self.combo.setEditText(text)


class CategoriesEditor(Editor):
    """A subset of the categories; none ticked means every category is allowed."""

    def __init__(self, spec: FieldSpec) -> None:
        self.widget = QWidget()
        layout = QHBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = {choice: QCheckBox(choice) for choice in spec.choices}
        for box in self.boxes.values():
            layout.addWidget(box)
        layout.addWidget(hint(translate("Editors", "none ticked: all")), 1)

    def value(self) -> str:
        return ",".join(name for name, box in self.boxes.items() if box.isChecked())

    def set_value(self, value: Any) -> None:
        chosen = {part.strip() for part in str(value or "").split(",")}
        for name, box in self.boxes.items():
            box.setChecked(name in chosen)


def make_editor(spec: FieldSpec, choices: list[tuple[int, str]] | None = None) -> Editor:
    """The editor for one field of planner.fields.FIELDS."""
    if spec.kind == "date":
        return DateEditor(spec)
    if spec.kind == "choice":
        return ChoiceEditor(spec)
    if spec.kind == "ref":
        return RefEditor(spec, choices or [])
    if spec.kind == "int":
        return NumberEditor(spec)
    if spec.kind == "float":
        return ShareEditor(spec)
    if spec.kind == "categories":
        return CategoriesEditor(spec)
    if spec.kind == "languages":
        return TextEditor(spec, translate("Editors", "for example en:B2, fr:A2"))
    return TextEditor(spec)
