"""Engines for the two kinds of plan store: a SQLite file or a PostgreSQL URL.

Everything SQLite-specific (pragmas, file checks) lives here and nowhere else.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import QueuePool

from planner.errors import PlanOpenError
from planner.filekinds import NotRegularError, explain, kind_of, open_regular, shown_path

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class PlanLocation:
    """Where a plan lives: a SQLite file (``path``) or a server URL."""

    url: str
    path: Path | None

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.stem
        return make_url(self.url).database or self.url


def locate(target: str | Path) -> PlanLocation:
    """Turn what the user gave (a path or a URL) into a location, or explain why not."""
    text = str(target).strip()
    if not text:
        raise PlanOpenError("No plan given: name a plan file or a database URL.")
    if "\x00" in text:
        raise PlanOpenError("The plan's name holds a NUL character; give a plain path or URL.")
    if "://" not in text:
        path = _resolve(text)
        return PlanLocation(url=f"sqlite:///{path}", path=path)
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise PlanOpenError(f"'{shown_path(text)}' is not a database URL I can read.") from exc
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        if not url.database or url.database == ":memory:":
            raise PlanOpenError("A SQLite URL must name a file: sqlite:///path/to/plan.sqlite")
        return locate(url.database)
    if url.get_backend_name() == "postgresql":
        if url.drivername != "postgresql+psycopg":
            url = url.set(drivername="postgresql+psycopg")
        return PlanLocation(url=url.render_as_string(hide_password=False), path=None)
    raise PlanOpenError(
        f"Unknown database URL '{url.render_as_string(hide_password=True)}': use a plan file "
        "path or a postgresql+psycopg:// URL."
    )


def _resolve(text: str) -> Path:
    """The absolute path of a plan, symbolic links and '..' resolved (one spelling of a
    file gets one lock file), or PlanOpenError saying what is wrong with the path."""
    try:
        path = Path(text).expanduser().resolve()
    except RuntimeError:  # Python 3.11 reports a loop of symbolic links so
        raise PlanOpenError(f"{shown_path(text)} is a loop of symbolic links.") from None
    except OSError as exc:
        raise PlanOpenError(f"Cannot use the plan path: {explain(exc, text)}.") from None
    return path


def check_sqlite_file(path: Path, *, must_exist: bool) -> None:
    """Refuse, with a plain message, what is not a usable SQLite plan file: before SQLite
    opens it, and without waiting on a named pipe or a device."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if must_exist:
            raise PlanOpenError(
                f"There is no plan at {shown_path(path)}. Create one with 'planner init'."
            ) from None
        _check_folder(path.parent)
        return
    except OSError as exc:
        raise PlanOpenError(f"Cannot open the plan: {explain(exc, path)}.") from None
    kind = kind_of(info.st_mode)
    if kind is not None:
        raise PlanOpenError(f"{shown_path(path)} is {kind}, not a plan file.")
    try:
        fd = open_regular(path)
        try:
            head = os.read(fd, 100)
        finally:
            os.close(fd)
    except NotRegularError as exc:
        raise PlanOpenError(f"{shown_path(path)} is {exc.kind}, not a plan file.") from None
    except OSError as exc:
        raise PlanOpenError(f"Cannot read the plan: {explain(exc, path)}.") from None
    if not head and must_exist:
        # Refuse before SQLite touches it: even a query would write a header into it.
        raise PlanOpenError(f"{path} is empty: it holds no plan. Create one with 'planner init'.")
    if head and not head.startswith(SQLITE_MAGIC):
        raise PlanOpenError(
            f"{path} is not a plan file (it is {_content_kind(head)}, not an SQLite database)."
        )
    if head and len(head) < 100:
        raise PlanOpenError(f"{path} is damaged: the file is truncated.")
    for companion in ("-wal", "-shm", "-journal"):
        _check_companion(path.with_name(path.name + companion))


def _content_kind(head: bytes) -> str:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    return "a text file" if text and "\x00" not in text else "a file of another kind"


