"""A titled table with a search field, a row count and Add / Edit / Delete buttons.

Every tab is made of these. The panel knows nothing of plans: its owner loads a Table
into it and reacts to its buttons; the panel keeps the selection (by record id) across
reloads and searches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.table_model import RowTableModel

if TYPE_CHECKING:
    from planner.app import Table

RowAction = Callable[[int, int], object]  # (record id, version the window shows)
# The column that takes the spare width: free text reads best wide; numbers and dates not.
STRETCH_KEYS = (
    "title",
    "name",
    "mission_name",
    "missions",
    "role",
    "reason",
    "languages",
    "partner",
    "kind",
)


REFIT_ROWS = 5000
"""Tables up to this many rows are refitted on every load (see TablePanel._fit_columns)."""


@dataclass
class PanelActions:
    add: Callable[[], object] | None = None
    edit: RowAction | None = None
    delete: RowAction | None = None
    # (button text, action on the selected row): "Assign…", "Move…" (translated)
    extra: list[tuple[str, RowAction]] = field(default_factory=list)


class TablePanel(QWidget):
    selection_changed = Signal()

    def __init__(
        self,
        title: str,
        actions: PanelActions,
        *,
        search_placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel_actions = actions
        self.model = RowTableModel(parent=self)
        self._sized = False
        # Column → the width fitting gave it; a column whose width differs was resized by
        # the planner and is left alone.
        self._fitted: dict[int, int] = {}
        self._editable = True

        self.title = QLabel()
        self.set_title(title)
        # The title names the record the panel belongs to: the search field gives way.
        self.title.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.search = QLineEdit()
        self.search.setPlaceholderText(search_placeholder or self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(320)
        self.search.textChanged.connect(self._search_changed)
        self.count = QLabel()
        self.count.setMinimumWidth(90)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title)
        bar.addSpacing(8)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        bar.addStretch(0)
        # Keyed "add", "edit", "delete", or the extra button's text.
        if actions.add is not None:
            self._button(bar, "add", self.tr("Add…"), actions.add)
        if actions.edit is not None:
            self._button(bar, "edit", self.tr("Edit…"), self.edit_selected)
        if actions.delete is not None:
            self._button(bar, "delete", self.tr("Delete"), self.delete_selected)
        for text, action in actions.extra:
            self._button(bar, text, text, partial(self._on_selected, action))

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vertical = self.view.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never measures 50,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        horizontal = self.view.horizontalHeader()
        horizontal.setStretchLastSection(False)
        horizontal.setSectionsMovable(True)
        horizontal.setHighlightSections(False)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(self._update_count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._update_count()
        self._update_buttons()

    def _button(self, bar: QHBoxLayout, key: str, text: str, slot: Callable[[], object]) -> None:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        bar.addWidget(button)
        self.buttons[key] = button

    # -- content -------------------------------------------------------------------------

    def load(self, table: Table) -> None:
        """Show ``table``; the same record stays selected if it is still there."""
        selected = self.selected_id()
        self.model.set_table(table)
        if table.rows and (not self._fitted or len(table.rows) <= REFIT_ROWS):
            self._fit_columns(table)
        # The same record as before, else the first: a detail pane is never left empty.
        if not (selected is not None and self.select_id(selected, scroll=False)) and (
            self.model.rowCount()
        ):
            self.select_row(0, scroll=False)
        self._update_count()
        self._selection_changed()

    def _fit_columns(self, table: Table) -> None:
        """Columns as wide as their content (60–320 pixels), one free-text column taking
        the spare width. Refitted on every load, growing only: sized once, for the first
        mission's observers, the columns cut the ranks and rotations of the next
        mission's contingent. Qt measures up to ~1,000 rows per column, 150 ms on the
        personnel table: a big table is fitted on its first load only (its first
        thousand rows show every kind of content anyway)."""
        header = self.view.horizontalHeader()
        if not self._sized:
            self._sized = True
            keys = [c.key for c in table.columns]
            stretch = next((keys.index(k) for k in STRETCH_KEYS if k in keys), None)
            if stretch is not None:  # numbers and dates only: leave them at their width
                header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for column in range(self.model.columnCount()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
                continue
            current = header.sectionSize(column)
            if self._fitted.get(column, current) != current:
                continue  # the planner chose this width
            content = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
            wanted = min(max(content, 60), 320)
            if column not in self._fitted or wanted > current:
                header.resizeSection(column, wanted)
            self._fitted[column] = header.sectionSize(column)

    def update_rows(self, table: Table, removed: set[int]) -> None:
        """Patch a few rows in place (see RowTableModel.update_rows)."""
        self.model.update_rows(table.rows, removed)
        self._update_count()
        self._selection_changed()

    def clear(self) -> None:
        self.model.clear()
        self._selection_changed()

    def set_title(self, text: str) -> None:
        """``text`` (translated by the caller) in bold."""
        self.title.setText(self.tr("<b>{title}</b>").format(title=text))

    def set_editable(self, editable: bool) -> None:
        """Read-only plans and panels waiting for a master row disable editing."""
        self._editable = editable
        self._update_buttons()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_rows
        if shown == total:
            self.count.setText(QLocale().toString(shown))
        else:
            self.count.setText(
                self.tr("{shown} of {total}").format(
                    shown=QLocale().toString(shown), total=QLocale().toString(total)
                )
            )

    def _update_buttons(self) -> None:
        has_row = self.selected_row() is not None
        for key, button in self.buttons.items():
            needs_row = key != "add"
            button.setEnabled(self._editable and (has_row or not needs_row))

    # -- search --------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._selection_changed()

    def set_search(self, text: str) -> None:
        self.search.setText(text)

    # -- selection -----------------------------------------------------------------------

    def _selection_changed(self, *_args: object) -> None:
        self._update_buttons()
        self.selection_changed.emit()

    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return self.model.row_id(row) if row is not None else None

    def selected_version(self) -> int | None:
        row = self.selected_row()
        return self.model.row_version(row) if row is not None else None

    def select_row(self, row: int, *, scroll: bool = True) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if scroll:
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def select_id(self, row_id: int, *, scroll: bool = True) -> bool:
        row = self.model.row_of_id(row_id)
        if row is None:
            return False
        self.select_row(row, scroll=scroll)
        return True

    def select_key(self, key: str, column: int = 0) -> bool:
        """Select the record whose natural key is ``key``, clearing a search that hides it."""
        row = self.model.row_of_key(key, column)
        if row is None and self.model.has_key(key, column):
            self.search.clear()
            row = self.model.row_of_key(key, column)
        if row is None:
            return False
        self.select_row(row)
        return True

    def _on_selected(self, action: RowAction) -> None:
        row = self.selected_row()
        if row is not None:
            action(self.model.row_id(row), self.model.row_version(row))

    def edit_selected(self) -> None:
        if self.panel_actions.edit is not None and self._editable:
            self._on_selected(self.panel_actions.edit)

    def delete_selected(self) -> None:
        if self.panel_actions.delete is not None and self._editable:
            self._on_selected(self.panel_actions.delete)
