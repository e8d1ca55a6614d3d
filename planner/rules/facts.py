"""PlanFacts: the plan's figures as the check has them, for the window and the CLI.

A check already counts every mission's headcount and every authorisation's total, day by
day, as runs (``headcount.Headcounts``), and knows which authorisation governs each
mission on each day (``index.Timeline``). ``plan_facts`` shapes those into a frozen read
model without reading the plan again: each count is a ``Series`` — its runs of equal
value, and the limits it is held to over time — from which ``Series.runs`` gives maximal
runs of (count, ceiling, authorisation), split where the governing ceiling changes
(the shape of ``planner headcount --json``, DESIGN.md section 6), and ``PlanFacts.on``
gives the figures of any one day.

A series is a count held to a limit: a mission's headcount against the ceiling of the
authorisation governing it (the limit changes over time), an authorisation's total against
its total ceiling (one limit, over the days it is in force). A ceiling clause (DESIGN.md
section 2) is one more kind: its count as runs and its ceiling as one limit over the
authorisation's days — ``AuthorisationFacts.clauses`` holds them, ``Series`` needs nothing
new (see ``clause_series``).

The function is pure: it reads the checker's state (``parts.CheckState``) and nothing else.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from planner.rules.findings import Finding, summarise
from planner.rules.headcount import Headcounts, IntRun, headcounts_of
from planner.rules.index import Index, Timeline, index_of
from planner.rules.rotations import roster_sizes
from planner.rules.rows import CANCELLED, AuthorisationRow, MissionRow
from planner.rules.snapshot import Snapshot
from planner.rules.text import MAX_DAY, ordinal

if TYPE_CHECKING:  # the check's numpy loads with the first check, not with the facts
    from planner.rules.parts import CheckState

UPCOMING_LIMIT: Final = 10
SeriesKind = Literal["mission", "total", "clause"]


class Limit(NamedTuple):
    """Days first..last (ordinals, inclusive) on which a count is held to ``ceiling``
    (None: no ceiling) set by ``authorisation`` (a reference; None: none in force)."""

    first: int
    last: int
    ceiling: int | None
    authorisation: str | None


@dataclass(frozen=True)
class CountRun:
    """A maximal run of days with the same count, ceiling and authorisation."""

    start: dt.date
    end: dt.date
    count: int
    ceiling: int | None
    authorisation: str | None

    @property
    def over(self) -> bool:
        return self.ceiling is not None and self.count > self.ceiling

    def to_json(self) -> dict[str, Any]:
        """As ``planner headcount --json`` prints each run (DESIGN.md section 6)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.count,
            "ceiling": self.ceiling,
            "authorisation": self.authorisation,
        }


@dataclass(frozen=True, eq=False)
class Series:
    """A daily count and its limits over time.

    ``counts``: runs (first, last, value) of day ordinals, contiguous and sorted; the
    count is 0 on every day outside them. ``limits``: sorted, disjoint; the series is
    defined on the days they cover (a mission's: every day; a total's or a clause's: the
    days its authorisation is in force)."""

    kind: SeriesKind
    key: str  # mission code; authorisation reference (a total); clause label
    authorisation: str | None  # whose total or clause; None for a mission
    counts: tuple[IntRun, ...]
    limits: tuple[Limit, ...]

    @property
    def first_day(self) -> dt.date | None:
        """The first day anyone counts (None: nobody ever does)."""
        return dt.date.fromordinal(self.counts[0][0]) if self.counts else None

    @property
    def last_day(self) -> dt.date | None:
        return dt.date.fromordinal(self.counts[-1][1]) if self.counts else None

    def count_on(self, day: dt.date) -> int:
        return _count_on(self.counts, day.toordinal())

    def limit_on(self, day: dt.date) -> Limit | None:
        """The limit in force on ``day`` (None: the series is not defined then)."""
        d = day.toordinal()
        i = bisect_right(self.limits, (d, MAX_DAY + 1)) - 1
        if i >= 0 and self.limits[i].last >= d:
            return self.limits[i]
        return None

    def runs(self, start: dt.date | None = None, end: dt.date | None = None) -> list[CountRun]:
        """Maximal runs of (count, ceiling, authorisation) over start..end (default: from
        the first to the last day anyone counts), on the days the series is defined."""
        if start is None or end is None:
            if not self.counts:
                return []
            first = self.counts[0][0] if start is None else start.toordinal()
            last = self.counts[-1][1] if end is None else end.toordinal()
        else:
            first, last = start.toordinal(), end.toordinal()
        if first > last:
            return []
        if start is None and end is None:
            return list(self._default_runs)
        return list(_runs(self.counts, self.limits, first, last))

    @cached_property
    def _default_runs(self) -> tuple[CountRun, ...]:
        if not self.counts:
            return ()
        return tuple(_runs(self.counts, self.limits, self.counts[0][0], self.counts[-1][1]))

    def peak(self, start: dt.date, end: dt.date) -> int:
        """The highest count on any day of start..end."""
        first, last = start.toordinal(), end.toordinal()
        i = max(0, bisect_right(self.counts, (first, MAX_DAY + 1)) - 1)
        values = [v for f, t, v in self.counts[i:] if f <= last and t >= first]
        return max(values, default=0)


