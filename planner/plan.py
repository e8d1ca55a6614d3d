"""Opening a plan: locate it, lock it, check and migrate its schema, hand out sessions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from sqlalchemy import Engine, select
from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    OperationalError,
    StatementError,
)
from sqlalchemy.orm import Session, sessionmaker

from planner import atomic, migrate
from planner.backup import backup_sqlite
from planner.engine import (
    SQLITE_MAGIC,
    WRITE_OPTION,
    PlanLocation,
    check_sqlite_file,
    locate,
    make_engine,
    sqlite_uri,
)
from planner.errors import PlannerError, PlanOpenError
from planner.filekinds import explain, explain_database_error, kind_of, shown_path
from planner.lock import PlanLock

T = TypeVar("T")

APP_NAME = "rotation-planner"


def default_plan_path() -> Path:
    """The per-user plan, unless PLANNER_DB names another."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "plan.sqlite"


def default_target() -> str:
    """PLANNER_DB if it is set, else the per-user plan. Set but empty (an unset variable
    in a script) is an error, never the per-user plan: 'init --force' would empty it."""
    named = os.environ.get("PLANNER_DB")
    if named is None:
        return str(default_plan_path())
    if not named.strip():
        raise PlanOpenError(
            "PLANNER_DB is set but empty: name a plan file or URL in it, or unset it to use "
            "the per-user plan."
        )
    return named


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
        try:
            with self.sessions() as session:
                yield session
        except (OperationalError, DBAPIError, sqlite3.Error) as exc:
            raise PlannerError(self._explain(exc, "could not be read")) from exc

    def _explain(self, exc: BaseException, what: str) -> str:
        if self.location.path is not None:
            full = explain_database_error(exc, self.location.path)
            if full is not None:
                return f"The plan {self.name} {what}: {full}."
        return f"The plan {self.name} {what} ({_first_line(exc)})."

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise PlannerError(f"The plan {self.name} is open read-only; no change was made.")
        try:
            with self._write_sessions.begin() as session:
                yield session
        except IntegrityError:
            raise  # the callers explain it (a duplicate key)
        except OperationalError as exc:
            if self.location.path is not None and explain_database_error(exc, self.location.path):
                raise PlannerError(self._explain(exc, "could not be written")) from exc
            raise  # the callers explain it (a busy plan)
        except sqlite3.OperationalError as exc:  # a query on the driver's own cursor
            full = explain_database_error(exc, self.location.path or "")
            if full is None:
                raise
            raise PlannerError(self._explain(exc, "could not be written")) from exc
        except (DBAPIError, StatementError, OverflowError) as exc:
            # Validation holds every value to planner.limits; should a value still get past
            # it, the planner reads one line, never the SQL and row data of the driver.
            raise PlannerError(
                f"The plan refused the change ({_first_line(exc)}); nothing was saved."
            ) from exc

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
    path = location.path
    if path is not None:
        check_sqlite_file(path, must_exist=not create or read_only)
        if not read_only:
            check_writable_folder(path)
            lock = PlanLock(path)
            lock.acquire()
    engine: Engine | None = None
    try:
        if path is not None and not read_only:
            atomic.sweep(path.parent)  # what writers killed here left behind
            if create and _no_plan_yet(path):
                _build_plan_file(path, None)  # made beside and moved into place
                assert lock is not None
                lock.lock_plan_file()
        engine = make_engine(location, read_only=read_only)
        _prepare_schema(location, engine, create=create, read_only=read_only)
    except BaseException:
        if engine is not None:
            engine.dispose()
        if lock is not None:
            lock.release()
        raise
    return Plan(location=location, engine=engine, read_only=read_only, lock=lock)


