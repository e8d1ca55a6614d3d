"""One pass over every counted assignment for what a full check counts: each mission's
first and last days (for the headcount), each rotation's roster size and the gender
counts. The same results as ``Headcounts.build``'s collection, ``roster_sizes`` and
``gender_counts`` run one after another, without going over 40,000 rows three times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Set
from typing import NamedTuple

from planner.rules.gender import GROUP_OF, YEAR_OF, GenderCounts
from planner.rules.rows import AssignmentRow


class Tally(NamedTuple):
    firsts: dict[int, list[int]]  # mission -> first days of its plain assignments
    lasts: dict[int, list[int]]  # mission -> their last days
    sizes: dict[int, int]  # rotation id -> distinct people on it
    gender: GenderCounts


def tally(counted: Iterable[AssignmentRow], pieced: Set[int], women: Set[int]) -> Tally:
    """``counted``: counted assignments sorted by person and first day. The days of
    people in ``pieced`` are left out of ``firsts``/``lasts``: they may overlap
    themselves and are counted as pieces instead (see ``headcount.person_pieces``)."""
    firsts: dict[int, list[int]] = {}
    lasts: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    span = dt.MAXYEAR + 1
    # People and women by year, per group (as ``gender.gender_counts``).
    unit, unit_women = [0] * span, [0] * span
    individual, individual_women = [0] * span, [0] * span
    year_of = YEAR_OF
    lowest = span
    current = None
    plain = is_woman = False
    seen: set[int] | None = None  # the current person's rotations
    unit_done = individual_done = 0  # the person's last year counted, by group
    for _, person_id, mission_id, rotation_id, category, first, last, _ in counted:
        if person_id != current:
            current = person_id
            plain = current not in pieced
            is_woman = current in women
            seen = None
            unit_done = individual_done = 0
        if plain:
            if mission_id in firsts:
                firsts[mission_id].append(first)
                lasts[mission_id].append(last)
            else:
                firsts[mission_id] = [first]
                lasts[mission_id] = [last]
        if rotation_id is not None:
            if seen is None:
                seen = {rotation_id}
                sizes[rotation_id] = sizes.get(rotation_id, 0) + 1
            elif rotation_id not in seen:
                seen.add(rotation_id)
                sizes[rotation_id] = sizes.get(rotation_id, 0) + 1
        end = year_of[last]
        if category == "unit":
            if end <= unit_done:
                continue
            year = year_of[first]
            if year <= unit_done:
                year = unit_done + 1
            unit_done = end
            counts, theirs = unit, unit_women
        elif category in GROUP_OF:
            if end <= individual_done:
                continue
            year = year_of[first]
            if year <= individual_done:
                year = individual_done + 1
            individual_done = end
            counts, theirs = individual, individual_women
        else:
            continue
        if year < lowest:
            lowest = year
        while year <= end:
            counts[year] += 1
            if is_woman:
                theirs[year] += 1
            year += 1
    gender = gathered(lowest, unit, unit_women, individual, individual_women)
    return Tally(firsts, lasts, sizes, gender)


def gathered(
    lowest: int,
    unit: list[int],
    unit_women: list[int],
    individual: list[int],
    individual_women: list[int],
) -> GenderCounts:
    """The gender counts from the people and women by year of each group."""
    return {
        (group, year): [counts[year], theirs[year]]
        for group, counts, theirs in (
            ("contingent", unit, unit_women),
            ("individual", individual, individual_women),
        )
        for year in range(lowest, len(counts))
        if counts[year]
    }
