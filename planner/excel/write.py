"""Writing an import's changes: bulk inserts and bulk updates in the caller's transaction.

References arrive as natural keys and are turned into ids with one key → id map per
referred table, refreshed once after that table's inserts. Updates name the version they
compared against, so a row changed meanwhile by another writer stops the whole import.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from planner.entities import ENTITIES
from planner.errors import ConflictError
from planner.excel.columns import REF_KEY
from planner.excel.merge import Changes
from planner.progress import Progress


def write_changes(
    session: Session,
    all_changes: list[Changes],
    ids: dict[str, dict[Any, int]],
    progress: Progress,
    step: tuple[int, int],
) -> None:
    """Apply every sheet's changes in dependency order. ``ids`` maps each referred
    entity's natural keys to ids, and is extended with the rows created here."""
    done, total = step
    for changes in all_changes:
        spec = changes.spec
        progress.step(done, total, f"Saving {spec.title}")
        done += 1
        table = cast(Table, ENTITIES[spec.entity].model.__table__)
        refs = [(f.name, ids[f.ref]) for f in spec.fields if f.kind == "ref"]
        names = [f.name for f in spec.fields]
        if changes.creates:
            rows = changes.creates
            for name, mapping in refs:
                for row in rows:
                    if row[name] is not None:
                        row[name] = mapping[row[name]]
            _insert(session, table, names, rows)
        if changes.updates:
            _update(session, table, names, refs, changes)
        if changes.creates and spec.entity in REF_KEY:
            key = table.c[REF_KEY[spec.entity]]
            ids[spec.entity] = {k: i for k, i in session.execute(select(key, table.c.id))}


def _insert(session: Session, table: Table, names: list[str], rows: list[dict[str, Any]]) -> None:
    """One executemany straight to the driver: SQLAlchemy's per-row parameter handling
    took longer than SQLite's own work for 40,000 rows. The statement and the value
    conversions (dates for SQLite) still come from SQLAlchemy, for any database."""
    connection = session.connection()
    dialect = connection.dialect
    columns = [*names, "version"]
    compiled = insert(table).compile(dialect=dialect, column_keys=columns)
    convert = {
        name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    }
    for row in rows:
        row["version"] = 1
    if compiled.positional:
        order = list(compiled.positiontup or ())
        params: list[Any] = [
            tuple(
                value if (fn := convert[name]) is None or value is None else fn(value)
                for name, value in ((name, row[name]) for name in order)
            )
            for row in rows
        ]
    else:
        params = [
            {
                name: value if (fn := convert[name]) is None or value is None else fn(value)
                for name, value in row.items()
            }
            for row in rows
        ]
    connection.exec_driver_sql(str(compiled), params)


def _update(
    session: Session,
    table: Table,
    names: list[str],
    refs: list[tuple[str, dict[Any, int]]],
    changes: Changes,
) -> None:
    params = []
    for change in changes.updates:
        values = change.values
        for name, mapping in refs:
            if values[name] is not None:
                values[name] = mapping[values[name]]
        row = {f"new_{name}": values[name] for name in names}
        row.update(old_id=change.id, old_version=change.version, new_version=change.version + 1)
        params.append(row)
    statement = (
        update(table)
        .where(table.c.id == bindparam("old_id"), table.c.version == bindparam("old_version"))
        .values(
            {
                **{name: bindparam(f"new_{name}") for name in names},
                "version": bindparam("new_version"),
            }
        )
    )
    result = session.connection().execute(statement, params)
    # Drivers that cannot count the rows an executemany changed skip the check; SQLite
    # plans have one writer at a time (the lock file) anyway.
    sane = session.get_bind().dialect.supports_sane_multi_rowcount
    if sane and result.rowcount != len(params):
        raise ConflictError(
            f"Some {changes.spec.title.lower()} were changed by someone else during the "
            "import; nothing was imported. Import the workbook again."
        )
