"""Engines for the two kinds of plan store: a SQLite file or a PostgreSQL URL.

Everything SQLite-specific (pragmas, file checks) lives here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from planner.errors import PlanOpenError

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
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return PlanLocation(url=f"sqlite:///{path}", path=path)
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise PlanOpenError(f"'{text}' is not a database URL I can read.") from exc
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


def check_sqlite_file(path: Path, *, must_exist: bool) -> None:
    """Refuse, with a plain message, what is not a usable SQLite plan file."""
    if path.is_dir():
        raise PlanOpenError(f"{path} is a folder, not a plan file.")
    if not path.exists():
        if must_exist:
            raise PlanOpenError(f"There is no plan at {path}. Create one with 'planner init'.")
        if not path.parent.is_dir():
            raise PlanOpenError(f"The folder {path.parent} does not exist.")
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise PlanOpenError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if head and not head.startswith(SQLITE_MAGIC):
        raise PlanOpenError(f"{path} is not a plan file (it is not an SQLite database).")
    if head and len(head) < 100:
        raise PlanOpenError(f"{path} is damaged: the file is truncated.")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def make_engine(location: PlanLocation, *, read_only: bool = False) -> Engine:
    if location.path is not None:
        url = location.url
        connect_args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000}
        if read_only:
            url = f"sqlite:///file:{location.path}?mode=ro&uri=true"
        engine = create_engine(url, connect_args=connect_args)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(location.url, pool_pre_ping=True)
    except NoSuchModuleError as exc:  # pragma: no cover - depends on installed drivers
        raise PlanOpenError(f"No database driver for {location.url}: {exc}") from exc
    except ModuleNotFoundError as exc:  # pragma: no cover
        raise PlanOpenError(
            "PostgreSQL support is not installed: pip install 'rotation-planner[postgres]'."
        ) from exc
