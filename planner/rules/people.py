"""Rules about a person's schedule: double-booked, unavailable and short-rest
(DESIGN.md section 3). Each takes one person's counted assignments sorted by first day."""

from __future__ import annotations

from collections.abc import Sequence

from planner.rules.findings import Finding
from planner.rules.rows import AbsenceRow, AssignmentRow
from planner.rules.text import ISO, Subject, days, finding, span_text


def double_booked_findings(
    assignments: Sequence[AssignmentRow], s: Subject, out: list[Finding]
) -> None:
    """Every pair of overlapping assignments, over the days they share."""
    count = len(assignments)
    for i in range(count - 1):
        a = assignments[i]
        for j in range(i + 1, count):
            b = assignments[j]
            if b.first > a.last:
                break
            last = min(a.last, b.last)
            out.append(
                finding(
                    "double-booked",
                    "error",
                    f"{s.who} is on {s.where(a)} and {s.where(b)} at the same time "
                    f"{span_text(b.first, last)}.",
                    mission=s.mission(b),
                    rotation=s.rotation(b),
                    person=s.person,
                    first=b.first,
                    last=last,
                    value=last - b.first + 1,
                    detail=f"{s.where(a)} {a.starts_on}–{a.ends_on}; "
                    f"{s.where(b)} {b.starts_on}–{b.ends_on}",
                )
            )


def short_rest_findings(
    assignments: Sequence[AssignmentRow], s: Subject, min_rest_days: int, out: list[Finding]
) -> None:
    """Fewer than ``min_rest_days`` days between the end of one assignment and the start
    of the next (overlaps are double bookings, not rest). The range is the rest days; for
    back-to-back assignments it is the first day of the next one."""
    if len(assignments) < 2 or min_rest_days <= 0:
        return
    previous = assignments[0]
    for a in assignments[1:]:
        if a.first > previous.last:
            rest = a.first - previous.last - 1
            if rest < min_rest_days:
                first, last = (previous.last + 1, a.first - 1) if rest else (a.first, a.first)
                out.append(
                    finding(
                        "short-rest",
                        "warning",
                        f"{s.who} has {days(rest)} of rest between {s.where(previous)}, "
                        f"ending {ISO[previous.last]}, and {s.where(a)}, starting "
                        f"{ISO[a.first]}; the minimum is {min_rest_days}.",
                        mission=s.mission(a),
                        rotation=s.rotation(a),
                        person=s.person,
                        first=first,
                        last=last,
                        value=rest,
                        limit=min_rest_days,
                    )
                )
        if a.last > previous.last:
            previous = a


def unavailable_findings(
    assignments: Sequence[AssignmentRow],
    absences: Sequence[AbsenceRow],
    s: Subject,
    out: list[Finding],
) -> None:
    """Each assignment that overlaps an absence, over the days they share."""
    if not absences:
        return
    for a in assignments:
        for b in absences:
            if b.first > a.last:
                break
            if b.last < a.first:
                continue
            first, last = max(a.first, b.first), min(a.last, b.last)
            reason = b.reason or "absent"
            out.append(
                finding(
                    "unavailable",
                    "error",
                    f"{s.who} is away ({reason}) {span_text(first, last)} while posted to "
                    f"{s.where(a)}.",
                    mission=s.mission(a),
                    rotation=s.rotation(a),
                    person=s.person,
                    first=first,
                    last=last,
                    value=last - first + 1,
                    detail=b.reason or None,
                )
            )
