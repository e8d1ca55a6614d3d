"""What a full check counts in its one pass over every counted assignment
(``parts.scan_counting``): each mission's first and last days (for the headcount), each
rotation's roster size and the gender counts. Tests hold them equal to
``Headcounts.build``, ``rotations.roster_sizes`` and the people's ``gender.contribution``."""

from __future__ import annotations

from typing import NamedTuple

from planner.rules.gender import GenderCounts


class Tally(NamedTuple):
    firsts: dict[int, list[int]]  # mission -> first days of its plain assignments
    lasts: dict[int, list[int]]  # mission -> their last days
    sizes: dict[int, int]  # rotation id -> distinct people on it
    gender: GenderCounts


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
