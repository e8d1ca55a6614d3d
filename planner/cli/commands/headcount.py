"""``planner headcount --mission CODE | --authorisation REF [--from DATE] [--to DATE]
[--json]``: the daily count as maximal runs of equal value, each with the ceiling in force
and the authorisation that sets it (DESIGN.md section 6).

A mission's headcount is held to the ceiling of the authorisation governing it, so its
runs split where that changes; an authorisation's total (the missions it governs) to its
total ceiling, over the days it is in force, and each of its ceiling clauses likewise
(``clauses``). The figures are those of a full check (``PlanFacts``). It only reads: it
works while the window holds the plan.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planner.cli.common import EXIT_OK, UsageError, day_argument, open_for_reading, say

if TYPE_CHECKING:
    from planner.app import CountRun


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "headcount",
        help="a mission's or an authorisation's daily count as runs",
        description="The daily headcount of a mission (or the total of an authorisation) "
        "as runs of equal value, each with the ceiling in force and its authorisation.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--mission", metavar="CODE", help="a mission code (UNDOF)")
    which.add_argument(
        "--authorisation", metavar="REF", help="an authorisation's reference: its total"
    )
    parser.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD)")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"mission": …, "runs": [{"start", "end", "count", "ceiling", '
        '"authorisation"}]}',
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from planner.errors import NotFoundError

    start = day_argument("--from", args.start)
    end = day_argument("--to", args.end)
    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    with open_for_reading(args) as session:
        facts = session.checker.refresh().facts
    document: dict[str, Any]
    if args.mission is not None:
        mission = facts.mission(args.mission)
        if mission is None:
            raise NotFoundError(f"There is no mission {args.mission} in the plan.")
        runs = mission.headcount.runs(start, end)
        document = {"mission": mission.code, "runs": [r.to_json() for r in runs]}
        title = f"{mission.code} ({mission.name}): headcount"
        clauses: list[tuple[str, list[CountRun]]] = []
    else:
        authorisation = facts.authorisation(args.authorisation)
        if authorisation is None:
            raise NotFoundError(f"There is no authorisation {args.authorisation} in the plan.")
        runs = authorisation.total.runs(start, end)
        clauses = [(c.key, c.runs(start, end)) for c in authorisation.clauses]
        document = {
            "authorisation": authorisation.reference,
            "runs": [r.to_json() for r in runs],
            "clauses": [
                {"clause": label, "runs": [r.to_json() for r in mine]} for label, mine in clauses
            ],
        }
        title = f"Authorisation {authorisation.reference}: total of the missions it governs"
    if args.json:
        say(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        say(_table(title, runs))
        for label, mine in clauses:
            say()
            say(_table(f"Clause {label}", mine))
    return EXIT_OK


def _table(title: str, runs: Sequence[CountRun]) -> str:
    if not runs:
        return f"{title}: nobody counts on those days."
    lines = [f"{title}, {runs[0].start}..{runs[-1].end}:"]
    for r in runs:
        days = f"{r.start}..{r.end}" if r.end != r.start else f"{r.start}"
        limit = (
            f"ceiling {r.ceiling} ({r.authorisation})"
            if r.ceiling is not None
            else (f"no ceiling ({r.authorisation})" if r.authorisation else "no authorisation")
        )
        over = "  OVER" if r.over or (r.authorisation is None and r.count) else ""
        lines.append(f"  {days:<23} {r.count:>7,}  {limit}{over}")
    return "\n".join(lines)
