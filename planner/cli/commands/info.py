"""``planner info``: counts of each entity and the schema revision."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.common import EXIT_OK, open_from_args
from planner.queries.counts import entity_counts


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("info", help="counts of each entity and the schema revision")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as plan:
        counts = entity_counts(plan)
        revision = plan.schema_revision()
        print(f"Plan: {plan.name} ({plan.path or 'server'})")
        print(f"Schema revision: {revision}")
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            print(f"  {label:<{width}}  {count:>7,}")
    return EXIT_OK
