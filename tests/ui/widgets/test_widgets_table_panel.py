"""The table panel's columns: as wide as what they show, growing when a later load shows
more, and a width the planner chose is kept."""

from __future__ import annotations

from typing import Any

from planner.queries.tables import Column, Table
from ui.widgets.table_panel import PanelActions, TablePanel

COLUMNS = (Column("rank", "Rank"), Column("rotation", "Rotation"), Column("role", "Role"))


def _table(*rows: tuple[str, str, str]) -> Table:
    return Table("assignment", COLUMNS, [(n, 1, *row) for n, row in enumerate(rows, 1)])


def _fits(panel: TablePanel, column: int, text: str) -> bool:
    width = panel.view.horizontalHeader().sectionSize(column)
    return width >= panel.view.fontMetrics().horizontalAdvance(text)


def test_columns_grow_to_a_later_load_and_keep_a_width_the_planner_chose(qtbot: Any) -> None:
    panel = TablePanel("On the mission today", PanelActions())
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    panel.load(_table(("Captain", "", "Military observer")))  # observers: no rotation
    panel.load(_table(("Lieutenant Colonel", "KAZCOY-R16", "Infantry")))
    assert _fits(panel, 0, "Lieutenant Colonel") and _fits(panel, 1, "KAZCOY-R16")

    header = panel.view.horizontalHeader()
    header.resizeSection(1, 70)  # the planner narrows the rotations
    panel.load(_table(("Senior Lieutenant", "KAZCOY-R16-RESERVE", "Medic")))
    assert header.sectionSize(1) == 70
    panel.load(_table(("Private", "R1", "Driver")))
    assert _fits(panel, 0, "Lieutenant Colonel"), "columns never shrink under the eyes"
