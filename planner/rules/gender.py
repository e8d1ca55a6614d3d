"""The gender-target rule (DESIGN.md section 3): in each calendar year, the share of
women among the distinct persons deployed in a group (contingent = unit members,
individual = observers and staff officers) against that year's target."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Final

from planner.rules.findings import Finding
from planner.rules.rows import AssignmentRow, GenderTargetRow

GROUP_OF = {"unit": "contingent", "observer": "individual", "staff": "individual"}
GROUP_WORDS = {
    "contingent": "unit members",
    "individual": "observers and staff officers",
}

# (group, year) -> [people deployed, women among them]
GenderCounts = dict[tuple[str, int], list[int]]
Contribution = frozenset[tuple[str, int]]


def target_share(targets: Iterable[GenderTargetRow], group: str, year: int) -> float | None:
    """The target of a group in a year: the given one, the straight line between the two
    given years around it, or the nearest given year's outside them."""
    points = sorted((t.year, t.share) for t in targets if t.group == group)
    if not points:
        return None
    if year <= points[0][0]:
        return points[0][1]
    if year >= points[-1][0]:
        return points[-1][1]
    for (y0, s0), (y1, s1) in pairwise(points):
        if y0 <= year <= y1:
            return s0 + (s1 - s0) * (year - y0) / (y1 - y0)
    return None  # pragma: no cover - the years are sorted and bracket ``year``


class _Years(dict[int, int]):
    """Day ordinal -> its year, learnt on first use: few distinct days recur."""

    def __missing__(self, day: int) -> int:
        year = self[day] = dt.date.fromordinal(day).year
        return year


YEAR_OF: Final = _Years()


def contribution(assignments: Iterable[AssignmentRow]) -> Contribution:
    """The (group, year) pairs one person is deployed in (counted assignments)."""
    pairs = set()
    for a in assignments:
        group = GROUP_OF.get(a.category)
        if group is None:
            continue
        for year in range(YEAR_OF[a.first], YEAR_OF[a.last] + 1):
            pairs.add((group, year))
    return frozenset(pairs)


def count(counts: GenderCounts, pairs: Contribution, woman: bool, sign: int) -> None:
    for pair in pairs:
        entry = counts.get(pair)
        if entry is None:
            entry = counts[pair] = [0, 0]
        entry[0] += sign
        if woman:
            entry[1] += sign


def gender_findings(counts: GenderCounts, targets: Sequence[GenderTargetRow]) -> list[Finding]:
    out = []
    for (group, year), (total, women) in sorted(counts.items()):
        if total <= 0:
            continue
        target = target_share(targets, group, year)
        if target is None:
            continue
        needed = math.ceil(target * total - 1e-9)
        if women >= needed:
            continue
        out.append(
            Finding(
                "gender-target",
                "info",
                f"{year}: {women} of the {total} {GROUP_WORDS[group]} deployed are women "
                f"({100 * women / total:.1f} %), below the target of {100 * target:.1f} %; "
                f"{needed} would meet it.",
                start=f"{year:04d}-01-01",
                end=f"{year:04d}-12-31",
                value=women,
                limit=needed,
                detail=group,
            )
        )
    return out
