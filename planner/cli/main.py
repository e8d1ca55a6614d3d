"""``planner [--db PATH|URL] COMMAND …``: the entry point.

Each command is a module in ``planner.cli.commands`` with a ``register(subparsers)``
function; new commands are picked up without touching this file. Exit status: 0 done,
1 a check found errors, 2 bad input or usage (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from planner import __version__
from planner.cli import commands
from planner.cli.common import EXIT_USAGE, UsageError
from planner.errors import PlannerError
from planner.textsafe import escaped_output


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors already exit 2; keep its format, one clear line.
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="planner",
        description="Rotation Planner: plan peacekeeping rotations within their authorisations.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the plan: a SQLite file or a postgresql+psycopg:// URL "
        "(default: $PLANNER_DB, else the per-user plan)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Text from the plan or a workbook is printed with anything unprintable escaped:
    # a crafted name must not rewrite the terminal (planner.textsafe).
    with escaped_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except (PlannerError, UsageError) as exc:
        print(f"planner: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("planner: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still no traceback for the planner, but say so
        if os.environ.get("PLANNER_DEBUG"):
            raise
        print(
            f"planner: internal error ({type(exc).__name__}: {exc}); set PLANNER_DEBUG=1 "
            "for details",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
