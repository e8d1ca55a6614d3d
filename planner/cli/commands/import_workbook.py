"""``planner import FILE.xlsx``: import a plan workbook, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli.common import EXIT_OK, EXIT_USAGE, open_from_args


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import", help="import a plan workbook (all or nothing, merged by natural key)"
    )
    parser.add_argument("file", metavar="FILE.xlsx", help="the plan workbook to import")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from planner.excel import WorkbookError, import_workbook

    path = Path(args.file).expanduser()
    with open_from_args(args) as plan:
        try:
            report = import_workbook(plan, path)
        except WorkbookError as exc:
            # Every row error is listed (several lines), then nothing else happens.
            print(f"planner: {exc.report()}", file=sys.stderr)
            return EXIT_USAGE
    print(f"Imported {path.name} into {plan.name}:")
    print(report.summary())
    if not report.changed:
        print("Nothing changed: the plan already held these records.")
    return EXIT_OK
