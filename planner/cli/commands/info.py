"""``planner info``: counts of each entity and the schema revision."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.common import EXIT_OK, plan_target
from planner.plan import open_plan
from planner.queries.counts import entity_counts


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("info", help="counts of each entity and the schema revision")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Read-only: it works while the desktop app has the plan open, and on read-only media.
    with open_plan(plan_target(args), read_only=True) as plan:
        counts = entity_counts(plan)
        revision = plan.schema_revision()
        print(f"Plan: {plan.name} ({plan.path or 'server'})")
        print(f"Schema revision: {revision}")
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            print(f"  {label:<{width}}  {count:>7,}")
    return EXIT_OK