@dataclass(frozen=True)
class MissionFacts:
    code: str
    name: str
    mandate_start: dt.date | None
    mandate_end: dt.date | None
    headcount: Series  # against the governing ceiling

    def active_on(self, day: dt.date) -> bool:
        started = self.mandate_start is None or self.mandate_start <= day
        return started and (self.mandate_end is None or day <= self.mandate_end)


@dataclass(frozen=True)
class AuthorisationFacts:
    reference: str
    title: str
    adopted_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    total_ceiling: int | None
    total: Series  # the sum over the missions it governs, against its total ceiling
    clauses: tuple[Series, ...] = ()  # each ceiling clause's count (kind "clause")


@dataclass(frozen=True)
class MissionDay:
    """One mission's figures on one day, against its governing ceiling."""

    mission: str  # code
    name: str
    headcount: int
    authorisation: str | None  # reference of the governing authorisation, if any
    ceiling: int | None  # None: no ceiling (or no authorisation)
    # The governing authorisation's total that day (all the missions it governs) and its
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
class DayFigures:
    day: dt.date
    missions: tuple[MissionDay, ...]  # by mission code (see ``PlanFacts.on``)

    @property
    def over(self) -> int:
        """How many missions are over their ceiling that day."""
        return sum(1 for m in self.missions if m.over)


@dataclass(frozen=True)
class UpcomingRotation:
    code: str
    unit: str  # code
    mission: str  # code
    starts_on: dt.date
    ends_on: dt.date
    status: str
    members: int  # the roster: distinct people with a non-cancelled assignment on it
    strength: int | None  # the unit's strength

    def days_until(self, today: dt.date) -> int:
        return (self.starts_on - today).days


@dataclass(frozen=True, eq=False)
class PlanFacts:
    """The plan's figures, as of the check that published them."""

    today: dt.date
    missions: Mapping[str, MissionFacts] = field(default_factory=lambda: _EMPTY)
    authorisations: Mapping[str, AuthorisationFacts] = field(default_factory=lambda: _EMPTY)
    upcoming: tuple[UpcomingRotation, ...] = ()  # from ``today``, soonest first
    findings: Mapping[str, int] = field(default_factory=lambda: summarise([]))

    def on(self, day: dt.date | None = None) -> DayFigures:
        """Every mission's figures on ``day`` (default: ``today``): those whose mandate
        runs that day, that have people that day, or that an authorisation in force
        lists that day; by mission code."""
        day = day or self.today
        rows = []
        for mission in self.missions.values():
            series = mission.headcount
            headcount = series.count_on(day)
            limit = series.limit_on(day)
            reference = limit.authorisation if limit is not None else None
            if not (headcount or reference is not None or mission.active_on(day)):
                continue
            governing = self.authorisations.get(reference) if reference else None
            rows.append(
                MissionDay(
                    mission.code,
                    mission.name,
                    headcount,
                    reference,
                    limit.ceiling if limit is not None else None,
                    governing.total.count_on(day) if governing is not None else None,
                    governing.total_ceiling if governing is not None else None,
                )
            )
        return DayFigures(day, tuple(rows))

    def mission(self, code: str) -> MissionFacts | None:
        return self.missions.get(code)

    def authorisation(self, reference: str) -> AuthorisationFacts | None:
        return self.authorisations.get(reference)


_EMPTY: Final[Mapping[Any, Any]] = MappingProxyType({})


