"""``planner init [--demo] [--force]``: create an empty plan, or the demo plan."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.common import EXIT_OK, plan_target, say


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help="create an empty plan, or the demo plan")
    parser.add_argument("--demo", action="store_true", help="fill the plan with the demo plan")
    parser.add_argument(
        "--force", action="store_true", help="replace an existing plan file (SQLite only)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from planner.app.setup import init_plan

    made = init_plan(plan_target(args), demo=args.demo, replace=args.force)
    if args.demo:
        total = ", ".join(f"{n} {name}" for name, n in made.counts.items())
        say(f"Created the demo plan at {made.where}: {total}.")
    else:
        say(f"Created an empty plan at {made.where}.")
    return EXIT_OK
