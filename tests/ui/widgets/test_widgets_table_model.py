"""The table model: every table of the window passes qtmodeltester, searches by words and
sorts by column kind, and keeps the selected record through a search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import RANK_ORDER
from planner.models import Authorisation, Mission, Person, Rotation
from planner.plan import Plan
from planner.queries import tables
from planner.queries.tables import Column, Table
from ui.widgets.table_model import ID_ROLE, RowTableModel, format_value


def _first_id(session: Session, model: Any) -> int:
    return int(session.scalar(select(model.id).order_by(model.id).limit(1)))


def _busiest_person(session: Session) -> int:
    # Someone with assignments, credentials and absences, so the details have rows.
    from sqlalchemy import func

    from planner.models import Absence

    return int(
        session.scalar(
            select(Absence.person_id).group_by(Absence.person_id).order_by(func.count().desc())
        )
    )


LOADERS: dict[str, Callable[[Session], Table]] = {
    "missions": tables.missions,
    "authorisations": tables.authorisations,
    "authorised_missions": lambda s: tables.authorised_missions(s, _first_id(s, Authorisation)),
    "mission_authorisations": lambda s: tables.mission_authorisations(s, _first_id(s, Mission)),
    "units": tables.units,
    "rotations": tables.rotations,
    "roster": lambda s: tables.roster(s, _first_id(s, Rotation)),
    "on_mission": lambda s: tables.on_mission(
        s, int(s.scalar(select(Mission.id).where(Mission.code == "UNDOF"))), dt.date(2026, 11, 23)
    ),
    "personnel": tables.personnel,
    "credentials": lambda s: tables.credentials(s, _busiest_person(s)),
    "absences": lambda s: tables.absences(s, _busiest_person(s)),
    "person_assignments": lambda s: tables.person_assignments(s, _busiest_person(s)),
    "credential_requirements": tables.credential_requirements,
    "gender_targets": tables.gender_targets,
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_table_passes_the_model_tester(
    name: str, demo_plan: Plan, qtmodeltester: Any
) -> None:
    with demo_plan.read() as session:
        table = LOADERS[name](session)
    assert table.rows, f"the demo plan should fill the {name} table"
    model = RowTableModel(table)
    qtmodeltester.check(model)
    # Searching and sorting are layout changes the tester watches as they happen.
    model.set_filter(str(table.rows[0][2])[:2])
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_filter("")
    qtmodeltester.check(model)


def _people(*rows: tuple[Any, ...]) -> RowTableModel:
    columns = (
        Column("service_number", "Service number"),
        Column("rank", "Rank", "rank"),
        Column("surname", "Surname"),
        Column("birth_date", "Birth date", "date"),
        Column("strength", "Number", "int"),
    )
    return RowTableModel(Table("person", columns, [(i + 1, 1, *row) for i, row in enumerate(rows)]))


def _column(model: RowTableModel, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_search_keeps_rows_holding_every_word_in_any_case() -> None:
    model = _people(
        ("KZ-1", "Captain", "Abenov", dt.date(1990, 1, 2), 3),
        ("KZ-2", "Private", "Serikova", None, None),
        ("KZ-3", "Major", "Abenova", dt.date(1985, 5, 6), 1),
    )
    model.set_filter("abenov")
    assert _column(model, 0) == ["KZ-1", "KZ-3"]
    model.set_filter("ABENOV major")
    assert _column(model, 0) == ["KZ-3"]
    model.set_filter("1985-05")  # dates are searched as shown
    assert _column(model, 0) == ["KZ-3"]
    model.set_filter("nobody")
    assert model.rowCount() == 0 and model.total_rows == 3
    model.set_filter("  ")
    assert model.rowCount() == 3


def test_sort_orders_ranks_by_seniority_and_puts_empty_values_first() -> None:
    model = _people(
        ("KZ-1", "Major", "B", dt.date(1990, 1, 2), 10),
        ("KZ-2", "Private", "a", None, None),
        ("KZ-3", "Captain", "C", dt.date(1985, 5, 6), 2),
    )
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert _column(model, 1) == sorted(_column(model, 1), key=RANK_ORDER.__getitem__)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert _column(model, 1) == ["Major", "Captain", "Private"]
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert _column(model, 3) == ["", "1985-05-06", "1990-01-02"]
    model.sort(4, Qt.SortOrder.AscendingOrder)
    assert _column(model, 4) == ["", "2", "10"]  # numbers, not text
    model.sort(2, Qt.SortOrder.AscendingOrder)
    assert _column(model, 2) == ["a", "B", "C"]  # case does not split the order
    model.set_filter("kz")
    assert _column(model, 2) == ["a", "B", "C"]  # a search keeps the sort


def test_a_search_keeps_persistent_indexes_on_their_record() -> None:
    model = _people(
        ("KZ-1", "Major", "Abenov", None, None),
        ("KZ-2", "Private", "Serikov", None, None),
        ("KZ-3", "Captain", "Abenova", None, None),
    )
    kept = QPersistentModelIndex(model.index(2, 0))
    dropped = QPersistentModelIndex(model.index(1, 0))
    model.set_filter("abenov")
    assert kept.isValid() and kept.data() == "KZ-3" and kept.row() == 1
    assert not dropped.isValid()
    assert model.index(kept.row(), 0).data(ID_ROLE) == 3


def test_values_are_shown_as_a_planner_reads_them() -> None:
    assert format_value("date", dt.date(2024, 3, 1)) == "2024-03-01"
    assert format_value("share", 0.15) == "15 %"
    assert format_value("int", None) == ""
    model = _people(("KZ-1", "Major", "Abenov", None, 7))
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Rank"
    assert model.index(0, 4).data(Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )
    assert model.row_values(0)["surname"] == "Abenov"
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) is None  # short: no tip
    long_name = _people(("KZ-2", "Major", "Abenov-" * 6, None, None))
    assert long_name.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "Abenov-" * 6
    assert model.row_of_key("KZ-1") == 0 and model.row_of_key("KZ-9") is None


def test_the_personnel_query_reads_every_person_in_one_select(demo_plan: Plan) -> None:
    statements: list[str] = []
    from sqlalchemy import event

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(demo_plan.engine, "before_cursor_execute", count)
    try:
        with demo_plan.read() as session:
            table = tables.personnel(session)
            total = session.scalar(select(Person.id).order_by(Person.id.desc()).limit(1))
    finally:
        event.remove(demo_plan.engine, "before_cursor_execute", count)
    assert len(table) == total
    assert len([s for s in statements if "FROM person" in s]) == 2  # the table + the check


def test_a_few_rows_are_patched_in_place_keeping_search_sort_and_selection(
    qtmodeltester: Any,
) -> None:
    model = _people(
        ("KZ-1", "Major", "Abenov", None, None),
        ("KZ-2", "Private", "Serikov", None, None),
        ("KZ-3", "Captain", "Abenova", None, None),
    )
    qtmodeltester.check(model)
    model.sort(2, Qt.SortOrder.AscendingOrder)
    model.set_filter("abe")
    selected = QPersistentModelIndex(model.index(1, 0))  # KZ-3 Abenova
    assert selected.data() == "KZ-3"
    model.update_rows(
        [
            (1, 2, "KZ-1", "Major", "Zhakupov", None, None),  # renamed: leaves the search
            (4, 1, "KZ-4", "Captain", "Abenbayeva", None, None),  # new: sorted in
        ],
        removed=[2],
    )
    assert _column(model, 2) == ["Abenbayeva", "Abenova"]
    assert selected.isValid() and selected.data() == "KZ-3"
    assert model.total_rows == 3 and model.row_version(model.row_of_key("KZ-4") or 0) == 1
    model.set_filter("")
    assert _column(model, 0) == ["KZ-4", "KZ-3", "KZ-1"]
    model.update_rows([], removed=[3])
    assert not selected.isValid() and _column(model, 0) == ["KZ-4", "KZ-1"]