def plan_facts(
    state: CheckState,
    findings: Sequence[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> PlanFacts:
    """The facts of a checked plan, from the check's own state (no read of the plan).
    Cheap enough to build after every edit: it copies each series' runs (in C) and
    looks at the upcoming rotations only."""
    return _facts(state.ix, state.headcounts, findings, today, limit)


def snapshot_facts(
    snapshot: Snapshot,
    findings: Sequence[Finding] = (),
    today: dt.date | None = None,
    limit: int = UPCOMING_LIMIT,
) -> PlanFacts:
    """The facts of a snapshot without checking it (its headcounts alone)."""
    return _facts(index_of(snapshot), headcounts_of(snapshot), findings, today, limit)


def _facts(
    ix: Index,
    counts: Headcounts,
    findings: Sequence[Finding],
    today: dt.date | None,
    limit: int,
) -> PlanFacts:
    day = today or dt.date.today()
    missions = {
        m.code: _mission_facts(m, counts.runs.get(m.id, ()), ix.timeline(m.id))
        for m in sorted(ix.missions.values(), key=lambda m: m.code)
    }
    authorisations = {
        a.reference: _authorisation_facts(a, counts.totals.get(a.id, ()))
        for a in sorted(ix.authorisations.values(), key=lambda a: (a.adopted_on, a.reference))
    }
    return PlanFacts(
        today=day,
        missions=MappingProxyType(missions),
        authorisations=MappingProxyType(authorisations),
        upcoming=tuple(upcoming_rotations(ix, day, limit)),
        findings=MappingProxyType(summarise(list(findings))),
    )


def _mission_facts(mission: MissionRow, runs: Iterable[IntRun], timeline: Timeline) -> MissionFacts:
    limits = tuple(
        Limit(
            s.first,
            s.last,
            s.governing.ceiling if s.governing is not None else None,
            s.governing.authorisation if s.governing is not None else None,
        )
        for s in timeline.segments
    )
    return MissionFacts(
        mission.code,
        mission.name,
        mission.mandate_start,
        mission.mandate_end,
        Series("mission", mission.code, None, tuple(runs), limits),
    )


def _authorisation_facts(a: AuthorisationRow, totals: Iterable[IntRun]) -> AuthorisationFacts:
    days = (a.valid_from.toordinal(), ordinal(a.valid_until, MAX_DAY))
    return AuthorisationFacts(
        a.reference,
        a.title,
        a.adopted_on,
        a.valid_from,
        a.valid_until,
        a.total_ceiling,
        clause_series("total", a.reference, a.reference, totals, days, a.total_ceiling),
    )


def clause_series(
    kind: SeriesKind,
    key: str,
    reference: str,
    counts: Iterable[IntRun],
    days: tuple[int, int],
    ceiling: int | None,
) -> Series:
    """A count held to one ceiling over an authorisation's days (``days``: its first and
    last, ordinals): a total, or a ceiling clause (kind "clause", key = its label)."""
    first, last = days
    limits = (Limit(first, last, ceiling, reference),) if first <= last else ()
    return Series(kind, key, reference, tuple(counts), limits)


def upcoming_rotations(ix: Index, today: dt.date, limit: int) -> list[UpcomingRotation]:
    """Rotations that start ``today`` or later and are not cancelled, soonest first, with
    their roster size as the strength rule counts it (``rotations.roster_sizes``)."""
    day = today.toordinal()
    soon = sorted(
        (r for r in ix.rotations.values() if r.first >= day and r.status != CANCELLED),
        key=lambda r: (r.first, r.code),
    )[:limit]
    rosters = ix.by_rotation
    out = []
    for r in soon:
        unit = ix.units.get(r.unit_id)
        members = rosters.get(r.id, {})
        sizes = roster_sizes(sorted(members.values(), key=_by_person))
        out.append(
            UpcomingRotation(
                r.code,
                r.unit,
                unit.mission if unit is not None else "?",
                r.starts_on,
                r.ends_on,
                r.status,
                sizes.get(r.id, 0),
                unit.strength if unit is not None else None,
            )
        )
    return out


def _by_person(a: Any) -> int:
    return int(a.person_id)


def _count_on(counts: Sequence[IntRun], day: int) -> int:
    i = bisect_right(counts, (day, MAX_DAY + 1)) - 1
    if i >= 0 and counts[i][1] >= day:
        return counts[i][2]
    return 0


def _runs(
    counts: Sequence[IntRun], limits: Sequence[Limit], first: int, last: int
) -> Iterator[CountRun]:
    """Maximal runs over first..last, on the days the limits cover: each limit's days cut
    into the count's runs (0 between and around them), equal neighbours merged."""
    day = dt.date.fromordinal
    pending: list[Any] | None = None  # [first, last, count, ceiling, authorisation]
    for lo, hi, value, ceiling, reference in _pieces(counts, limits, first, last):
        if (
            pending is not None
            and pending[1] + 1 == lo
            and (pending[2], pending[3], pending[4]) == (value, ceiling, reference)
        ):
            pending[1] = hi
            continue
        if pending is not None:
            yield CountRun(day(pending[0]), day(pending[1]), *pending[2:])
        pending = [lo, hi, value, ceiling, reference]
    if pending is not None:
        yield CountRun(day(pending[0]), day(pending[1]), *pending[2:])


def _pieces(
    counts: Sequence[IntRun], limits: Sequence[Limit], first: int, last: int
) -> Iterator[tuple[int, int, int, int | None, str | None]]:
    i = max(0, bisect_right(limits, (first, MAX_DAY + 1)) - 1)
    for limit in limits[i:]:
        lo, hi = max(limit.first, first), min(limit.last, last)
        if lo > hi:
            if limit.first > last:
                break
            continue
        for a, b, value in _values(counts, lo, hi):
            yield a, b, value, limit.ceiling, limit.authorisation


def _values(counts: Sequence[IntRun], first: int, last: int) -> Iterator[IntRun]:
    """The count over first..last as contiguous runs (0 where no run is)."""
    day = first
    i = max(0, bisect_right(counts, (first, MAX_DAY + 1)) - 1)
    for lo, hi, value in counts[i:]:
        if lo > last:
            break
        if hi < day:
            continue
        if lo > day:
            yield day, lo - 1, 0
            day = lo
        end = min(hi, last)
        yield day, end, value
        day = end + 1
        if day > last:
            return
    if day <= last:
        yield day, last, 0
