"""The rule engine's interface: check a snapshot, check a plan, keep a plan checked.

``check(snapshot)`` and ``check_plan(plan, progress)`` run every rule of DESIGN.md
section 3 (see ``parts`` for how the work is split); ``IncrementalChecker`` keeps the
findings of an open plan current after each edit (see ``incremental``);
``check_scope(plan, rotation=… | mission=…, on=…)`` gives just the findings about one
roster, reading just what they depend on (see ``scope``).
"""

from __future__ import annotations

from planner.plan import Plan
from planner.progress import NO_PROGRESS, Progress
from planner.rules.findings import Finding
from planner.rules.incremental import IncrementalChecker
from planner.rules.index import index_of
from planner.rules.parts import CheckState
from planner.rules.scope import check_scope
from planner.rules.snapshot import Snapshot, load_snapshot, paused_gc

__all__ = ["IncrementalChecker", "check", "check_plan", "check_scope"]


def check(snapshot: Snapshot) -> list[Finding]:
    """Every rule over a snapshot; findings sorted by severity, then start, then rule."""
    with paused_gc():
        return CheckState(index_of(snapshot)).findings()


def check_plan(plan: Plan, progress: Progress = NO_PROGRESS) -> list[Finding]:
    """Read the plan and check it. The window runs this off the GUI thread; cancelling
    ``progress`` stops it at the next step (Cancelled is raised)."""
    progress.step(0, 4, "Reading the plan")
    with paused_gc():
        snapshot = load_snapshot(plan)
        findings = CheckState(index_of(snapshot), progress).findings()
        # Let the rows go before the collector runs again: it then scans the findings
        # only, not every row of the plan.
        del snapshot
    progress.step(4, 4, "Done")
    return findings
