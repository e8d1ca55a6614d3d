"""Headcount over time by a sweep over start/end events (DESIGN.md section 2).

Never a loop over the days of an assignment: each person's counted assignments become
disjoint pieces per mission (so that a person counts once a day), each piece adds +1 on
its first day and -1 the day after its last, and a sorted pass over those events gives
the headcount as runs of constant value. An authorisation's total adds up the events of
the missions it governs, cut where it starts and stops governing them.

The public functions (``mission_headcount``, ``authorisation_totals``,
``governing_ceiling``, ``governing``) are the series the window draws its charts from.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import sub
from typing import NamedTuple

from planner.rules.index import Index, index_of
from planner.rules.rows import AssignmentRow
from planner.rules.snapshot import Snapshot
from planner.rules.text import MAX_DAY

# (first, last, value) with days as ordinals, inclusive.
IntRun = tuple[int, int, int]
# (mission id, first, last): days one person counts on one mission.
Piece = tuple[int, int, int]


class Run(NamedTuple):
    start: dt.date
    end: dt.date
    value: int


class GoverningRun(NamedTuple):
    start: dt.date
    end: dt.date | None  # None: open
    authorisation: str | None  # reference; None: no authorisation in force
    ceiling: int | None
    categories: frozenset[str]


def person_pieces(assignments: Iterable[AssignmentRow]) -> list[Piece]:
    """Disjoint days per mission on which one person counts. ``assignments`` must be
    sorted by first day."""
    reach: dict[int, int] = {}
    pieces: list[Piece] = []
    for a in assignments:
        if not a.counted:
            continue
        mission = a.mission_id
        covered = reach.get(mission)
        if covered is None or a.first > covered:
            pieces.append((mission, a.first, a.last))
            reach[mission] = a.last
        elif a.last > covered:  # overlaps an earlier one: only the days beyond it
            pieces.append((mission, covered + 1, a.last))
            reach[mission] = a.last
    return pieces


def sweep(deltas: dict[int, int]) -> list[IntRun]:
    """Runs of constant value from +/- events; zero runs between busy days included.
    ``deltas`` holds no zero (``add_events`` drops them)."""
    days = sorted(deltas)
    if not days:
        return []
    values = accumulate(map(deltas.__getitem__, days))
    return list(zip(days, map(sub, days[1:], repeat(1)), values, strict=False))


def add_events(deltas: dict[int, int], first: int, last: int, value: int) -> None:
    """+value on ``first``, -value the day after ``last``; days netting to zero are
    dropped, so that the dicts stay as small as the plan after many edits."""
    _add(deltas, first, value)
    _add(deltas, last + 1, -value)


def _add(deltas: dict[int, int], day: int, change: int) -> None:
    total = deltas.get(day, 0) + change
    if total:
        deltas[day] = total
    else:
        deltas.pop(day, None)


@dataclass
class Headcounts:
    """Headcount per mission and total per authorisation, as +/- events by day and the
    runs swept from them. ``move_pieces`` updates the events after one person changed;
    ``refresh`` sweeps again what it touched."""

    mission_deltas: dict[int, dict[int, int]]
    runs: dict[int, list[IntRun]]
    total_deltas: dict[int, dict[int, int]]
    totals: dict[int, list[IntRun]]

    @classmethod
    def build(
        cls, ix: Index, rows: Iterable[AssignmentRow], pieces: Iterable[Piece] = ()
    ) -> Headcounts:
        """From counted assignments ``rows``, each a piece as it is (their people have
        no two assignments on one mission that overlap), and from ``pieces``."""
        # Each mission's first days and days after the last, counted in C (a rotation's
        # people share theirs); the Python loop below runs once per distinct day.
        starts: dict[int, list[int]] = {}
        stops: dict[int, list[int]] = {}
        plain = ((a.mission_id, a.first, a.last) for a in rows)
        for mission, first, last in chain(plain, pieces):
            if mission in starts:
                starts[mission].append(first)
                stops[mission].append(last + 1)
            else:
                starts[mission] = [first]
                stops[mission] = [last + 1]
        mission_deltas: dict[int, dict[int, int]] = {}
        for mission, days in starts.items():
            net = Counter(days)
            net.subtract(Counter(stops[mission]))
            mission_deltas[mission] = {day: n for day, n in net.items() if n}
        return cls.from_deltas(ix, mission_deltas)

    @classmethod
    def from_deltas(
        cls, ix: Index, mission_deltas: dict[int, dict[int, int]], pieces: Iterable[Piece] = ()
    ) -> Headcounts:
        """From each mission's +/- events by day (taken over, and extended here with
        the events of ``pieces``)."""
        for mission, first, last in pieces:
            add_events(mission_deltas.setdefault(mission, {}), first, last, 1)
        made = cls(mission_deltas, {}, {}, {})
        for mission, deltas in mission_deltas.items():
            made.runs[mission] = sweep(deltas)
            made._add_to_totals(ix, mission, deltas)
        for authorisation, deltas in made.total_deltas.items():
            made.totals[authorisation] = sweep(deltas)
        return made

    def _add_to_totals(self, ix: Index, mission: int, deltas: dict[int, int]) -> None:
        """A mission's events into the totals of the authorisations governing it: within
        each stretch an authorisation governs, the mission's own events; where the
        stretch starts, the headcount of that day; after it ends, minus the headcount of
        its last day. The same events as ``move_pieces`` adds piece by piece."""
        if not deltas:
            return
        days = sorted(deltas)
        values = list(accumulate(map(deltas.__getitem__, days)))
        for segment in ix.timeline(mission).overlapping(days[0], days[-1]):
            row = segment.governing
            if row is None:
                continue
            totals = self.total_deltas.setdefault(row.authorisation_id, {})
            i = bisect_right(days, segment.first)  # days[i:j]: events inside, after its first
            if i and values[i - 1]:
                _add(totals, segment.first, values[i - 1])
            j = bisect_right(days, segment.last, lo=i)
            get = totals.get
            for day in days[i:j]:
                total = get(day, 0) + deltas[day]
                if total:
                    totals[day] = total
                else:
                    del totals[day]
            if j and values[j - 1] and segment.last < MAX_DAY:
                _add(totals, segment.last + 1, -values[j - 1])

    def move_pieces(
        self, ix: Index, old: list[Piece], new: list[Piece]
    ) -> tuple[set[int], set[int]]:
        """Swap one person's pieces (only those that differ); returns the missions and
        the authorisations whose events changed."""
        missions: set[int] = set()
        authorisations: set[int] = set()
        if old == new:
            return missions, authorisations
        kept = set(old) & set(new)
        for sign, pieces in ((-1, old), (1, new)):
            for piece in pieces:
                if piece in kept:
                    continue
                mission, first, last = piece
                add_events(self.mission_deltas.setdefault(mission, {}), first, last, sign)
                missions.add(mission)
                for segment in ix.timeline(mission).overlapping(first, last):
                    row = segment.governing
                    if row is None:
                        continue
                    add_events(
                        self.total_deltas.setdefault(row.authorisation_id, {}),
                        max(first, segment.first),
                        min(last, segment.last),
                        sign,
                    )
                    authorisations.add(row.authorisation_id)
        return missions, authorisations

    def refresh(self, missions: set[int], authorisations: set[int]) -> None:
        """Sweep again the runs of ``missions`` and the totals of ``authorisations``."""
        for mission in missions:
            self.runs[mission] = sweep(self.mission_deltas.get(mission, {}))
        for authorisation in authorisations:
            self.totals[authorisation] = sweep(self.total_deltas.get(authorisation, {}))


def headcounts_of(snapshot: Snapshot) -> Headcounts:
    """The headcounts of a snapshot, computed on first use and kept with it."""
    cached = snapshot.cache.get("headcounts")
    if cached is None:
        ix = index_of(snapshot)
        pieces = chain.from_iterable(person_pieces(mine) for mine in ix.by_person.values())
        cached = Headcounts.build(ix, (), pieces)
        snapshot.cache["headcounts"] = cached
    assert isinstance(cached, Headcounts)
    return cached


def to_runs(runs: list[IntRun]) -> list[Run]:
    day = dt.date.fromordinal
    return [Run(day(first), day(last), value) for first, last, value in runs]


def mission_headcount(snapshot: Snapshot) -> dict[str, list[Run]]:
    """Daily headcount per mission code, as runs of constant value from the first to the
    last day anyone counts (days outside the runs: 0)."""
    return mission_series(index_of(snapshot), headcounts_of(snapshot))


def mission_series(ix: Index, counts: Headcounts) -> dict[str, list[Run]]:
    return {
        ix.missions[m].code: to_runs(runs)
        for m, runs in sorted(counts.runs.items())
        if runs and m in ix.missions
    }


def authorisation_totals(snapshot: Snapshot) -> dict[str, list[Run]]:
    """Daily total of each authorisation (the sum of the headcounts of the missions it
    governs that day), by reference, as runs of constant value."""
    return total_series(index_of(snapshot), headcounts_of(snapshot))


def total_series(ix: Index, counts: Headcounts) -> dict[str, list[Run]]:
    return {
        ix.authorisations[a].reference: to_runs(runs)
        for a, runs in sorted(counts.totals.items())
        if runs and a in ix.authorisations
    }


def governing_ceiling(
    snapshot: Snapshot, mission_code: str, day: dt.date
) -> tuple[str | None, int | None]:
    """(reference, ceiling) of the authorisation governing a mission on a day;
    (None, None) when none in force lists it."""
    ix = index_of(snapshot)
    mission = next((m for m in ix.missions.values() if m.code == mission_code), None)
    if mission is None:
        return None, None
    governing = ix.timeline(mission.id).at(day.toordinal()).governing
    if governing is None:
        return None, None
    return governing.authorisation, governing.ceiling


def governing(snapshot: Snapshot) -> dict[str, list[GoverningRun]]:
    """The governing authorisation of each mission over time (days before the first and
    after the last authorisation included as runs without one)."""
    ix = index_of(snapshot)
    out: dict[str, list[GoverningRun]] = {}
    for mission in sorted(ix.missions.values(), key=lambda m: m.code):
        runs: list[GoverningRun] = []
        for segment in ix.timeline(mission.id).segments:
            if segment.governing is None and not runs:
                continue  # nothing before the first authorisation is worth drawing
            g = segment.governing
            end = None if segment.last >= dt.date.max.toordinal() else segment.last
            runs.append(
                GoverningRun(
                    dt.date.fromordinal(segment.first),
                    dt.date.fromordinal(end) if end is not None else None,
                    g.authorisation if g is not None else None,
                    g.ceiling if g is not None else None,
                    g.categories if g is not None else frozenset(),
                )
            )
        out[mission.code] = runs
    return out
