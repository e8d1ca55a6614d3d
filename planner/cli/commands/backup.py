"""``planner backup [--out FILE]``: an online backup of a SQLite plan."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.common import EXIT_OK, output_path, plan_target, say


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("backup", help="online backup of a SQLite plan")
    parser.add_argument("--out", metavar="FILE", help="where to write the copy")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from planner.app.session import PlanSession

    out = output_path(args.out) if args.out else None
    # An online backup is taken while others write: no need to hold the plan's lock.
    with PlanSession.open(plan_target(args), read_only=True) as session:
        written = session.backup(out)
    say(f"Backed up to {written}")
    return EXIT_OK
