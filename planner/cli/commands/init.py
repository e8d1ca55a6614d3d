"""``planner init [--demo] [--force]``: create an empty plan, or the demo plan."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.common import EXIT_OK, plan_target
from planner.engine import locate
from planner.plan import Plan, create_plan


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
    where = location.path or location.display_name

    def fill(plan: Plan) -> dict[str, int]:
        from planner.demo import build_demo_plan

        return build_demo_plan(plan)

    # Built beside the target and moved into place (planner.plan.create_plan): a killed
    # init leaves the old file or none; --force replaces only a plan, after a backup.
    counts = create_plan(target, force=args.force, fill=fill if args.demo else None)
    if counts is not None:
        total = ", ".join(f"{n} {name}" for name, n in counts.items())
        print(f"Created the demo plan at {where}: {total}.")
    else:
        print(f"Created an empty plan at {where}.")
    return EXIT_OK
