"""The credential rule (DESIGN.md section 3): each requirement of the plan's table that
applies to an assignment's category needs a credential of its kind valid over the span
it names; a missing or lapsed credential is reported over the days it does not cover."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planner.domain import CATEGORIES, INDIVIDUAL_CATEGORIES
from planner.rules.coverage import Coverage, covers
from planner.rules.findings import Finding
from planner.rules.rows import AssignmentRow, Requirement
from planner.rules.text import MAX_DAY, Subject, finding, span_text

SPAN_ORDER = {"start": 0, "tour": 1, "tour+margin": 2}

# category -> ((kind, span), …): the longest span each kind needs for that category.
RequirementTable = dict[str, tuple[tuple[str, str], ...]]


def requirement_table(requirements: Iterable[Requirement]) -> RequirementTable:
    """Which kinds each category needs and for how long. A kind required both for all
    and for observers needs, for observers, the longer of the two spans."""
    needs: dict[str, dict[str, str]] = {c: {} for c in CATEGORIES}
    for requirement in requirements:
        scope = requirement.applies_to
        if scope == "all":
            categories: Iterable[str] = CATEGORIES
        elif scope == "individual":
            categories = INDIVIDUAL_CATEGORIES
        else:
            categories = (scope,)
        for category in categories:
            kinds = needs.setdefault(category, {})
            held = kinds.get(requirement.kind)
            if held is None or SPAN_ORDER.get(requirement.span, 0) > SPAN_ORDER.get(held, 0):
                kinds[requirement.kind] = requirement.span
    return {c: tuple(sorted(kinds.items())) for c, kinds in needs.items()}


def _needed(span: str, margin: int) -> str:
    if span == "start":
        return "on the first day"
    if span == "tour":
        return "for the whole tour"
    return f"through {margin} days after the tour"


def credential_findings(
    assignments: Sequence[AssignmentRow],
    s: Subject,
    coverage: dict[str, Coverage],
    table: RequirementTable,
    passport_margin_days: int,
    out: list[Finding],
) -> None:
    """Each requirement an assignment's category has: the days of its span that no valid
    credential of the kind covers, one finding per contiguous gap."""
    for a in assignments:
        first = a.first
        for kind, span in table.get(a.category, ()):
            if span == "start":
                last = first
            elif span == "tour":
                last = a.last
            else:
                # A margin past the calendar's end asks for a credential valid to its end.
                last = min(a.last + passport_margin_days, MAX_DAY)
            held = coverage.get(kind, ())
            if covers(held, first, last):
                continue
            label = kind.replace("-", " ")
            for gap_first, gap_last in gaps(held, first, last):
                out.append(
                    finding(
                        "credential",
                        "error",
                        f"{s.who} has no valid {label} {span_text(gap_first, gap_last)}; "
                        f"{s.where(a)} needs one {_needed(span, passport_margin_days)}.",
                        mission=s.mission(a),
                        rotation=s.rotation(a),
                        person=s.person,
                        first=gap_first,
                        last=gap_last,
                        value=gap_last - gap_first + 1,
                        detail=kind,
                    )
                )


def gaps(held: Coverage, first: int, last: int) -> list[tuple[int, int]]:
    """Days of first..last outside the coverage ``held``."""
    found = []
    day = first
    for i in range(0, len(held), 2):
        held_first, end = held[i], held[i + 1]  # covers held_first..end - 1
        if end <= day:
            continue
        if held_first > last:
            break
        if held_first > day:
            found.append((day, held_first - 1))
        day = end
        if day > last:
            return found
    found.append((day, last))
    return found
