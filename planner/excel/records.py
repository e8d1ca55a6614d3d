"""Every record of a sheet as workbook values, in one query per table.

References are shown by the natural key of the record they point to (a unit's mission as
its code, a credential's person as the service number), so one id → key map per referred
entity is loaded once and used for every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.entities import ENTITIES
from planner.excel.columns import REF_KEY, SheetSpec


class Record(NamedTuple):
    id: int
    version: int
    values: tuple[Any, ...]  # in the sheet's column order; refs as natural keys


def key_names(session: Session) -> dict[str, dict[int, str]]:
    """{entity: {id: natural key}} for every entity other records refer to."""
    names: dict[str, dict[int, str]] = {}
    for entity_name, attribute in REF_KEY.items():
        model: Any = ENTITIES[entity_name].model
        rows = session.connection().execute(select(model.id, getattr(model, attribute))).all()
        names[entity_name] = dict(rows)
    return names


def load_records(
    session: Session, sheet: SheetSpec, names: dict[str, dict[int, str]]
) -> list[Record]:
    """Every record of the sheet's entity. Rows are read as plain rows (not through the
    ORM) and their references turned into keys column by column: 190,000 credentials
    and assignments are read in a fraction of a second."""
    model: Any = ENTITIES[sheet.entity].model
    columns = [model.id, model.version, *(getattr(model, f.name) for f in sheet.fields)]
    rows = session.connection().execute(select(*columns)).all()
    if not rows:
        return []
    ids, versions, *fields = zip(*rows, strict=True)
    values: list[Sequence[Any]] = list(fields)
    for index, field in enumerate(sheet.fields):
        if field.kind == "ref":
            values[index] = list(map(names[field.ref].get, values[index]))
    return list(map(Record, ids, versions, zip(*values, strict=True)))


def by_key(records: list[Record], positions: list[int]) -> dict[tuple[Any, ...], Record]:
    """The records by their natural key (the values at ``positions``, as a tuple)."""
    values = list(map(attrgetter("values"), records))
    if len(positions) == 1:
        keys: Any = zip(map(itemgetter(positions[0]), values))
    else:
        keys = map(itemgetter(*positions), values)
    return dict(zip(keys, records, strict=True))


def sort_key(sheet: SheetSpec) -> Callable[[Record], tuple[Any, ...]]:
    """Records in the order of their natural key (key columns are never empty)."""
    names = [field.name for field in sheet.fields]
    positions = [names.index(name) for name in sheet.key]
    return lambda record: tuple(record.values[i] for i in positions)
