"""``planner init [--demo] [--force]``: create an empty plan, or the demo plan."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from planner.cli.common import EXIT_OK, UsageError, open_from_args, plan_target
from planner.engine import locate
from planner.errors import PlannerError
from planner.plan import check_writable_folder, plan_exists


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help="create an empty plan, or the demo plan")
    parser.add_argument("--demo", action="store_true", help="fill the plan with the demo plan")
    parser.add_argument(
        "--force", action="store_true", help="replace an existing plan file (SQLite only)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    target = plan_target(args)
    location = locate(target)
    if location.path is not None and location.path.parent.is_dir():
        check_writable_folder(location.path)
    if plan_exists(target):
        if not args.force:
            raise UsageError(
                f"a plan already exists at {location.path or location.display_name}; "
                "nothing was changed (use --force to replace it)"
            )
        if location.path is None:
            raise UsageError("--force replaces SQLite plan files only; drop the database instead")
        _remove_sqlite(location.path)
    existed = False
    if location.path is not None:
        try:
            location.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(
                f"cannot create the folder {location.path.parent}: {exc.strerror or exc}"
            ) from exc
        existed = location.path.exists()
    where = location.path or location.display_name
    try:
        with open_from_args(args, create=True) as plan:
            if args.demo:
                from planner.demo import build_demo_plan

                counts = build_demo_plan(plan)
    except BaseException:
        # A half-made plan file would make the next 'init' refuse: take it away again,
        # but only one this command made, and never hide the error that stopped it.
        if location.path is not None and not existed:
            with contextlib.suppress(PlannerError, OSError):
                _remove_sqlite(location.path)
        raise
    if args.demo:
        total = ", ".join(f"{n} {name}" for name, n in counts.items())
        print(f"Created the demo plan at {where}: {total}.")
    else:
        print(f"Created an empty plan at {where}.")
    return EXIT_OK


def _remove_sqlite(path: Any) -> None:
    from planner.lock import PlanLock

    lock = PlanLock(path)
    lock.acquire()  # refuses if another process has the plan open
    try:
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    finally:
        lock.release()
