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

from planner.entities import ENTITIES, link_of
from planner.excel.columns import REF_KEY, SheetSpec, join_keys


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
    stored = [f for f in sheet.fields if f.kind != "refs"]
    columns = [model.id, model.version, *(getattr(model, f.name) for f in stored)]
    rows = session.connection().execute(select(*columns)).all()
    if not rows:
        return []
    ids, versions, *fields = zip(*rows, strict=True)
    found = iter(fields)
    values: list[Sequence[Any]] = []
    for field in sheet.fields:
        if field.kind == "refs":
            keys = _linked_keys(session, sheet.entity, field.name, names[field.ref])
            values.append([keys.get(row_id, "") for row_id in ids])
        elif field.kind == "ref":
            values.append(list(map(names[field.ref].get, next(found))))
        else:
            values.append(next(found))
    return list(map(Record, ids, versions, zip(*values, strict=True)))


def _linked_keys(session: Session, entity: str, field: str, keys: dict[int, str]) -> dict[int, str]:
    """{parent id: the natural keys of the records its child rows name, as one cell}."""
    link = link_of(entity, field)
    child: Any = ENTITIES[link.child].model
    named: dict[int, list[str]] = {}
    for parent, target in session.connection().execute(
        select(getattr(child, link.parent_fk), getattr(child, link.target_fk))
    ):
        named.setdefault(parent, []).append(keys[target])
    return {parent: join_keys(found) for parent, found in named.items()}


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
