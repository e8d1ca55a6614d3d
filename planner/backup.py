"""Online backups of SQLite plans (SQLite's backup API), keeping a bounded number."""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import sqlite3
from pathlib import Path

from planner.engine import sqlite_uri
from planner.errors import PlannerError

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
    if out is None:
        folder = backup_dir_for(plan_path)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        out = folder / f"{plan_path.stem}-{stamp}-{reason}.sqlite"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            raise PlannerError(f"The backup file {out} already exists; choose another name.")
    except OSError as exc:
        raise PlannerError(f"Could not write the backup {out}: {exc.strerror or exc}") from exc
    try:
        source = sqlite3.connect(sqlite_uri(plan_path, read_only=True), uri=True)
        try:
            target = sqlite3.connect(out)
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        # Leave no half-written copy that could later be taken for a good backup.
        for leftover in (out, out.with_name(out.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PlannerError(f"Could not back up {plan_path} to {out}: {why}") from exc
    if out.parent == backup_dir_for(plan_path):
        prune_backups(plan_path, keep, reason=reason)
    return out


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
    """Keep the newest ``keep`` backups of each reason: many backups on close must not
    push out the one taken before an upgrade."""
    backups = list_backups(plan_path, reason)
    for old in backups[: max(0, len(backups) - keep)]:
        old.unlink(missing_ok=True)
