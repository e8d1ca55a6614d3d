"""The rule engine's interface: check a snapshot; keep a plan checked.

``check(snapshot, progress)`` runs every rule of DESIGN.md section 3 (see ``parts`` for
how the work is split); ``IncrementalChecker`` keeps the findings of a plan current after
each edit (see ``incremental``); ``scope_check`` gives just the findings about one roster
(see ``scope``). Everything here is pure: ``planner.queries`` reads the rows, and
``planner.app.checking`` puts the two together for a plan.
"""

from __future__ import annotations

from planner.progress import NO_PROGRESS, Progress
from planner.rules.findings import Finding
from planner.rules.incremental import IncrementalChecker, Patch, Wanted, needs_full_check
from planner.rules.index import index_of
from planner.rules.parts import CheckState
from planner.rules.scope import Scope, scope_check
from planner.rules.snapshot import Snapshot, paused_gc

__all__ = [
    "IncrementalChecker",
    "Patch",
    "Scope",
    "Wanted",
    "check",
    "needs_full_check",
    "scope_check",
]


def check(snapshot: Snapshot, progress: Progress = NO_PROGRESS) -> list[Finding]:
    """Every rule over a snapshot; findings sorted by severity, then start, then rule.
    Cancelling ``progress`` stops it at the next step (Cancelled is raised)."""
    with paused_gc():
        return CheckState(index_of(snapshot), progress).findings()
