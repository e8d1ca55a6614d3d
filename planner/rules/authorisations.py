"""Rules about authorisations: unauthorised-mission, category-not-authorised,
mission-ceiling, total-ceiling and mission-inactive (DESIGN.md section 3)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import compress, count
from operator import itemgetter

from planner.domain import CATEGORIES
from planner.rules.findings import Finding
from planner.rules.headcount import IntRun
from planner.rules.index import Timeline
from planner.rules.rows import AssignmentRow, AuthorisationRow, AuthorisedMissionRow, MissionRow
from planner.rules.text import MAX_DAY, MIN_DAY, Subject, finding, iso, ordinal, span_text

_PLURALS = {"unit": "units", "observer": "observers", "staff": "staff officers"}
_SINGULAR = {"unit": "a unit member", "observer": "an observer", "staff": "a staff officer"}


def _allowed(categories: frozenset[str]) -> str:
    return " and ".join(_PLURALS[c] for c in CATEGORIES if c in categories) or "nobody"


def authorisation_findings(
    assignments: Iterable[AssignmentRow],
    s: Subject,
    timelines: dict[int, Timeline],
    ungoverned: Timeline,
    out: list[Finding],
) -> None:
    """unauthorised-mission and category-not-authorised for one person's assignments:
    one finding per contiguous run of days under the same cause."""
    for a in assignments:
        timeline = timelines.get(a.mission_id, ungoverned)
        segment = timeline.at(a.first)
        governing = segment.governing
        if (
            segment.last >= a.last
            and governing is not None
            and (not governing.categories or a.category in governing.categories)
        ):
            continue  # the usual case: one authorisation allows all of it
        pending: tuple[int, int] | None = None  # unauthorised days not yet reported
        for segment in timeline.overlapping(a.first, a.last):
            first, last = max(a.first, segment.first), min(a.last, segment.last)
            governing = segment.governing
            if governing is None:
                pending = (pending[0], last) if pending else (first, last)
                continue
            if pending:
                out.append(_unauthorised(a, s, *pending))
                pending = None
            if governing.categories and a.category not in governing.categories:
                out.append(
                    finding(
                        "category-not-authorised",
                        "error",
                        f"{s.mission(a)}: {s.who} serves as {_SINGULAR[a.category]} "
                        f"{span_text(first, last)}, but authorisation "
                        f"{governing.authorisation} allows only "
                        f"{_allowed(governing.categories)} there.",
                        mission=s.mission(a),
                        authorisation=governing.authorisation,
                        rotation=s.rotation(a),
                        person=s.person,
                        first=first,
                        last=last,
                        detail=a.category,
                    )
                )
        if pending:
            out.append(_unauthorised(a, s, *pending))


def _unauthorised(a: AssignmentRow, s: Subject, first: int, last: int) -> Finding:
    return finding(
        "unauthorised-mission",
        "error",
        f"{s.mission(a)}: {s.who} is deployed {span_text(first, last)}, but no authorisation "
        f"in force lists {s.mission(a)} on those days.",
        mission=s.mission(a),
        rotation=s.rotation(a),
        person=s.person,
        first=first,
        last=last,
        value=last - first + 1,
    )


def mandate_findings(
    assignments: Iterable[AssignmentRow],
    s: Subject,
    mandates: dict[int, tuple[int, int]],
    out: list[Finding],
) -> None:
    """mission-inactive: assignment days before the mandate starts or after it ends."""
    for a in assignments:
        start, end = mandates.get(a.mission_id, (MIN_DAY, MAX_DAY))
        if a.first < start:
            last = min(a.last, start - 1)
            out.append(
                finding(
                    "mission-inactive",
                    "error",
                    f"{s.mission(a)}: {s.who} is posted {span_text(a.first, last)}, before the "
                    f"mission's mandate starts on {iso(start)}.",
                    mission=s.mission(a),
                    rotation=s.rotation(a),
                    person=s.person,
                    first=a.first,
                    last=last,
                    value=last - a.first + 1,
                )
            )
        if a.last > end:
            first = max(a.first, end + 1)
            out.append(
                finding(
                    "mission-inactive",
                    "error",
                    f"{s.mission(a)}: {s.who} is posted {span_text(first, a.last)}, after the "
                    f"mission's mandate ended on {iso(end)}.",
                    mission=s.mission(a),
                    rotation=s.rotation(a),
                    person=s.person,
                    first=first,
                    last=a.last,
                    value=a.last - first + 1,
                )
            )


def mandates(missions: Iterable[MissionRow]) -> dict[int, tuple[int, int]]:
    return {
        m.id: (ordinal(m.mandate_start, MIN_DAY), ordinal(m.mandate_end, MAX_DAY)) for m in missions
    }


Windows = dict[tuple[int, str], tuple[tuple[int, int], ...]]


def clear_windows(timelines: dict[int, Timeline], mandates: dict[int, tuple[int, int]]) -> Windows:
    """Per (mission id, category): the stretches of days (ordinals) within the mandate
    on which an authorisation in force allows the category. An assignment inside one of
    them draws none of this module's per-assignment findings."""
    windows: Windows = {}
    for mission_id, timeline in timelines.items():
        start, end = mandates.get(mission_id, (MIN_DAY, MAX_DAY))
        for category in CATEGORIES:
            spans: list[tuple[int, int]] = []
            for segment in timeline.segments:
                row = segment.governing
                if row is None or (row.categories and category not in row.categories):
                    continue
                first, last = max(segment.first, start), min(segment.last, end)
                if first > last:
                    continue
                if spans and spans[-1][1] + 1 == first:
                    spans[-1] = (spans[-1][0], last)
                else:
                    spans.append((first, last))
            windows[(mission_id, category)] = tuple(spans)
    return windows