def create_plan(
    target: str | Path | None = None,
    *,
    force: bool = False,
    fill: Callable[[Plan], T] | None = None,
) -> T | None:
    """Make a new plan at ``target`` (``init``): empty, or filled by ``fill(plan)``.

    A SQLite plan is built beside the target and moved into place in one step, so that a
    killed ``init`` leaves the old file or none, never a half-made plan. ``force``
    replaces a plan (after a backup), and only a plan: any other file is refused, saying
    what it is. Returns what ``fill`` returned.
    """
    location = locate(target if target is not None else default_target())
    path = location.path
    if path is None:
        if plan_exists(location.url):
            raise PlanExistsError(
                f"a plan already exists at {location.display_name}; nothing was changed"
                + (
                    " (--force replaces SQLite plan files only; drop the database instead)"
                    if force
                    else ""
                )
            )
        with open_plan(location.url, create=True) as plan:
            return fill(plan) if fill is not None else None
    existing = what_is_at(path)
    if existing is not None:
        raise PlanOpenError(f"{shown_path(path)} is {existing}; nothing was changed.")
    replacing = not _no_plan_yet(path)
    if replacing and not force:
        raise PlanExistsError(
            f"a plan already exists at {path}; nothing was changed (use --force to replace it)"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the per-user folder, the first time
    except OSError as exc:
        raise PlanOpenError(f"Cannot create the folder: {explain(exc, path.parent)}.") from None
    check_sqlite_file(path, must_exist=False)
    check_writable_folder(path)
    lock = PlanLock(path)
    lock.acquire()  # refuses if another process has the plan open
    try:
        atomic.sweep(path.parent)
        if replacing:
            backup_sqlite(path, reason="before-replace")
            _settle_journal(path)
        return _build_plan_file(path, fill)
    finally:
        lock.release()


class PlanExistsError(PlanOpenError):
    """'init' found a plan where it was to make one."""


def what_is_at(path: Path) -> str | None:
    """None if ``path`` is free for a plan (nothing there, an empty file, or a plan);
    else what is there instead, as a phrase ("a folder", "a text file, not a plan" …)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PlanOpenError(f"Cannot use the plan path: {explain(exc, path)}.") from None
    kind = kind_of(info.st_mode)
    if kind is not None:
        return f"{kind}, not a plan file"
    if info.st_size == 0:
        return None
    check_sqlite_file(path, must_exist=True)  # refuses a file that is not SQLite
    try:
        connection = sqlite3.connect(sqlite_uri(path, read_only=True, probe=True), uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return f"a damaged database ({exc}); move it away to make a plan there"
    if not tables:
        return None  # an empty SQLite database: nothing in it to lose
    from planner.models import PlanNote  # only here: opening a plan maps no model

    revisions = _revisions(path) if migrate.VERSION_TABLE in tables else []
    if any(revision in migrate.known_revisions() for revision in revisions):
        return None
    if revisions and PlanNote.__tablename__ in tables:
        return (
            f"a plan written by a newer version of Rotation Planner (schema {revisions[0]}), "
            "which this version does not replace"
        )
    if PlanNote.__tablename__ in tables:
        return None  # a plan whose upgrade table is gone: a plan still
    listed = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
    return f"another application's database (tables: {listed}), not a plan"


def _revisions(path: Path) -> list[str]:
    connection = sqlite3.connect(sqlite_uri(path, read_only=True, probe=True), uri=True)
    try:
        rows = connection.execute(f"SELECT version_num FROM {migrate.VERSION_TABLE}").fetchall()
    except sqlite3.Error:
        return []
    finally:
        connection.close()
    return [str(row[0]) for row in rows]


def _no_plan_yet(path: Path) -> bool:
    """Nothing at ``path``, or an empty file (which holds nothing to lose)."""
    try:
        return os.stat(path).st_size == 0
    except FileNotFoundError:
        return True


def _settle_journal(path: Path) -> None:
    """Before a plan file is replaced: move its write-ahead log into it and remove the
    log, so that no journal of the old file is ever applied to the new one. The plan is
    locked (no writer); a reader still inside a read keeps the log, and is waited for
    no longer than the busy timeout."""
    try:
        connection = sqlite3.connect(sqlite_uri(path, read_only=False), uri=True, timeout=5)
        try:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise PlanOpenError(f"Cannot replace {path}: {exc}; nothing was changed.") from exc
    for companion in atomic.companions(path):
        with contextlib.suppress(FileNotFoundError):
            if busy or companion.stat().st_size:
                raise PlanOpenError(
                    f"Cannot replace {path}: another program is reading it; close it and "
                    "try again. Nothing was changed."
                )
            companion.unlink()


def _build_plan_file(path: Path, fill: Callable[[Plan], T] | None) -> T | None:
    """Build a plan in a temporary file beside ``path`` (schema, defaults, then
    ``fill``), check it, and move it into place."""
    try:
        with atomic.staged(path) as stage:
            staging = PlanLocation(url=f"sqlite:///{stage.path}", path=stage.path)
            engine = make_engine(staging)
            try:
                _prepare_schema(staging, engine, create=True, read_only=False)
                result = fill(Plan(location=staging, engine=engine)) if fill else None
            finally:
                engine.dispose()  # the last connection moves the log into the file
            _check_whole(stage.path)
            stage.commit()
    except atomic.AtomicWriteError as exc:
        raise PlanOpenError(f"Cannot create the plan: {exc}.") from None
    except sqlite3.Error as exc:
        raise PlanOpenError(f"Cannot create the plan {path}: {exc}.") from exc
    return result


def _check_whole(path: Path) -> None:
    """The new plan passes SQLite's integrity check and holds all it was given: the
    check's own connection, the last one, leaves no journal beside it."""
    connection = sqlite3.connect(sqlite_uri(path, read_only=False), uri=True)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    for companion in atomic.companions(path):
        if companion.exists() and companion.stat().st_size:
            raise PlanOpenError(f"The new plan {path} still has a journal; it was not used.")
    with open(path, "rb") as handle:
        if not handle.read(16).startswith(SQLITE_MAGIC) or verdict != "ok":
            raise PlanOpenError(f"The new plan {path} did not pass its check ({verdict}).")


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
    if location.path is not None and location.path.exists():
        # Look through a read-only connection first, that leaves no trace: a writer's
        # first connection switches the file to WAL, and a reader's makes its -shm file,
        # neither of which may happen to a file that is not a plan (or a newer one).
        probe = make_engine(location, read_only=True, probe=True)
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


def _first_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__


def _explain_db_error(where: object, exc: BaseException, *, writing: bool = True) -> str:
    if isinstance(where, Path):
        full = explain_database_error(exc, where)
        if full is not None:
            return f"Cannot open {where}: {full}."
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
