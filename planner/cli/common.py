"""What the commands share: exit statuses, opening the plan named by --db, checking
arguments before any work, and writing to a reader that may go away.

Nothing here imports more than ``os`` and ``sys`` at import time: the parser is made from
these modules, and ``planner --help`` must start in a moment (pathlib alone costs a
fifth of it)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    import datetime as dt
    from pathlib import Path

    from planner.app.session import PlanSession

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad arguments found after parsing (a file that cannot be written, say)."""


def plan_target(args: argparse.Namespace) -> str:
    from planner.app.session import default_target

    # An empty --db (an unset variable in a script) is an error, not the per-user plan.
    return str(args.db) if args.db is not None else default_target()


def open_for_writing(args: argparse.Namespace, *, create: bool = False) -> PlanSession:
    """The plan, locked for writing: refused (with who holds it) while the window has it."""
    from planner.app.session import PlanSession

    return PlanSession.open(plan_target(args), create=create)


def open_for_reading(args: argparse.Namespace) -> PlanSession:
    """The plan read-only, so that a command that only reads works while the window
    holds the plan (one that needs an upgrade first is opened to be upgraded)."""
    from planner.app.session import PlanSession

    return PlanSession.open_for_reading(plan_target(args))


def output_path(raw: str, *, suffix: str | None = None) -> Path:
    """Check an --out path before any work is done, so a bad one changes nothing."""
    from pathlib import Path

    path = Path(raw).expanduser()
    if suffix and path.suffix.lower() != suffix:
        raise UsageError(f"{path} must end in {suffix}")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if not path.parent.exists():
        raise UsageError(f"the folder {path.parent} does not exist")
    return path


def day_argument(option: str, raw: str | None) -> dt.date | None:
    """A date given to ``option`` (YYYY-MM-DD or DD.MM.YYYY), or UsageError naming it."""
    if raw is None:
        return None
    from planner.app import parse_date

    try:
        return parse_date(raw)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def say(text: str = "") -> None:
    """Print a line for the reader of stdout. If the reader has gone away (``planner
    check | head`` after ten lines), the rest is dropped quietly: the command still
    finishes and exits with its own status."""
    try:
        print(text)
    except BrokenPipeError:
        quiet_stdout()


def quiet_stdout() -> None:
    """Send whatever stdout still gets to nowhere (a closed pipe cannot take it, and
    Python would complain about it on exit)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test's capture): nothing to quiet
        pass
    finally:
        os.close(devnull)