def mission_ceiling_findings(code: str, runs: list[IntRun], timeline: Timeline) -> list[Finding]:
    """mission-ceiling: the runs of a mission's headcount over the ceiling of the
    authorisation governing them, merged while contiguous under the same one (value =
    the peak)."""
    out: list[Finding] = []
    if not runs:
        return out
    for segment in timeline.overlapping(runs[0][0], runs[-1][1]):
        row = segment.governing
        if row is None or row.ceiling is None:
            continue
        ceiling = row.ceiling
        inside = runs[
            max(0, bisect_right(runs, segment.first, key=_first) - 1) : bisect_right(
                runs, segment.last, key=_first
            )
        ]
        if max(map(_value, inside)) <= ceiling:
            continue  # the usual case: never over the ceiling while it governs
        over = (
            map(ceiling.__lt__, map(_value, inside))  # in C; a day of 0 is never over
            if ceiling >= 0
            else (value != 0 and value > ceiling for _, _, value in inside)
        )
        for i, j in _stretches(over):
            stretch = inside[i:j]
            # Runs are contiguous and sorted: only the ends can reach past the segment.
            first, last, value = stretch[0]
            if first < segment.first:
                stretch[0] = (segment.first, last, value)
            first, last, value = stretch[-1]
            if last > segment.last:
                stretch[-1] = (first, segment.last, value)
            out.append(_over_ceiling(code, row, stretch))
    return out


def _stretches(over: Iterable[bool]) -> Iterator[tuple[int, int]]:
    """The maximal stretches [i, j) of consecutive runs that are ``over`` (one flag per
    run): Python sees only the runs over, not every run."""
    start = previous = -2
    for i in compress(count(), over):
        if i != previous + 1:
            if start >= 0:
                yield start, previous + 1
            start = i
        previous = i
    if start >= 0:
        yield start, previous + 1


_first = itemgetter(0)
_value = itemgetter(2)


def _over_ceiling(code: str, row: AuthorisedMissionRow, runs: list[IntRun]) -> Finding:
    assert row.ceiling is not None
    first, last = runs[0][0], runs[-1][1]
    peak = max(map(_value, runs))
    count = f"{peak}" if min(map(_value, runs)) == peak else f"up to {peak}"
    return finding(
        "mission-ceiling",
        "error",
        f"{code}: {count} deployed {span_text(first, last)}, over the ceiling of "
        f"{row.ceiling} set by authorisation {row.authorisation}.",
        mission=code,
        authorisation=row.authorisation,
        first=first,
        last=last,
        value=peak,
        limit=row.ceiling,
    )


def total_ceiling_findings(authorisation: AuthorisationRow, totals: list[IntRun]) -> list[Finding]:
    """total-ceiling: days on which the sum over the missions the authorisation governs
    exceeds its total ceiling, one finding per contiguous run (value = the peak)."""
    ceiling = authorisation.total_ceiling
    if ceiling is None:
        return []
    if not totals or max(map(_value, totals)) <= ceiling:
        return []
    # Runs are contiguous: a run at or under the ceiling splits.
    over = map(ceiling.__lt__, map(_value, totals))
    return [_over_total(authorisation, ceiling, totals[i:j]) for i, j in _stretches(over)]


def _over_total(authorisation: AuthorisationRow, ceiling: int, runs: list[IntRun]) -> Finding:
    first, last = runs[0][0], runs[-1][1]
    peak = max(map(_value, runs))
    count = f"{peak}" if min(map(_value, runs)) == peak else f"up to {peak}"
    return finding(
        "total-ceiling",
        "error",
        f"Authorisation {authorisation.reference}: {count} deployed in total "
        f"{span_text(first, last)} in the missions it governs, over its total ceiling of "
        f"{ceiling}.",
        authorisation=authorisation.reference,
        first=first,
        last=last,
        value=peak,
        limit=ceiling,
    )
