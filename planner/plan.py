"""Opening a plan: locate it, lock it, check and migrate its schema, hand out sessions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from planner import migrate
from planner.backup import backup_sqlite
from planner.engine import WRITE_OPTION, PlanLocation, check_sqlite_file, locate, make_engine
from planner.errors import PlannerError, PlanOpenError
from planner.lock import PlanLock

APP_NAME = "rotation-planner"


def default_plan_path() -> Path:
    """The per-user plan, unless PLANNER_DB names another."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "plan.sqlite"


def default_target() -> str:
    return os.environ.get("PLANNER_DB") or str(default_plan_path())


@dataclass
class Plan:
    """An open plan. Services take it and open one short session per action."""

    location: PlanLocation
    engine: Engine
    read_only: bool = False
    lock: PlanLock | None = None
    closed: bool = field(default=False, init=False)
    sessions: sessionmaker[Session] = field(init=False)
    _write_sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Writers begin with BEGIN IMMEDIATE on SQLite (see planner.engine._begin).
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )

    @property
    def name(self) -> str:
        return self.location.display_name

    @property
    def path(self) -> Path | None:
        return self.location.path

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only: nothing it does is committed."""
        with self.sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise PlannerError(f"The plan {self.name} is open read-only; no change was made.")
        with self._write_sessions.begin() as session:
            yield session

    def schema_revision(self) -> str | None:
        with self.engine.connect() as connection:
            return migrate.current_revision(connection)

    def backup(self, out: Path | None = None, *, reason: str = "manual") -> Path:
        if self.location.path is None:
            raise PlannerError(
                "Backups from here work for SQLite plans only; back up a PostgreSQL plan "
                "with pg_dump."
            )
        return backup_sqlite(self.location.path, out, reason=reason)

    def close(self, *, backup: bool = False) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            if backup and not self.read_only and self.location.path is not None:
                backup_sqlite(self.location.path, reason="close")
        finally:
            self.engine.dispose()
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_plan(
    target: str | Path | None = None,
    *,
    create: bool = False,
    read_only: bool = False,
) -> Plan:
    """Open (or with ``create`` make) the plan at ``target``: a path or a URL.

    A SQLite plan is locked for writing, backed up before a migration, and upgraded to
    this version's schema. A plan written by a newer version, or a database that is not
    a plan, is refused before anything is written to it.
    """
    location = locate(target if target is not None else default_target())
    lock: PlanLock | None = None
    if location.path is not None:
        check_sqlite_file(location.path, must_exist=not create or read_only)
        if not read_only:
            check_writable_folder(location.path)
            lock = PlanLock(location.path)
            lock.acquire()
    engine = make_engine(location, read_only=read_only)
    try:
        _prepare_schema(location, engine, create=create, read_only=read_only)
    except BaseException:
        engine.dispose()
        if lock is not None:
            lock.release()
        raise
    return Plan(location=location, engine=engine, read_only=read_only, lock=lock)


def check_writable_folder(path: Path) -> None:
    """Refuse to write a plan whose folder cannot take its journal and lock files."""
    if not os.access(path.parent, os.W_OK):
        raise PlanOpenError(
            f"Cannot write in the folder {path.parent}: the plan needs a writable folder "
            "for its journal and lock."
        )


def _read_state(where: object, engine: Engine, *, writing: bool) -> tuple[bool, str | None]:
    """(whether the database holds no tables, its schema revision)."""
    try:
        with engine.connect() as connection:
            return migrate.is_empty(connection), migrate.current_revision(connection)
    except (OperationalError, DBAPIError, sqlite3.Error, ValueError) as exc:
        raise PlanOpenError(_explain_db_error(where, exc, writing=writing)) from exc


def _prepare_schema(
    location: PlanLocation, engine: Engine, *, create: bool, read_only: bool
) -> None:
    where = location.path or location.display_name
    probe = engine
    if location.path is not None and not read_only and location.path.exists():
        # Look through a read-only connection first: a writer's first connection
        # switches the file to WAL, which must not happen to a file that is not a plan.
        probe = make_engine(location, read_only=True)
    try:
        empty, revision = _read_state(where, probe, writing=not read_only)
    finally:
        if probe is not engine:
            probe.dispose()
    if empty:
        if not create:
            raise PlanOpenError(f"{where} holds no plan. Create one with 'planner init'.")
    elif revision is None:
        raise PlanOpenError(f"{where} is a database but not a Rotation Planner plan.")
    elif revision not in migrate.known_revisions():
        raise PlanOpenError(
            f"{where} was written by a newer version of Rotation Planner (schema {revision}); "
            "update the application to open it."
        )
    if revision == migrate.head_revision():
        return
    if read_only:
        raise PlanOpenError(f"{where} needs an upgrade and cannot be opened read-only.")
    if not empty and location.path is not None:
        backup_sqlite(location.path, reason=f"before-upgrade-from-{revision}")
    try:
        _upgrade(engine, sqlite=location.path is not None)
    except PlannerError:
        raise
    except (OperationalError, DBAPIError) as exc:
        raise PlanOpenError(_explain_db_error(where, exc)) from exc
    except Exception as exc:  # a migration script failed: it was rolled back
        raise PlanOpenError(
            f"The upgrade of {where} from schema {revision} failed ({type(exc).__name__}: "
            f"{exc}); the plan was left as it was."
        ) from exc


def _upgrade(engine: Engine, *, sqlite: bool) -> None:
    """Migrate to head and add the default rows, all in one transaction."""
    with engine.connect() as connection:
        raw: Any = connection.connection.dbapi_connection
        if sqlite:
            # Batch migrations copy and drop tables; with foreign keys on, dropping a
            # parent would cascade-delete its children. The pragma only works outside a
            # transaction, so it is set on the driver connection before BEGIN.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                migrate.upgrade_to_head(connection)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise PlanOpenError(
                            f"The upgrade would leave a {broken[0]} row pointing at a missing "
                            f"{broken[2]}; the plan was left as it was."
                        )
                # The models load only to upgrade (opening a current plan needs none).
                from planner.defaults import ensure_defaults
                from planner.models import PlanNote

                with Session(bind=connection) as session:
                    ensure_defaults(session)
                    if session.get(PlanNote, "created_with") is None:
                        session.add(PlanNote(key="created_with", value=migrate.head_revision()))
                    session.commit()  # joins the connection's transaction; it commits below
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def _explain_db_error(where: object, exc: BaseException, *, writing: bool = True) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return f"{where} is damaged or not a plan file ({text})."
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return f"Cannot open {where}{' for writing' if writing else ''} ({text})."
    if "locked" in lowered:
        return f"{where} is busy: another program is writing to it ({text})."
    return f"Cannot open {where}: {text}"


def plan_exists(target: str | Path) -> bool:
    """Whether ``target`` already holds a plan (used by 'init' to refuse overwriting)."""
    location = locate(target)
    if location.path is not None:
        return location.path.exists() and location.path.stat().st_size > 0
    engine = make_engine(location)
    try:
        with engine.connect() as connection:
            return not migrate.is_empty(connection)
    except (OperationalError, DBAPIError) as exc:
        raise PlanOpenError(_explain_db_error(location.display_name, exc)) from exc
    finally:
        engine.dispose()


def note(session: Session, key: str) -> str | None:
    from planner.models import PlanNote

    return session.scalar(select(PlanNote.value).where(PlanNote.key == key))
