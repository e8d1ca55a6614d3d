"""The overview page's data, free of Qt: headcount today per mission against its
governing ceiling, the next rotations, and the findings counted by severity.

Everything is shaped from one rules snapshot (``planner.rules.snapshot``), so the window
reads the database once, on its worker thread, and the numbers are the ones the check
uses (DESIGN.md section 2: drafts count, cancelled assignments and rotations do not).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from planner.models import Mission, Rotation
from planner.plan import Plan
from planner.rules.findings import Finding, summarise
from planner.rules.headcount import Run, authorisation_totals, mission_headcount
from planner.rules.incremental import IncrementalChecker
from planner.rules.index import Index, index_of
from planner.rules.snapshot import CANCELLED, MissionRow, Snapshot, load_snapshot

UPCOMING_LIMIT = 10


@dataclass(frozen=True)
class MissionToday:
    """One mission's headcount on the overview's day against its governing ceiling."""

    mission: str  # code
    name: str
    headcount: int
    authorisation: str | None  # reference of the governing authorisation, if any
    ceiling: int | None  # None: no ceiling (or no authorisation)
    # The governing authorisation's total today (all the missions it governs) and its
    # total ceiling: what limits a mission that has no ceiling of its own.
    total: int | None = None
    total_ceiling: int | None = None

    @property
    def share(self) -> float | None:
        """Headcount as a share of the ceiling (1.0 = full); None without a ceiling."""
        if self.ceiling is None:
            return None
        if self.ceiling == 0:
            return 0.0 if self.headcount == 0 else float("inf")
        return self.headcount / self.ceiling

    @property
    def over(self) -> bool:
        """Above the ceiling, or anyone there with no authorisation in force."""
        if self.ceiling is not None:
            return self.headcount > self.ceiling
        return self.authorisation is None and self.headcount > 0


@dataclass(frozen=True)
class UpcomingRotation:
    code: str
    unit: str  # code
    mission: str  # code
    starts_on: dt.date
    ends_on: dt.date
    status: str
    members: int  # assignments that count (not cancelled)
    strength: int | None  # the unit's strength

    def days_until(self, today: dt.date) -> int:
        return (self.starts_on - today).days


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


def _active(mission: MissionRow, day: dt.date) -> bool:
    started = mission.mandate_start is None or mission.mandate_start <= day
    return started and (mission.mandate_end is None or day <= mission.mandate_end)


def missions_today(
    ix: Index,
    series: Mapping[str, Sequence[Run]],
    totals: Mapping[str, Sequence[Run]],
    today: dt.date,
) -> list[MissionToday]:
    """Every mission whose mandate runs today, that has people today, or that an
    authorisation in force lists today; by mission code. ``series`` and ``totals`` are
    the headcount and authorisation-total runs of the same plan as ``ix``."""
    total_ceilings = {a.reference: a.total_ceiling for a in ix.authorisations.values()}
    day = today.toordinal()
    rows = []
    for mission in sorted(ix.missions.values(), key=lambda m: m.code):
        headcount = headcount_on(series.get(mission.code, []), today)
        governing = ix.timeline(mission.id).at(day).governing
        reference = governing.authorisation if governing is not None else None
        if headcount or reference is not None or _active(mission, today):
            rows.append(
                MissionToday(
                    mission.code,
                    mission.name,
                    headcount,
                    reference,
                    governing.ceiling if governing is not None else None,
                    headcount_on(totals.get(reference, []), today) if reference else None,
                    total_ceilings.get(reference) if reference else None,
                )
            )
    return rows


def next_rotations(
    ix: Index, today: dt.date, limit: int = UPCOMING_LIMIT
) -> list[UpcomingRotation]:
    """Rotations that start today or later and are not cancelled, soonest first."""
    upcoming = sorted(
        (r for r in ix.rotations.values() if r.starts_on >= today and r.status != CANCELLED),
        key=lambda r: (r.starts_on, r.code),
    )[:limit]
    return [
        UpcomingRotation(
            r.code,
            r.unit,
            ix.units[r.unit_id].mission,
            r.starts_on,
            r.ends_on,
            r.status,
            sum(1 for a in ix.by_rotation.get(r.id, {}).values() if a.counted),
            ix.units[r.unit_id].strength,
        )
        for r in upcoming
    ]


def roster_choices(plan: Plan) -> tuple[list[str], list[str]]:
    """(rotation codes, mission codes) for the roster question, sorted; one short read."""
    with plan.read() as session:
        rotations = list(session.scalars(select(Rotation.code).order_by(Rotation.code)))
        missions = list(session.scalars(select(Mission.code).order_by(Mission.code)))
    return rotations, missions


def build_overview(
    snapshot: Snapshot,
    findings: Iterable[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> Overview:
    """The overview of a loaded snapshot."""
    return _overview(
        index_of(snapshot),
        mission_headcount(snapshot),
        authorisation_totals(snapshot),
        findings,
        today,
        limit,
    )


def checker_overview(
    checker: IncrementalChecker,
    findings: Iterable[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> Overview:
    """The overview from what an incremental checker already holds (its index and
    headcounts, kept current edit by edit): no read of the plan at all."""
    return _overview(
        checker.state.ix,
        checker.mission_headcount(),
        checker.authorisation_totals(),
        findings,
        today,
        limit,
    )


def load_overview(
    plan: Plan,
    findings: Iterable[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> Overview:
    """Read the plan once and shape the overview (call it off the GUI thread)."""
    return build_overview(load_snapshot(plan), findings, today, limit)


def _overview(
    ix: Index,
    series: Mapping[str, Sequence[Run]],
    totals: Mapping[str, Sequence[Run]],
    findings: Iterable[Finding],
    today: dt.date | None,
    limit: int,
) -> Overview:
    day = today or dt.date.today()
    return Overview(
        today=day,
        missions=missions_today(ix, series, totals, day),
        upcoming=next_rotations(ix, day, limit),
        findings=summarise(list(findings)),
    )
