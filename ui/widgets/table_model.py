"""The one table model of the window: plain rows from planner.queries.tables, searched and
sorted in Python.

Why the model sorts and filters itself instead of leaving it to a QSortFilterProxyModel:
with 50,000 people the proxy calls back into Python for every comparison (about 1.6
million ``data()`` calls, 9 s to sort by a column) and for every row on each keystroke
(about 50 ms). Here each row has a precomputed lower-case search string and each column
a sort key computed once, so a keystroke is one list comprehension (a few milliseconds)
and a sort one ``list.sort`` call. The model emits layoutChanged with its persistent
indexes moved, as QSortFilterProxyModel does, so the selection survives a search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from planner.app import Column, Table
from planner.domain import RANK_ORDER

ID_ROLE = Qt.ItemDataRole.UserRole + 1
VERSION_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


def format_value(kind: str, value: Any) -> str:
    """A value as the table shows it: dates in ISO form, shares in per cent, None empty."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "share":
        return f"{float(value) * 100:g} %"
    return str(value)


def _sort_key(kind: str) -> Callable[[Any], Any]:
    # Keys of one column all have the same type, so list.sort never compares None with a
    # date; empty values sort first.
    if kind == "rank":
        return lambda v: RANK_ORDER.get(v, -1)
    if kind in ("int", "share"):
        return lambda v: (v is not None, v if v is not None else 0)
    if kind == "date":
        return lambda v: v.isoformat() if v is not None else ""
    return lambda v: str(v).casefold() if v is not None else ""


