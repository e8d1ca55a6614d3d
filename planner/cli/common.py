"""What the commands share: exit statuses and opening the plan named by --db."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.plan import Plan, default_target, open_plan

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad arguments found after parsing (a file that cannot be written, say)."""


def plan_target(args: argparse.Namespace) -> str:
    # An empty --db (an unset variable in a script) is an error, not the per-user plan.
    return str(args.db) if args.db is not None else default_target()


def open_from_args(args: argparse.Namespace, *, create: bool = False) -> Plan:
    return open_plan(plan_target(args), create=create)


def output_path(raw: str, *, suffix: str | None = None) -> Path:
    """Check an --out path before any work is done, so a bad one changes nothing."""
    path = Path(raw).expanduser()
    if suffix and path.suffix.lower() != suffix:
        raise UsageError(f"{path} must end in {suffix}")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if not path.parent.exists():
        raise UsageError(f"the folder {path.parent} does not exist")
    return path
