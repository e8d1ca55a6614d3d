"""``planner [--db PATH|URL] COMMAND …``: the entry point.

Each command is a module in ``planner.cli.commands`` with a ``register(subparsers)``
function and a ``run(args)``; ``COMMANDS`` lists them with their one-line help. Only the
module of the command being run is imported (it imports what it needs when it runs), so
``planner --help`` and ``--version`` start in a moment. Exit status: 0 done, 1 a check
found errors, 2 bad input or usage (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Final

from planner import __version__
from planner.cli.common import EXIT_USAGE, UsageError, quiet_stdout
from planner.textsafe import escaped_output

# name -> (module in planner.cli.commands, help), in the order --help lists them.
COMMANDS: Final[dict[str, tuple[str, str]]] = {
    "init": ("init", "create an empty plan, or the demo plan"),
    "info": ("info", "counts of each entity and the schema revision"),
    "import": ("import_workbook", "import a plan workbook (all or nothing, merged by natural key)"),
    "export": ("export", "write the plan or a roster as a workbook"),
    "template": ("template", "write the empty plan workbook with an instructions sheet"),
    "check": ("check", "run every rule; exit status 1 if there are errors"),
    "headcount": ("headcount", "a mission's or an authorisation's daily count as runs"),
    "backup": ("backup", "online backup of a SQLite plan"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors already exit 2; keep its format, one clear line.
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; the arguments of ``command`` only (None: every command's), the others
    by name and help, enough for ``planner --help``."""
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
    for name, (module, text) in COMMANDS.items():
        if command is None or name == command:
            importlib.import_module(f"planner.cli.commands.{module}").register(subparsers)
        else:
            subparsers.add_parser(name, help=text)
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is not an option or --db's value)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    # Text from the plan or a workbook is printed with anything unprintable escaped:
    # a crafted name must not rewrite the terminal (planner.textsafe).
    with escaped_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(command_named(arguments)).parse_args(arguments)
    try:
        status: int = args.run(args)
    except BrokenPipeError:  # a write not made through ``say`` (see there)
        quiet_stdout()
        return 0
    except UsageError as exc:
        print(f"planner: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("planner: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except Exception as exc:
        from planner.errors import PlannerError  # (not imported for --help: see above)

        if isinstance(exc, PlannerError):
            print(f"planner: {exc}", file=sys.stderr)
            return EXIT_USAGE
        # A bug: still no traceback for the planner, but say so.
        if os.environ.get("PLANNER_DEBUG"):
            raise
        print(
            f"planner: internal error ({type(exc).__name__}: {exc}); set PLANNER_DEBUG=1 "
            "for details",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        sys.stdout.flush()  # what is still buffered, while a closed pipe can be told
    except BrokenPipeError:
        quiet_stdout()
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
