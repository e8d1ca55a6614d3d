"""``planner import FILE.xlsx``: import a plan workbook, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.cli.common import EXIT_OK, EXIT_USAGE, open_for_writing, say


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import", help="import a plan workbook (all or nothing, merged by natural key)"
    )
    parser.add_argument("file", metavar="FILE.xlsx", help="the plan workbook to import")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from planner.app import ImportWorkbook, WorkbookError

    path = Path(args.file).expanduser()
    with open_for_writing(args) as session:
        try:
            done = session.run(ImportWorkbook(path))
        except WorkbookError as exc:
            # Every row error is listed (several lines), then nothing else happens.
            print(f"planner: {exc.report()}", file=sys.stderr)
            return EXIT_USAGE
        name = session.name
    report = done.report
    assert report is not None
    say(f"Imported {path.name} into {name}:")
    say(report.summary())
    if not report.changed:
        say("Nothing changed: the plan already held these records.")
    return EXIT_OK
