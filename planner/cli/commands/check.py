"""``planner check [--json]``: run every rule of the plan and list the findings.

Exit status 0 when nothing is an error (warnings and notes are fine), 1 when the check
found errors, 2 for bad input (a missing or damaged plan, say: the message on stderr).
It only reads: it works while the window holds the plan.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from planner.cli.common import EXIT_FINDINGS, EXIT_OK, open_for_reading, say

if TYPE_CHECKING:
    from planner.app import Finding

HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Notes"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="run every rule; exit status 1 if there are errors",
        description="Check the plan against every rule: authorisations and ceilings, "
        "people's availability and credentials, rotations, gender targets.",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"findings": [...], "summary": {"error": n, "warning": n, "info": n}}',
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from planner.app import summarise

    with open_for_reading(args) as session:
        name = session.name
        findings = session.check()
    summary = summarise(findings)
    if args.json:
        document = {"findings": [f.to_json() for f in findings], "summary": summary}
        say(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        say(human_report(name, findings, summary))
    return EXIT_FINDINGS if summary["error"] else EXIT_OK


def human_report(name: str, findings: list[Finding], summary: dict[str, int]) -> str:
    if not findings:
        return f"Plan {name}: no findings; the plan keeps every rule."
    counts = ", ".join(f"{summary[severity]} {HEADINGS[severity].lower()}" for severity in HEADINGS)
    lines = [f"Plan {name}: {counts}."]
    for severity, heading in HEADINGS.items():
        mine = [f for f in findings if f.severity == severity]
        if not mine:
            continue
        lines += ["", f"{heading} ({len(mine)})"]
        for finding in mine:
            lines.append(f"  {_when(finding):<23}  {finding.rule:<23}  {finding.message}")
    return "\n".join(lines)


def _when(finding: Finding) -> str:
    if not finding.start:
        return ""
    if not finding.end or finding.end == finding.start:
        return finding.start
    return f"{finding.start}..{finding.end}"
