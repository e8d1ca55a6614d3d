"""The overview page's data, free of Qt: headcount today per mission against its
governing ceiling, the next rotations, and the findings counted by severity.

Kept for the window until it renders ``planner.app.PlanFacts`` itself: an ``Overview`` is
the facts on their day (``from_facts``), so the numbers are the check's own (DESIGN.md
section 2: drafts count, cancelled assignments and rotations do not).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from planner.plan import Plan
from planner.queries.snapshot import load_snapshot
from planner.rules.facts import (
    UPCOMING_LIMIT,
    MissionDay,
    PlanFacts,
    UpcomingRotation,
    snapshot_facts,
)
from planner.rules.findings import Finding, summarise
from planner.rules.headcount import Run
from planner.rules.incremental import IncrementalChecker
from planner.rules.snapshot import Snapshot

__all__ = [
    "UPCOMING_LIMIT",
    "MissionToday",
    "Overview",
    "UpcomingRotation",
    "build_overview",
    "checker_overview",
    "from_facts",
    "headcount_on",
    "load_overview",
    "next_rotations",
    "roster_choices",
]

# The overview's rows are the facts' own (one definition of each figure).
MissionToday = MissionDay


@dataclass(frozen=True)
class Overview:
    today: dt.date
    missions: list[MissionToday] = field(default_factory=list)
    upcoming: list[UpcomingRotation] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=lambda: summarise([]))


def headcount_on(runs: Sequence[Run], day: dt.date) -> int:
    """The value of the run covering ``day`` (0 outside every run); runs are sorted."""
    position = bisect.bisect_right(runs, day, key=lambda run: run.start) - 1
    if position >= 0 and runs[position].end >= day:
        return runs[position].value
    return 0


def next_rotations(
    snapshot: Snapshot, today: dt.date, limit: int = UPCOMING_LIMIT
) -> list[UpcomingRotation]:
    """Rotations that start today or later and are not cancelled, soonest first."""
    return list(snapshot_facts(snapshot, (), today, limit).upcoming)


def from_facts(facts: PlanFacts, findings: Iterable[Finding] | None = None) -> Overview:
    """The overview of ``facts`` on their day (``findings``: counted instead of theirs)."""
    return Overview(
        today=facts.today,
        missions=list(facts.on().missions),
        upcoming=list(facts.upcoming),
        findings=summarise(list(findings)) if findings is not None else dict(facts.findings),
    )


def roster_choices(plan: Plan) -> tuple[list[str], list[str]]:
    """(rotation codes, mission codes) for the roster question, sorted; one short read."""
    from planner.queries.tables import roster_choices as choices

    with plan.read() as session:
        return choices(session)


def build_overview(
    snapshot: Snapshot,
    findings: Iterable[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> Overview:
    """The overview of a loaded snapshot."""
    return from_facts(snapshot_facts(snapshot, (), today, limit), findings)


def checker_overview(
    checker: IncrementalChecker,
    findings: Iterable[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> Overview:
    """The overview from the facts an incremental checker publishes: no read at all."""
    return from_facts(checker.facts(today), findings)


def load_overview(
    plan: Plan,
    findings: Iterable[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> Overview:
    """Read the plan once and shape the overview (call it off the GUI thread)."""
    return build_overview(load_snapshot(plan), findings, today, limit)
