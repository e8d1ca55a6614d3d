"""The quick pass of a check: one exact "nothing to report" test per rule family, over
many assignments at once (numpy).

This is the one definition of each family's quick test (``parts`` holds the full rules,
which find and word the findings for the assignments that fail a test). A full check
makes the pass over every assignment of the plan (``whole_plan_pass``, which also counts
heads, genders and roster sizes); the incremental checker and the focused check make it
over the few people they recheck (``quick_pass``). Each test is exact: an assignment that
passes it draws no finding of that family (``tests/planner/rules/test_rules_quick_pass.py``
holds the pass to that: the findings are the same when every assignment is doubted).

Every test compares day ordinals (< 2**22). To search many people's or missions' spans
at once, a day is put in the low bits of one integer and whose it is in the high bits
(``owner << DAY_BITS | day``): then every span of every owner lies in one sorted array,
a span of one owner never reaches another's, and one ``searchsorted`` answers for all.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence, Set
from functools import cache
from itertools import chain, repeat
from operator import is_not, methodcaller
from typing import Final, NamedTuple, Protocol

# numpy is first imported here (the window imports this module only for its first
# check). No linear algebra here: without this, numpy's BLAS starts a thread per core,
# and on a small machine those slow down everything else in the process (reading a plan
# by 15 %). It takes effect only if numpy is not imported yet, and a setting the user
# made in the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from numpy.typing import NDArray

from planner.domain import INDIVIDUAL_CATEGORIES
from planner.rules.gender import GROUP_OF, GenderCounts
from planner.rules.index import Index
from planner.rules.profile import fit
from planner.rules.rows import AssignmentRow

Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]

# A day ordinal is < 2**22. A day plus a margin may reach past DAY_BITS into the owner's
# bits: it is then past every span of that owner (all end within its range), so that
# it reads as not covered, as it should.
DAY_BITS: Final = 23
# More days than lie between any two days: a longer rest or margin tests the same, and
# cannot overflow the 64 bits of a number.
_FAR: Final = 1 << DAY_BITS
# Ids below this leave room in 63 bits for a day (and a few small codes) below them: any
# id the database gives. Larger ones are replaced by their ranks (``_small_ids``).
_ID_LIMIT: Final = 1 << 32
# The gender counts' groups by number (0: none), and each category's.
_GROUP_NAMES: Final = ("", "contingent", "individual")
_GROUP: Final = {category: _GROUP_NAMES.index(g) for category, g in GROUP_OF.items()}
# Bits of a row's doubts, as ``parts.Doubts`` holds them.
AUTHORISATION, ROTATION, CREDENTIAL, INDIVIDUAL, SCHEDULE, ABSENT = (1 << i for i in range(6))


class Columns(NamedTuple):
    """The assignments, one array per field (rows in the order given)."""

    person: Ints
    mission: Ints
    rotation: Ints  # 0 where there is none (see ``on_rotation``)
    on_rotation: Flags
    category: Ints  # index in ``categories``
    first: Ints
    last: Ints
    categories: tuple[str, ...]


def columns(rows: Sequence[AssignmentRow]) -> Columns:
    n = len(rows)
    if not n:
        empty = np.zeros(0, np.int64)
        return Columns(empty, empty, empty, np.zeros(0, np.bool_), empty, empty, empty, ())
    _, person, mission, rotation, category, first, last, _ = zip(*rows, strict=True)
    categories = tuple(sorted(set(category)))
    code = {c: i for i, c in enumerate(categories)}

    def ints(values: Iterable[int]) -> Ints:
        return np.fromiter(values, np.int64, n)

    return Columns(
        ints(person),
        ints(mission),
        ints(map({None: 0}.get, rotation, rotation)),  # None -> 0, an id -> itself
        np.fromiter(map(is_not, rotation, repeat(None)), np.bool_, n),
        ints(map(code.__getitem__, category)),
        ints(first),
        ints(last),
        categories,
    )


class Counts(NamedTuple):
    """What a full check counts besides the doubts (see ``parts.CheckState``)."""

    # +/- heads by day; without the people with a schedule doubt (see whole_plan_pass)
    mission_deltas: dict[int, dict[int, int]]
    sizes: dict[int, int]  # rotation id -> distinct people on it
    gender: GenderCounts


class QuickPass(NamedTuple):
    doubts: dict[int, int]  # row index -> its doubts as bits, only rows with any
    rows_of: dict[int, tuple[int, int]]  # person with doubts -> start, stop of their rows
    counts: Counts | None  # a whole-plan pass's (``whole_plan_pass``)


def quick_pass(ix: Index, ctx: ContextLike, rows: Sequence[AssignmentRow]) -> QuickPass:
    """The doubts of each row (``rows``: counted assignments, grouped by person, each
    person's by first day and id), without the counts."""
    return _pass(ix, ctx, rows, None)


def whole_plan_pass(
    ix: Index, ctx: ContextLike, rows: Sequence[AssignmentRow], women: Set[int]
) -> QuickPass:
    """``quick_pass`` and the counts a full check needs (``rows``: every counted
    assignment). The days of people with a schedule doubt are left out of
    ``mission_deltas``: they may overlap themselves, and are counted as pieces (see
    ``headcount.person_pieces``)."""
    return _pass(ix, ctx, rows, women)


def _pass(
    ix: Index, ctx: ContextLike, rows: Sequence[AssignmentRow], women: Set[int] | None
) -> QuickPass:
    c = columns(rows)
    bits = np.zeros(len(rows), np.int64)
    schedule = _schedule(c, _near(ix.settings.min_rest_days))
    bits[schedule] |= SCHEDULE
    bits[_outside_windows(c, ctx.windows)] |= AUTHORISATION
    bits[_outside_rotations(c, ix)] |= ROTATION
    bits[_credentials_short(c, ix, ctx.needs)] |= CREDENTIAL
    bits[_individual_unfit(c, ix, ctx.languages)] |= INDIVIDUAL
    bits[_absent(c, ix)] |= ABSENT
    doubted = np.flatnonzero(bits)
    # People by number 0, 1, … in row order; where each one's rows start, and after the
    # last person's, where the rows end.
    person_ix = np.zeros(len(rows), np.int64)
    np.cumsum(c.person[1:] != c.person[:-1], out=person_ix[1:])
    edges = np.flatnonzero(np.diff(person_ix, prepend=-1, append=person_ix[-1:] + 1))
    in_doubt = _distinct(person_ix[doubted])
    rows_of = dict(
        zip(
            c.person[edges[in_doubt]].tolist(),
            zip(edges[in_doubt].tolist(), edges[in_doubt + 1].tolist(), strict=True),
            strict=True,
        )
    )
    doubts = dict(zip(doubted.tolist(), bits[doubted].tolist(), strict=True))
    if women is None:
        return QuickPass(doubts, rows_of, None)
    # People with a schedule doubt: all their rows leave the plain headcount.
    pieced = np.zeros(len(edges), np.bool_)
    pieced[person_ix[schedule]] = True
    counts = Counts(
        _mission_deltas(c, ~pieced[person_ix]),
        _roster_sizes(c, person_ix),
        _gender_counts(c, person_ix, women),
    )
    return QuickPass(doubts, rows_of, counts)


class ContextLike(Protocol):
    """What ``whole_plan_pass`` reads of ``parts.Context``."""

    @property
    def needs(self) -> dict[str, tuple[tuple[str, int | None], ...]]: ...
    @property
    def windows(self) -> dict[str, dict[int, tuple[tuple[int, int], ...]]]: ...
    @property
    def languages(self) -> dict[int, str]: ...


# --- the quick tests ---------------------------------------------------------------------


def _near(days: int) -> int:
    """``days`` within ±_FAR: the same answers, and no overflow."""
    return max(-_FAR, min(days, _FAR))


def _small_ids(*arrays: Ints) -> tuple[Ints, ...]:
    """The arrays as they are when their ids are below ``_ID_LIMIT`` (always, for ids
    the database gives); else each id's rank among all of them, which keeps the order
    and tells the same ids apart, so that the tests give the same answers."""
    if all(not len(a) or -_ID_LIMIT < int(a.min()) <= int(a.max()) < _ID_LIMIT for a in arrays):
        return arrays
    ranks = np.unique(np.concatenate(arrays), return_inverse=True)[1].ravel()
    return tuple(np.split(ranks, np.cumsum([len(a) for a in arrays])[:-1]))


def _schedule(c: Columns, rest: int) -> Flags:
    """Rows that start within ``rest`` days after the end of the person's row before.
    A person has such a row exactly when ``parts.scan`` finds a schedule doubt (it
    compares with every row before): each person's rows come by first day, so if a row
    starts more than ``rest`` days after the one before it ends, so do all later ones.
    Only whether a person has any such row is kept (``Doubts.schedule``)."""
    flags = np.zeros(len(c.person), np.bool_)
    flags[1:] = (c.person[1:] == c.person[:-1]) & (c.first[1:] <= c.last[:-1] + rest)
    return flags


def _in_spans(first: Ints, last: Ints, bounds: Ints) -> Flags:
    """Whether days first..last (each ``owner << DAY_BITS | day``) lie in one span of
    their owner. ``bounds``: every owner's spans as boundaries [start, end + 1), in the
    same form, sorted."""
    if not len(bounds):
        return np.zeros(len(first), np.bool_)
    k = np.searchsorted(bounds, first, side="right")
    inside: Flags = (k & 1).astype(np.bool_)  # odd: first lies in a span
    result: Flags = inside & (last < bounds[np.minimum(k, len(bounds) - 1)])
    return result


def _bounds(owners: Ints, spans: Sequence[Sequence[int]]) -> Ints:
    """``owner << DAY_BITS | day`` for each owner's boundaries (owners in order)."""
    sizes = np.fromiter(map(len, spans), np.int64, len(spans))
    days = np.fromiter(chain.from_iterable(spans), np.int64, int(sizes.sum()))
    keys: Ints = (np.repeat(owners, sizes) << DAY_BITS) + days
    return keys


def _outside_windows(
    c: Columns, windows: dict[str, dict[int, tuple[tuple[int, int], ...]]]
) -> Flags:
    """Rows not inside one clear window of their mission and category (see
    ``authorisations.clear_windows``): an authorisation, mandate or category doubt."""
    count = len(c.categories)
    spans = [
        (mission, code, tuple(chain.from_iterable((lo, hi + 1) for lo, hi in mine)))
        for code, category in enumerate(c.categories)
        for mission, mine in windows.get(category, {}).items()
        if mine
    ]
    missions, window_missions = _small_ids(
        c.mission, np.array([mission for mission, _, _ in spans], np.int64)
    )
    owners = window_missions * count + np.array([code for _, code, _ in spans], np.int64)
    order = np.argsort(owners, kind="stable")
    bounds = _bounds(owners[order], [spans[i][2] for i in order.tolist()])
    base = (missions * count + c.category) << DAY_BITS
    flags: Flags = ~_in_spans(base + c.first, base + c.last, bounds)
    return flags


def _outside_rotations(c: Columns, ix: Index) -> Flags:
    """Rows of a rotation that start before it or end after it."""
    if not ix.rotations:
        return np.zeros(len(c.person), np.bool_)
    ordered = sorted((r.id, r.first, r.last) for r in ix.rotations.values())
    ids, firsts, lasts = (np.array(column, np.int64) for column in zip(*ordered, strict=True))
    at = np.minimum(np.searchsorted(ids, c.rotation), len(ids) - 1)
    known = c.on_rotation & (ids[at] == c.rotation)  # not for a rotation not read
    flags: Flags = known & ((c.first < firsts[at]) | (c.last > lasts[at]))
    return flags


def _credentials_short(
    c: Columns, ix: Index, needs: dict[str, tuple[tuple[str, int | None], ...]]
) -> Flags:
    """Rows for which a credential the category needs is not held from the first day
    (kinds needed on that day only) or through the last day plus its extra days."""
    short = np.zeros(len(c.person), np.bool_)
    kinds = sorted({kind for category in c.categories for kind, _ in needs.get(category, ())})
    if not kinds:
        return short
    # Whose coverage to search: everyone's for a whole plan; for a few people (a
    # recheck), theirs only, not the plan's thousands of others.
    people = _distinct(c.person)
    if 4 * len(people) < len(ix.coverage):
        no_coverage: dict[str, tuple[int, ...]] = {}
        helds = [ix.coverage.get(p, no_coverage) for p in people.tolist()]
        person, owners = _small_ids(c.person, people)
    else:
        helds = list(ix.coverage.values())
        person, owners = _small_ids(c.person, np.fromiter(ix.coverage, np.int64, len(helds)))
    if len(owners) > 1 and not bool(np.all(owners[1:] > owners[:-1])):
        order = np.argsort(owners, kind="stable")  # ``_bounds`` wants owners in order
        owners = owners[order]
        helds = [helds[i] for i in order.tolist()]
    base = person << DAY_BITS
    first = base + c.first
    # By what each category needs of a kind: the rows that need it, and the last day it
    # must cover (kinds needed alike share them: most are needed by every category).
    rows_needing: dict[tuple[bool, ...], Flags | None] = {}
    last_days: dict[tuple[int | None, ...], Ints] = {}
    wanted = [dict(needs.get(category, ())) for category in c.categories]
    for kind in kinds:
        needed = tuple(kind in mine for mine in wanted)
        if needed not in rows_needing:
            rows_needing[needed] = None if all(needed) else np.array(needed)[c.category]
        extra = tuple(mine.get(kind) for mine in wanted)  # None: needed on the first day
        if extra not in last_days:
            last_days[extra] = _last_days(c, extra, base)
        covers: list[tuple[int, ...]] = list(map(methodcaller("get", kind, ()), helds))
        held = _in_spans(first, last_days[extra], _bounds(owners, covers))
        mask = rows_needing[needed]
        short |= ~held if mask is None else mask & ~held
    return short


def _last_days(c: Columns, extra: tuple[int | None, ...], base: Ints) -> Ints:
    """The last day a credential must cover, by the row's category (added to ``base``,
    the owner's bits): the first day (None: needed on that day only, or not at all),
    or the last day plus ``extra`` days."""
    if all(days is None for days in extra):
        return base + c.first
    offset = np.array([_near(days or 0) for days in extra], np.int64)
    through_last = np.array([days is not None for days in extra])
    row = c.category
    last: Ints = base + np.where(through_last[row], c.last + offset[row], c.first)
    return last


def _individual_unfit(c: Columns, ix: Index, languages: dict[int, str]) -> Flags:
    """Rows of observers and staff officers that start outside the days on which the
    person fits the profile, or on a mission whose language they lack."""
    individual = np.array([cat in INDIVIDUAL_CATEGORIES for cat in c.categories] or [False])
    rows = np.flatnonzero(individual[c.category])
    flags = np.zeros(len(c.person), np.bool_)
    if not len(rows):
        return flags
    people, at = np.unique(c.person[rows], return_inverse=True)
    fits = [fit(ix.persons.get(p), ix.settings) for p in people.tolist()]
    first = c.first[rows]
    unfit = (first < np.array([f.first for f in fits], np.int64)[at]) | (
        first > np.array([f.last for f in fits], np.int64)[at]
    )
    # The language test, one mission language at a time (a plan has few).
    language_of = np.array([languages.get(m) or "" for m in c.mission[rows].tolist()])
    for language in set(language_of.tolist()) - {""}:
        speaks = np.array([language in f.languages for f in fits], np.bool_)
        unfit |= (language_of == language) & ~speaks[at]
    flags[rows] = unfit
    return flags


def _absent(c: Columns, ix: Index) -> Flags:
    """Rows during one of the person's absences (few people have any: plain Python)."""
    flags = np.zeros(len(c.person), np.bool_)
    if not ix.absences_of:
        return flags
    away = np.array([p for p, rows in ix.absences_of.items() if rows], np.int64)
    for i in np.flatnonzero(np.isin(c.person, away)).tolist():
        first, last = int(c.first[i]), int(c.last[i])
        if any(b.first <= last and first <= b.last for b in ix.absences_of[int(c.person[i])]):
            flags[i] = True
    return flags


# --- the counts ----------------------------------------------------------------------


def _mission_deltas(c: Columns, plain: Flags) -> dict[int, dict[int, int]]:
    """+1 on each plain row's first day, -1 the day after its last, per mission, netted
    (days netting to zero dropped, as ``headcount.add_events`` keeps them)."""
    ids = c.mission[plain]
    (small,) = _small_ids(ids)
    mission_of = dict(zip(small.tolist(), ids.tolist(), strict=True)) if small is not ids else None
    mission = small << DAY_BITS
    # Each event as one number: mission, day, and in the lowest bit whether it ends.
    events = np.concatenate(
        ((mission + c.first[plain]) << 1, ((mission + c.last[plain] + 1) << 1) | 1)
    )
    kinds, times = np.unique(events, return_counts=True)  # (see ``_distinct``)
    change = np.where(kinds & 1, -times, times)
    keys = kinds >> 1
    new = np.ones(len(keys), np.bool_)  # where a (mission, day) starts in ``keys``
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    net = np.add.reduceat(change, starts) if len(starts) else change
    keys = keys[starts]
    keep = net != 0
    keys, net = keys[keep], net[keep]
    owners = keys >> DAY_BITS
    days = keys & ((1 << DAY_BITS) - 1)
    cuts = np.flatnonzero(np.diff(owners)) + 1
    out: dict[int, dict[int, int]] = {
        int(owner[0]): dict(zip(day.tolist(), n.tolist(), strict=True))
        for owner, day, n in zip(
            np.split(owners, cuts), np.split(days, cuts), np.split(net, cuts), strict=True
        )
        if len(owner)
    }
    # A mission whose plain rows net to nothing on every day still has a headcount.
    for mission_id in _distinct(small).tolist():
        out.setdefault(mission_id, {})
    if mission_of is not None:
        out = {mission_of[m]: deltas for m, deltas in out.items()}
    return out


def _distinct(keys: Ints) -> Ints:
    """The distinct values, sorted. (Asked for counts, np.unique sorts; without them it
    takes a path many times slower on these arrays.)"""
    distinct: Ints = np.unique(keys, return_counts=True)[0]
    return distinct


def _roster_sizes(c: Columns, person_ix: Ints) -> dict[int, int]:
    """Distinct people on each rotation."""
    on_rotation = c.on_rotation
    rotations, rotation_ix = np.unique(c.rotation[on_rotation], return_inverse=True)
    many = int(person_ix[-1]) + 1 if len(person_ix) else 1
    pairs = _distinct(rotation_ix.ravel() * many + person_ix[on_rotation])
    people = np.bincount(pairs // many, minlength=len(rotations))
    return dict(zip(rotations.tolist(), people.tolist(), strict=True))


@cache
def _year_starts() -> Ints:
    """The ordinal of 1 January of every year 1..9999: a day's year is how many start
    on or before it."""
    return np.array([dt.date(y, 1, 1).toordinal() for y in range(1, dt.MAXYEAR + 1)], np.int64)


def _gender_counts(c: Columns, person_ix: Ints, women: Set[int]) -> GenderCounts:
    """Per (group, year): the distinct people deployed in the group that year, and the
    women among them."""
    group_of = np.array([_GROUP.get(cat, 0) for cat in c.categories] or [0], np.int64)
    group = group_of[c.category]
    grouped = group > 0
    person, group = person_ix[grouped], group[grouped]
    starts = _year_starts()
    first_year = np.searchsorted(starts, c.first[grouped], side="right")
    last_year = np.searchsorted(starts, c.last[grouped], side="right")
    # Each (group, year, person) once, as one number: the first and last years of every
    # row, and the years between for the rare rows longer than a year.
    many = int(person_ix[-1]) + 1 if len(person_ix) else 1
    years_of = len(starts) + 1

    def keyed(groups: Ints, years: Ints, people: Ints) -> Ints:
        keys: Ints = (groups * years_of + years) * many + people
        return keys

    keys = [keyed(group, first_year, person)]
    longer = last_year > first_year
    keys.append(keyed(group[longer], last_year[longer], person[longer]))
    for i in np.flatnonzero(last_year - first_year > 1).tolist():
        between = np.arange(first_year[i] + 1, last_year[i], dtype=np.int64)
        keys.append(
            keyed(np.full(len(between), group[i]), between, np.full(len(between), person[i]))
        )
    distinct = _distinct(np.concatenate(keys))
    is_woman = np.isin(c.person, np.fromiter(women, np.int64, len(women)))
    woman_ix = np.zeros(many, np.bool_)
    woman_ix[person_ix[is_woman]] = True
    pair_of = distinct // many
    deployed = np.bincount(pair_of)
    of_women = np.bincount(pair_of, weights=woman_ix[distinct % many], minlength=len(deployed))
    pairs = np.flatnonzero(deployed)
    deployed, of_women = deployed[pairs], of_women[pairs]
    return {
        (_GROUP_NAMES[pair // years_of], pair % years_of): [n, int(w)]
        for pair, n, w in zip(pairs.tolist(), deployed.tolist(), of_women.tolist(), strict=True)
    }
