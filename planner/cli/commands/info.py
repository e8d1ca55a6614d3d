"""``planner info``: counts of each entity and the schema revision (read-only: it works
while the window holds the plan, and on read-only media)."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.common import EXIT_OK, open_for_reading, say


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("info", help="counts of each entity and the schema revision")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_for_reading(args) as session:
        counts = session.entity_counts()
        revision = session.schema_revision()
        say(f"Plan: {session.name} ({session.where})")
        say(f"Schema revision: {revision}")
        width = max(len(label) for label in counts)
        for label, count in counts.items():
            say(f"  {label:<{width}}  {count:>7,}")
    return EXIT_OK
