"""Online backups of SQLite plans (SQLite's backup API), keeping a bounded number.

A backup is written to a temporary file beside its target, checked (``PRAGMA
integrity_check``), and only then linked into place under its name, which it never
takes from another file. A killed or failing backup therefore leaves no file under a
backup's name, and the ten kept are ten good ones: pruning counts only files that look
whole (an SQLite header whose page count matches the file's size), so a damaged file
left by an older version never pushes a good backup out.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import sqlite3
from pathlib import Path

from planner import atomic
from planner.engine import SQLITE_MAGIC, sqlite_uri
from planner.errors import PlannerError
from planner.filekinds import NOFOLLOW, SAFE_OPEN, explain, explain_database_error

DEFAULT_KEEP = 10


def backup_dir_for(plan_path: Path) -> Path:
    return plan_path.with_name(plan_path.stem + "-backups")


def backup_sqlite(
    plan_path: Path, out: Path | None = None, *, keep: int = DEFAULT_KEEP, reason: str = "manual"
) -> Path:
    """Copy the plan with SQLite's online backup API and return the copy's path.

    Safe while another connection writes: the copy is a consistent snapshot. Without
    ``out`` the copy goes to the plan's backup folder, where only the newest ``keep``
    automatic copies are kept.
    """
    folder = backup_dir_for(plan_path)
    if out is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        out = folder / f"{plan_path.stem}-{stamp}-{reason}.sqlite"
    try:
        if out.parent == folder:
            atomic.make_private_folder(folder, what="backup folder", mode=0o777)
        if os.path.lexists(out):
            raise PlannerError(f"The backup file {out} already exists; choose another name.")
        with atomic.staged(out, overwrite=False) as stage:
            try:
                _copy(plan_path, stage.path)
            except sqlite3.Error as exc:  # told apart before the copy is removed
                full = explain_database_error(exc, stage.path)
                if full is not None:
                    raise PlannerError(f"Could not back up {plan_path}: {full}.") from None
                raise
            stage.commit()
    except atomic.AtomicWriteError as exc:
        raise PlannerError(f"Could not write the backup: {exc}.") from None
    except (sqlite3.Error, OSError) as exc:
        if isinstance(exc, OSError):
            why = explain(exc, out, doing="writing the backup")
        else:
            why = explain_database_error(exc, out) or str(exc)
        raise PlannerError(f"Could not back up {plan_path} to {out}: {why}") from None
    if out.parent == folder:
        prune_backups(plan_path, keep, reason=reason)
    return out


def _copy(plan_path: Path, copy: Path) -> None:
    source = sqlite3.connect(sqlite_uri(plan_path, read_only=True), uri=True)
    try:
        target = sqlite3.connect(copy)
        try:
            with target:
                source.backup(target)
            verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
    finally:
        source.close()
    if verdict != "ok":
        raise sqlite3.DatabaseError(f"the copy did not pass its integrity check ({verdict})")


def looks_whole(path: Path) -> bool:
    """Whether ``path`` is a regular file with an SQLite header whose page count matches
    its size (a backup cut short, or one rolled back to 0 bytes, does not)."""
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | SAFE_OPEN)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        head = os.pread(fd, 100, 0)
    except OSError:
        return False
    finally:
        os.close(fd)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        return False
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    return pages > 0 and info.st_size == page_size * pages


def list_backups(plan_path: Path, reason: str = "*") -> list[Path]:
    """The plan's automatic backups (of one ``reason``, or all), oldest first."""
    folder = backup_dir_for(plan_path)
    if not folder.is_dir():
        return []
    # The time stamp sorts as text; escape the stem, a name may hold [ or *.
    stamp = "????????-??????-??????"
    reason_pattern = reason if reason == "*" else glob.escape(reason)
    return sorted(folder.glob(f"{glob.escape(plan_path.stem)}-{stamp}-{reason_pattern}.sqlite"))


def prune_backups(plan_path: Path, keep: int, *, reason: str = "*") -> None:
    """Keep the newest ``keep`` good backups of each reason: many backups on close must
    not push out the one taken before an upgrade, and a damaged file is not one."""
    backups = [path for path in list_backups(plan_path, reason) if looks_whole(path)]
    for old in backups[: max(0, len(backups) - keep)]:
        old.unlink(missing_ok=True)
