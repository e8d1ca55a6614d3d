"""The overview page's data, free of Qt: headcount today per mission against its
governing ceiling, the next rotations, and the findings counted by severity.

Everything is shaped from one rules snapshot (``planner.rules.snapshot``), so the window
reads the database once, on its worker thread, and the numbers are the ones the check
uses (DESIGN.md section 2: drafts count, cancelled assignments and rotations do not).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from planner.models import Mission, Rotation
from planner.plan import Plan
from planner.rules.findings import Finding, summarise
from planner.rules.headcount import (
    Run,
    authorisation_totals,
    governing_ceiling,
    mission_headcount,
)
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


def missions_today(snapshot: Snapshot, today: dt.date) -> list[MissionToday]:
    """Every mission whose mandate runs today, that has people today, or that an
    authorisation in force lists today; by mission code."""
    series = mission_headcount(snapshot)
    totals = authorisation_totals(snapshot)
    total_ceilings = {a.reference: a.total_ceiling for a in snapshot.authorisations}
    rows = []
    for mission in sorted(snapshot.missions, key=lambda m: m.code):
        headcount = headcount_on(series.get(mission.code, []), today)
        reference, ceiling = governing_ceiling(snapshot, mission.code, today)
        if headcount or reference is not None or _active(mission, today):
            total = headcount_on(totals.get(reference, []), today) if reference else None
            rows.append(
                MissionToday(
                    mission.code,
                    mission.name,
                    headcount,
                    reference,
                    ceiling,
                    total,
                    total_ceilings.get(reference) if reference else None,
                )
            )
    return rows


def next_rotations(
    snapshot: Snapshot, today: dt.date, limit: int = UPCOMING_LIMIT
) -> list[UpcomingRotation]:
    """Rotations that start today or later and are not cancelled, soonest first."""
    members = Counter(
        a.rotation_id for a in snapshot.assignments if a.rotation_id is not None and a.counted
    )
    units = {u.id: u for u in snapshot.units}
    upcoming = sorted(
        (r for r in snapshot.rotations if r.starts_on >= today and r.status != CANCELLED),
        key=lambda r: (r.starts_on, r.code),
    )[:limit]
    return [
        UpcomingRotation(
            r.code,
            r.unit,
            units[r.unit_id].mission,
            r.starts_on,
            r.ends_on,
            r.status,
            members[r.id],
            units[r.unit_id].strength,
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
    day = today or dt.date.today()
    return Overview(
        today=day,
        missions=missions_today(snapshot, day),
        upcoming=next_rotations(snapshot, day, limit),
        findings=summarise(list(findings)),
    )


def load_overview(
    plan: Plan,
    findings: Iterable[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> Overview:
    """Read the plan once and shape the overview (call it off the GUI thread)."""
    return build_overview(load_snapshot(plan), findings, today, limit)
