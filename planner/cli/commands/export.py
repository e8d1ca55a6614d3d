"""``planner export plan|roster …``: write the plan, or one roster, as a workbook. It only
reads: it works while the window holds the plan."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.common import (
    EXIT_OK,
    UsageError,
    day_argument,
    open_for_reading,
    output_path,
    say,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="write the plan or a roster as a workbook")
    kinds = parser.add_subparsers(dest="kind", metavar="plan|roster")
    kinds.required = True
    whole = kinds.add_parser("plan", help="the whole plan as a plan workbook")
    whole.add_argument("--out", metavar="FILE.xlsx", required=True)
    whole.set_defaults(run=run_plan)
    roster = kinds.add_parser("roster", help="the roster of a rotation, or of a mission on a date")
    which = roster.add_mutually_exclusive_group(required=True)
    which.add_argument("--rotation", metavar="CODE", help="a rotation code (KAZCOY-R05)")
    which.add_argument("--mission", metavar="CODE", help="a mission code (with --on)")
    roster.add_argument("--on", metavar="DATE", help="the day, YYYY-MM-DD (with --mission)")
    roster.add_argument("--out", metavar="FILE.xlsx", required=True)
    roster.set_defaults(run=run_roster)


def run_plan(args: argparse.Namespace) -> int:
    from planner.app import ExportPlan

    out = output_path(args.out, suffix=".xlsx")
    with open_for_reading(args) as session:
        session.run(ExportPlan(out))
    say(f"Wrote the plan to {out}")
    return EXIT_OK


def run_roster(args: argparse.Namespace) -> int:
    from planner.app import ExportRoster

    out = output_path(args.out, suffix=".xlsx")
    day = None
    if args.mission is not None:
        if not args.on:
            raise UsageError("--mission needs --on DATE (the day of the roster)")
        day = day_argument("--on", args.on)
    elif args.on:
        raise UsageError("--on goes with --mission; a rotation's roster covers its dates")
    with open_for_reading(args) as session:
        session.run(ExportRoster(out, rotation=args.rotation, mission=args.mission, on=day))
    say(f"Wrote the roster to {out}")
    return EXIT_OK
