"""Every record of a sheet as workbook values, in one query per table.

References are shown by the natural key of the record they point to (a unit's mission as
its code, a credential's person as the service number), so one id → key map per referred
entity is loaded once and used for every row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.entities import ENTITIES
from planner.excel.columns import REF_KEY, SheetSpec


@dataclass(frozen=True)
class Record:
    id: int
    version: int
    values: tuple[Any, ...]  # in the sheet's column order; refs as natural keys


def key_names(session: Session) -> dict[str, dict[int, str]]:
    """{entity: {id: natural key}} for every entity other records refer to."""
    names: dict[str, dict[int, str]] = {}
    for entity_name, attribute in REF_KEY.items():
        model: Any = ENTITIES[entity_name].model
        rows = session.execute(select(model.id, getattr(model, attribute))).all()
        names[entity_name] = {row_id: key for row_id, key in rows}
    return names


def load_records(
    session: Session, sheet: SheetSpec, names: dict[str, dict[int, str]]
) -> list[Record]:
    model: Any = ENTITIES[sheet.entity].model
    columns = [model.id, model.version, *(getattr(model, f.name) for f in sheet.fields)]
    refs = [
        (index, names[field.ref]) for index, field in enumerate(sheet.fields) if field.kind == "ref"
    ]
    records: list[Record] = []
    for row in session.execute(select(*columns)):
        values = list(row[2:])
        for index, mapping in refs:
            if values[index] is not None:
                values[index] = mapping.get(values[index])
        records.append(Record(row[0], row[1], tuple(values)))
    return records


def sort_key(sheet: SheetSpec) -> Callable[[Record], tuple[Any, ...]]:
    """Records in the order of their natural key (key columns are never empty)."""
    names = [field.name for field in sheet.fields]
    positions = [names.index(name) for name in sheet.key]
    return lambda record: tuple(record.values[i] for i in positions)
