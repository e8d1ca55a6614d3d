"""Making a new plan where a front end asks for one (``planner init``, File ▸ New plan).

``init_plan`` refuses to overwrite a plan unless told to replace it (SQLite only, and
only while nobody has it open), makes the plan's folder, and takes away a half-made plan
file again when making it fails, so that the next attempt is not refused."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from planner.app.session import PlanSession
from planner.engine import locate
from planner.errors import PlannerError
from planner.plan import check_writable_folder, plan_exists


@dataclass(frozen=True)
class NewPlan:
    where: str  # the file, or the server database's name
    counts: dict[str, int] = field(default_factory=dict)  # the demo's records, if any


def init_plan(target: str | Path, *, demo: bool = False, replace: bool = False) -> NewPlan:
    """Make an empty plan (or the demo plan) at ``target``; PlannerError says why not."""
    location = locate(target)
    if location.path is not None and location.path.parent.is_dir():
        check_writable_folder(location.path)
    if plan_exists(target):
        if not replace:
            raise PlannerError(
                f"a plan already exists at {location.path or location.display_name}; "
                "nothing was changed (use --force to replace it)"
            )
        if location.path is None:
            raise PlannerError("--force replaces SQLite plan files only; drop the database instead")
        remove_sqlite_plan(location.path)
    existed = False
    if location.path is not None:
        try:
            location.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlannerError(
                f"cannot create the folder {location.path.parent}: {exc.strerror or exc}"
            ) from exc
        existed = location.path.exists()
    where = str(location.path or location.display_name)
    try:
        with PlanSession.open(target, create=True) as session:
            counts = session.build_demo() if demo else {}
    except BaseException:
        # A half-made plan file would make the next attempt refuse: take it away again,
        # but only one made here, and never hide the error that stopped it.
        if location.path is not None and not existed:
            with contextlib.suppress(PlannerError, OSError):
                remove_sqlite_plan(location.path)
        raise
    return NewPlan(where, counts)


def remove_sqlite_plan(path: Path) -> None:
    """Delete a SQLite plan and its journal files; refused while anyone has it open."""
    from planner.lock import PlanLock

    lock = PlanLock(path)
    lock.acquire()  # refuses if another process has the plan open
    try:
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    finally:
        lock.release()