class RowTableModel(QAbstractTableModel):
    """A table over ``Table`` rows ``(id, version, *values)`` with search and sort."""

    def __init__(self, table: Table | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._entity = ""
        self._columns: tuple[Column, ...] = ()
        self._rows: list[tuple[Any, ...]] = []
        self._search: list[str] = []
        self._order: list[int] = []  # every row, in the current sort order
        self._visible: list[int] = []  # the rows that match the search, in that order
        self._words: list[str] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        if table is not None:
            self.set_table(table)

    # -- loading -------------------------------------------------------------------------

    @property
    def entity(self) -> str:
        return self._entity

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def set_table(self, table: Table) -> None:
        """Show new rows; the search text and the sort column stay."""
        self.beginResetModel()
        self._entity = table.entity
        self._columns = table.columns
        self._rows = list(table.rows)
        self._search = [self._search_text(row) for row in self._rows]
        self._order = list(range(len(self._rows)))
        if 0 <= self._sort_column < len(self._columns):
            self._sort_in_place(self._sort_column, self._sort_order)
        self._visible = self._matching()
        self.endResetModel()

    def _search_text(self, row: tuple[Any, ...]) -> str:
        return " ".join(
            format_value(c.kind, v) for c, v in zip(self._columns, row[2:], strict=False)
        ).casefold()

    def update_rows(self, rows: Sequence[tuple[Any, ...]], removed: Iterable[int] = ()) -> None:
        """Replace or add ``rows`` and drop the ids in ``removed``, keeping the search,
        the sort and the selection: after an edit of a few people, not 50,000 reloaded."""
        removed = set(removed)

        def compute() -> list[int]:
            where = {row[0]: i for i, row in enumerate(self._rows)}
            for row in rows:
                i = where.get(row[0])
                if i is None:
                    where[row[0]] = len(self._rows)
                    self._order.append(len(self._rows))
                    self._rows.append(row)
                    self._search.append(self._search_text(row))
                else:
                    self._rows[i], self._search[i] = row, self._search_text(row)
            gone = {where[row_id] for row_id in removed if row_id in where}
            if gone:
                keep = [i for i in range(len(self._rows)) if i not in gone]
                renumber = {old: new for new, old in enumerate(keep)}
                self._rows = [self._rows[i] for i in keep]
                self._search = [self._search[i] for i in keep]
                self._order = [renumber[i] for i in self._order if i not in gone]
            if 0 <= self._sort_column < len(self._columns):
                self._sort_in_place(self._sort_column, self._sort_order)
            return self._matching()

        self._relayout(compute, rows_move=True)

    def clear(self) -> None:
        self.set_table(Table(self._entity, self._columns, []))

    # -- search and sort -----------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return " ".join(self._words)

    def set_filter(self, text: str) -> None:
        """Keep the rows whose text contains every word of ``text`` (any case)."""
        words = text.casefold().split()
        if words == self._words:
            return
        self._words = words
        self._relayout(self._matching)

    def _matching(self) -> list[int]:
        words, search = self._words, self._search
        if not words:
            return list(self._order)
        if len(words) == 1:
            word = words[0]
            return [i for i in self._order if word in search[i]]
        return [i for i in self._order if all(w in search[i] for w in words)]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self._sort_column, self._sort_order = column, order

        def resorted() -> list[int]:
            self._sort_in_place(column, order)
            return self._matching()

        self._relayout(resorted)

    def _sort_in_place(self, column: int, order: Qt.SortOrder) -> None:
        key = _sort_key(self._columns[column].kind)
        keys = [key(row[column + 2]) for row in self._rows]
        # A stable sort: rows equal in this column keep the previous order.
        self._order.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)

    def _relayout(self, compute: Callable[[], list[int]], *, rows_move: bool = False) -> None:
        """Recompute the shown rows inside a layout change, moving persistent indexes
        (the selection, the current cell) to where their record went."""
        self.layoutAboutToBeChanged.emit()
        old_indexes = self.persistentIndexList()
        old_rows = [self._visible[i.row()] for i in old_indexes]
        old_ids = [self._rows[row][0] for row in old_rows]
        self._visible = compute()
        if not old_indexes:
            self.layoutChanged.emit()
            return
        position: dict[Any, int | None] = {}
        if rows_move:
            # Rows were added or removed: find each record again by its id.
            wanted = set(old_ids)
            for n, i in enumerate(self._visible):
                if self._rows[i][0] in wanted:
                    position[self._rows[i][0]] = n
            keys: list[Any] = old_ids
        else:
            # Filtering and sorting never move rows in self._rows: a few list.index calls
            # (a C loop each) are cheaper than a dict over every row.
            for row in set(old_rows):
                try:
                    position[row] = self._visible.index(row)
                except ValueError:
                    position[row] = None
            keys = old_rows
        new_indexes = [
            QModelIndex() if (to := position.get(key)) is None else self.index(to, old.column())
            for old, key in zip(old_indexes, keys, strict=True)
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    # -- rows ----------------------------------------------------------------------------

    @property
    def total_rows(self) -> int:
        return len(self._rows)

    def row_id(self, row: int) -> int:
        return int(self._rows[self._visible[row]][0])

    def row_version(self, row: int) -> int:
        return int(self._rows[self._visible[row]][1])

    def row_values(self, row: int) -> dict[str, Any]:
        values = self._rows[self._visible[row]]
        return {c.key: v for c, v in zip(self._columns, values[2:], strict=False)}

    def row_of_id(self, row_id: int) -> int | None:
        for n, i in enumerate(self._visible):
            if self._rows[i][0] == row_id:
                return n
        return None

    def row_of_key(self, key: str, column: int = 0) -> int | None:
        """The shown row whose ``column`` holds ``key`` (a natural key)."""
        for n, i in enumerate(self._visible):
            if str(self._rows[i][column + 2]) == key:
                return n
        return None

    def has_key(self, key: str, column: int = 0) -> bool:
        return any(str(row[column + 2]) == key for row in self._rows)

    def ids(self) -> Sequence[int]:
        return [int(self._rows[i][0]) for i in self._visible]

    # -- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[self._visible[index.row()]]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(column.kind, row[index.column() + 2])
        if role == Qt.ItemDataRole.ToolTipRole:
            # Long text (titles, mission names) is cut in the cell: the tip shows it whole.
            text = format_value(column.kind, row[index.column() + 2])
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in ("int", "share"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == ID_ROLE:
            return row[0]
        if role == VERSION_ROLE:
            return row[1]
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].label
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
