"""Credential coverage: the days on which a person holds a valid credential of a kind.

The credential rule asks, for every assignment and every kind it needs, whether one
valid credential, or renewals that follow on without a gap, cover a span of days. Each
person's credentials of a kind are merged once into sorted boundaries, so that the
question is one ``bisect`` (see ``covers``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from planner.rules.rows import CredentialRow

# The days on which a person holds a valid credential of one kind, as the sorted
# boundaries of merged half-open spans: [first0, last0 + 1, first1, last1 + 1, …]. Spans
# that touch (a renewal the day after expiry) are merged, so a gap is at least one day
# and the boundaries strictly increase: day d is covered when bisect_right(coverage, d)
# is odd, and first..last within one span when, besides, last < coverage[that index].
Coverage = tuple[int, ...]


def covers(held: Coverage, first: int, last: int) -> bool:
    """Whether one merged span covers every day first..last."""
    k = bisect_right(held, first)
    return k & 1 == 1 and last < held[k]


def coverage(
    credentials: Iterable[CredentialRow], kinds: Sequence[str] | None = None
) -> dict[str, Coverage]:
    """One person's coverage by kind, from their credentials in any order (``kinds``:
    the names of the kinds, when the rows give their index, as Reader.credentials
    reads them)."""
    rows: dict[str, list[CredentialRow]] = {}
    for row in credentials:
        kind: Any = row[1]  # a name, or its index in ``kinds``
        rows.setdefault(kind if kinds is None else kinds[kind], []).append(row)
    return {kind: _merged(sorted(mine, key=_span)) for kind, mine in rows.items()}


def _merged(rows: Iterable[CredentialRow]) -> Coverage:
    """Boundaries of the merged spans of credentials sorted by first day."""
    flat: list[int] = []
    end = -2  # one past the last covered day so far
    for _, _, first, last in rows:
        if first <= end:  # overlaps or touches the span before: extend it
            if last >= end:
                end = flat[-1] = last + 1
        else:
            end = last + 1
            flat.append(first)
            flat.append(end)
    # A tuple: the cycle collector stops tracking tuples of ints, not lists.
    return tuple(flat)


def ordered_coverage(
    credentials: Iterable[CredentialRow], kinds: Sequence[str] | None = None
) -> dict[int, dict[str, Coverage]]:
    """Everyone's coverage in one pass over credentials sorted by person, kind and first
    day (as the loader reads them); the same result as ``coverage`` per person."""
    if kinds is None:
        return {
            person: {kind: _merged(rows) for kind, rows in groupby(mine, _kind_of)}
            for person, mine in groupby(credentials, _first)
        }
    return {
        person: {kinds[code]: _merged(rows) for code, rows in groupby(mine, _kind_of)}
        for person, mine in groupby(credentials, _first)
    }


_first = itemgetter(0)  # a credential's person
_kind_of = itemgetter(1)
_span = itemgetter(2, 3)
