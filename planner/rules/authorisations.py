"""Rules about authorisations: unauthorised-mission, category-not-authorised,
mission-ceiling, total-ceiling and mission-inactive (DESIGN.md section 3)."""

from __future__ import annotations

from collections.abc import Iterable

from planner.domain import CATEGORIES
from planner.rules.findings import Finding
from planner.rules.headcount import Governed, IntRun
from planner.rules.index import Timeline
from planner.rules.rows import AssignmentRow, AuthorisationRow, MissionRow
from planner.rules.text import MAX_DAY, MIN_DAY, finding, iso, ordinal, span_text

_PLURALS = {"unit": "units", "observer": "observers", "staff": "staff officers"}
_SINGULAR = {"unit": "a unit member", "observer": "an observer", "staff": "a staff officer"}


def _allowed(categories: frozenset[str]) -> str:
    return " and ".join(_PLURALS[c] for c in CATEGORIES if c in categories) or "nobody"


def authorisation_findings(
    assignments: Iterable[AssignmentRow],
    who: str,
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
                out.append(_unauthorised(a, who, *pending))
                pending = None
            if governing.categories and a.category not in governing.categories:
                out.append(
                    finding(
                        "category-not-authorised",
                        "error",
                        f"{a.mission}: {who} serves as {_SINGULAR[a.category]} "
                        f"{span_text(first, last)}, but authorisation "
                        f"{governing.authorisation} allows only "
                        f"{_allowed(governing.categories)} there.",
                        mission=a.mission,
                        authorisation=governing.authorisation,
                        rotation=a.rotation,
                        person=a.person,
                        first=first,
                        last=last,
                        detail=a.category,
                    )
                )
        if pending:
            out.append(_unauthorised(a, who, *pending))


def _unauthorised(a: AssignmentRow, who: str, first: int, last: int) -> Finding:
    return finding(
        "unauthorised-mission",
        "error",
        f"{a.mission}: {who} is deployed {span_text(first, last)}, but no authorisation "
        f"in force lists {a.mission} on those days.",
        mission=a.mission,
        rotation=a.rotation,
        person=a.person,
        first=first,
        last=last,
        value=last - first + 1,
    )


def mandate_findings(
    assignments: Iterable[AssignmentRow],
    who: str,
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
                    f"{a.mission}: {who} is posted {span_text(a.first, last)}, before the "
                    f"mission's mandate starts on {iso(start)}.",
                    mission=a.mission,
                    rotation=a.rotation,
                    person=a.person,
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
                    f"{a.mission}: {who} is posted {span_text(first, a.last)}, after the "
                    f"mission's mandate ended on {iso(end)}.",
                    mission=a.mission,
                    rotation=a.rotation,
                    person=a.person,
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


def mission_ceiling_findings(code: str, governed: list[Governed]) -> list[Finding]:
    """mission-ceiling: runs over the governing ceiling, merged while contiguous under
    the same authorisation (value = the peak)."""
    out: list[Finding] = []
    current: list[Governed] = []
    for g in governed:
        row = g.governing
        if row is None or row.ceiling is None or g.value <= row.ceiling:
            continue
        if current and (current[-1].governing is not row or current[-1].last + 1 != g.first):
            out.append(_over_ceiling(code, current))
            current = []
        current.append(g)
    if current:
        out.append(_over_ceiling(code, current))
    return out


def _over_ceiling(code: str, runs: list[Governed]) -> Finding:
    row = runs[0].governing
    assert row is not None and row.ceiling is not None
    first, last = runs[0].first, runs[-1].last
    peak = max(g.value for g in runs)
    count = f"{peak}" if all(g.value == peak for g in runs) else f"up to {peak}"
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
    out: list[Finding] = []
    current: list[IntRun] = []
    for run in totals:
        if run[2] <= ceiling:
            if current:
                out.append(_over_total(authorisation, ceiling, current))
                current = []
            continue
        current.append(run)  # runs are contiguous: a run under the ceiling splits
    if current:
        out.append(_over_total(authorisation, ceiling, current))
    return out


def _over_total(authorisation: AuthorisationRow, ceiling: int, runs: list[IntRun]) -> Finding:
    first, last = runs[0][0], runs[-1][1]
    peak = max(r[2] for r in runs)
    count = f"{peak}" if all(r[2] == peak for r in runs) else f"up to {peak}"
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