def _check_folder(folder: Path) -> None:
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise PlanOpenError(f"The folder {shown_path(folder)} does not exist.") from None
    except OSError as exc:
        raise PlanOpenError(f"Cannot use the folder: {explain(exc, folder)}.") from None
    if kind_of(info.st_mode) != "a folder":
        raise PlanOpenError(f"{shown_path(folder)} is not a folder.")


def _check_companion(path: Path) -> None:
    """SQLite opens a plan's journal files by name, following links: a journal that is a
    link (to a file elsewhere), or not a regular file, is refused."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise PlanOpenError(f"Cannot open the plan: {explain(exc, path)}.") from None
    kind = kind_of(info.st_mode)
    if kind is not None:
        raise PlanOpenError(
            f"The plan's journal {shown_path(path)} is {kind}, not a file; refused."
        )


def _common_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()
    # No implicit BEGIN from the driver: _begin emits it (and COMMIT still works).
    dbapi_connection.isolation_level = None


def _writer_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a write commits; FULL syncs every commit to disk, so
    # a commit that returned survives a crash or power cut. A read-only connection may
    # not change the journal mode, so only writers set them.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


WRITE_OPTION = "planner_write"
"""Execution option naming a connection that will write: it begins with BEGIN IMMEDIATE."""


def _begin(connection: Connection) -> None:
    # The sqlite3 module's own transaction control does not BEGIN before a SELECT or
    # CREATE TABLE: reads would see other writers' commits half-way through, and a
    # migration would not be atomic. So the driver is put in autocommit mode (see
    # _common_pragmas) and SQLAlchemy's begin emits BEGIN itself. A writer takes the
    # write lock at once (IMMEDIATE), waiting up to the busy timeout, instead of failing
    # later when a read snapshot cannot be upgraded.
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_uri(path: Path, *, read_only: bool, probe: bool = False) -> str:
    """A file: URI for ``path``: percent-encoded, so that '?', '#' or '%' in a folder or
    file name cannot be read as URI syntax.

    ``probe``: a look at a file that may not be a plan (or not one this version opens),
    which must leave no trace: a read of a WAL database creates its -shm and -wal files,
    so while it has no -wal (its last writer closed it cleanly: the file is whole) it is
    read as an immutable file."""
    if not read_only:
        return f"{path.as_uri()}?mode=rwc"
    if probe and not os.path.lexists(path.with_name(path.name + "-wal")):
        return f"{path.as_uri()}?mode=ro&immutable=1"
    if not os.access(path.parent, os.W_OK):
        # Reading a WAL database needs its -shm file, which SQLite cannot create in a
        # read-only folder (a CD, a share). Nobody can be writing the plan there either,
        # so it is read as an immutable file (see refuse_unreadable_journal).
        return f"{path.as_uri()}?mode=ro&immutable=1"
    return f"{path.as_uri()}?mode=ro"


def refuse_unreadable_journal(path: Path) -> None:
    """An immutable read ignores the -wal file: refuse rather than show stale data."""
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and wal.exists() and wal.stat().st_size > 0:
        raise PlanOpenError(
            f"{path} cannot be read in the read-only folder {path.parent}: its journal "
            f"{wal.name} holds changes. Copy the plan and {wal.name} to a writable folder."
        )


def make_engine(location: PlanLocation, *, read_only: bool = False, probe: bool = False) -> Engine:
    if location.path is not None:
        if read_only:
            refuse_unreadable_journal(location.path)
        uri = sqlite_uri(location.path, read_only=read_only, probe=probe)

        def connect() -> sqlite3.Connection:
            # Our own connect (not the URL) so that any file name works; pooled
            # connections may move to the worker thread, hence check_same_thread off.
            return sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )

        engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
        event.listen(engine, "connect", _common_pragmas)
        if not read_only:
            event.listen(engine, "connect", _writer_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    try:
        return create_engine(location.url, pool_pre_ping=True)
    except NoSuchModuleError as exc:  # pragma: no cover - depends on installed drivers
        raise PlanOpenError(f"No database driver for {location.url}: {exc}") from exc
    except ModuleNotFoundError as exc:  # pragma: no cover
        raise PlanOpenError(
            "PostgreSQL support is not installed: pip install 'rotation-planner[postgres]'."
        ) from exc
