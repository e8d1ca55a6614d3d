"""``planner template --out FILE.xlsx``: the empty plan workbook with instructions."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli.common import EXIT_OK, output_path, say


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "template", help="write the empty plan workbook with an instructions sheet"
    )
    parser.add_argument("--out", metavar="FILE.xlsx", required=True)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from planner.app import WriteTemplate

    out = output_path(args.out, suffix=".xlsx")
    WriteTemplate(out).write()
    say(f"Wrote the empty plan workbook to {out}")
    return EXIT_OK
