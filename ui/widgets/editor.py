"""The interface every field editor of a form has (``ui.widgets.editors``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget


class Editor:
    """A widget, a raw value, and a problem found before saving."""

    widget: QWidget

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def local_problem(self) -> str | None:
        return None

    def set_enabled(self, enabled: bool) -> None:
        self.widget.setEnabled(enabled)


def hint(text: str) -> QLabel:
    """A greyed remark beside an editor (``text`` translated by the caller)."""
    label = QLabel(text)
    label.setEnabled(False)  # drawn in the style's grey, like placeholder text
    return label
