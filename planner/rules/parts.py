"""The parts of a check: every rule of DESIGN.md section 3, grouped so that each part can
be recomputed on its own.

The work is split into parts that can be redone on their own (see ``incremental``):
each person (every rule about their assignments), each mission (its ceiling), each
authorisation (its total), each unit (its rotations) and the gender targets. A full
check computes every part; the incremental checker recomputes only the parts an edit
reached, with the same functions, so both give the same findings.

People's assignments first go through one quick pass (``scan``) with an exact "nothing
to report" test per rule family; only the assignments that fail a family's test go
through that family's full rule, which finds and words the findings. On a large plan
most people are in order, and one flat pass over every assignment is several times
cheaper than one per family, or one call per person. For the same reason a full check
counts heads, genders and roster sizes in one pass over everyone's assignments, where
the incremental checker moves one person's share (``check_person``): the same counts.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter
from typing import Final, NamedTuple

from planner.domain import CATEGORIES
from planner.progress import NO_PROGRESS, Progress
from planner.rules.authorisations import (
    Windows,
    authorisation_findings,
    clear_windows,
    mandate_findings,
    mandates,
    mission_ceiling_findings,
    total_ceiling_findings,
)
from planner.rules.coverage import Coverage
from planner.rules.credentials import SPAN_ORDER, credential_findings, requirement_table
from planner.rules.findings import Finding, sort_findings
from planner.rules.gender import (
    GROUP_OF,
    YEAR_OF,
    Contribution,
    GenderCounts,
    contribution,
    gender_findings,
)
from planner.rules.headcount import Headcounts, Piece, person_pieces
from planner.rules.index import UNGOVERNED, Index
from planner.rules.people import (
    double_booked_findings,
    short_rest_findings,
    unavailable_findings,
)
from planner.rules.profile import Fit, fit, language_findings, profile_findings
from planner.rules.rotations import outside_rotation_findings, roster_sizes, unit_findings
from planner.rules.rows import AbsenceRow, AssignmentRow
from planner.rules.tally import Tally, gathered
from planner.rules.text import Subject, person_label

_NO_FINDINGS: Final[list[Finding]] = []
# A category's group for the gender counts (see ``gender.GROUP_OF``): 1 contingent,
# 2 individual (also: checked against the individual profile).
_GROUP: Final = {
    category: 1 if group == "contingent" else 2 for category, group in GROUP_OF.items()
}
_counted = attrgetter("counted")


# (kind, extra days): the span a credential must cover from an assignment's first day:
# None, that day only; else through its last day plus ``extra``.
Need = tuple[str, int | None]


@dataclass(frozen=True)
class Context:
    """What every person's check reads besides their own rows. Rebuilt whenever the
    missions, authorisations or parameters change (the incremental checker then does a
    full check)."""

    table: dict[str, tuple[tuple[str, str], ...]]  # category -> ((kind, span), …)
    needs: dict[str, tuple[Need, ...]]  # category -> the spans each kind must cover
    mandates: dict[int, tuple[int, int]]
    windows: dict[str, dict[int, tuple[tuple[int, int], ...]]]  # category -> mission ->
    languages: dict[int, str]  # mission id -> working language

    @classmethod
    def of(cls, ix: Index) -> Context:
        table = requirement_table(ix.requirements)
        margin = ix.settings.passport_margin_days
        extra = {0: None, 1: 0, 2: margin}
        mission_mandates = mandates(ix.missions.values())
        return cls(
            table=table,
            needs={
                category: tuple((kind, extra[SPAN_ORDER.get(span, 0)]) for kind, span in kinds)
                for category, kinds in table.items()
            },
            mandates=mission_mandates,
            windows=by_category(clear_windows(ix.timelines, mission_mandates)),
            languages={m.id: m.language for m in ix.missions.values()},
        )


def by_category(windows: Windows) -> dict[str, dict[int, tuple[tuple[int, int], ...]]]:
    """The windows by category, then mission: two lookups, no key to make."""
    out: dict[str, dict[int, tuple[tuple[int, int], ...]]] = {c: {} for c in CATEGORIES}
    for (mission, category), spans in windows.items():
        out.setdefault(category, {})[mission] = spans
    return out


class Doubts:
    """One person's assignments that fail a family's quick test."""

    __slots__ = ("absent", "authorisation", "credential", "individual", "rotation", "schedule")

    def __init__(self, absent: bool = False) -> None:
        self.authorisation: list[AssignmentRow] = []
        self.rotation: list[AssignmentRow] = []
        self.credential: list[AssignmentRow] = []
        self.individual: list[AssignmentRow] = []
        self.schedule = False  # an overlap or a short rest somewhere: check all pairs
        self.absent = absent  # away during one: check absences against every assignment


def scan(ix: Index, ctx: Context, counted: Iterable[AssignmentRow]) -> dict[int, Doubts]:
    """The quick pass: ``counted`` (counted assignments sorted by person, first day and
    id, of any number of people) in one loop; the people with something to check, by id.
    Each test is exact: an assignment that passes it draws no finding of that family."""
    return scan_counting(ix, ctx, counted, None)[0]


def scan_counting(
    ix: Index, ctx: Context, counted: Iterable[AssignmentRow], women: Set[int] | None
) -> tuple[dict[int, Doubts], Tally]:
    """``scan``, and in the same loop what a full check counts (``tally.Tally``): a full
    check then goes over every assignment once. Its ``firsts``/``lasts`` hold every
    assignment's days: those of people with a schedule doubt must be taken out again
    (``minus`` of ``Headcounts.from_days``). ``women`` None: no counting (the Tally is
    empty), as for a few people, whom the counts by year would cost more than the rest."""
    doubts: dict[int, Doubts] = {}
    windows = ctx.windows
    needs = ctx.needs
    languages = ctx.languages
    rotations = ix.rotations
    coverage = ix.coverage
    absences = ix.absences_of
    persons = ix.persons
    settings = ix.settings
    rest = settings.min_rest_days
    no_coverage: dict[str, Coverage] = {}
    no_windows: dict[int, tuple[tuple[int, int], ...]] = {}
    current = None
    mine: Doubts | None = None
    held = no_coverage
    away: list[AbsenceRow] | None = None
    # By category, for the current person: their coverage of each kind the category
    # needs (see ``held_for``), the category's clear windows by mission, and its group
    # for the gender counts (1 contingent, 2 individual, 0 none).
    per_category: dict[str, PerCategory] = {}
    reach = 0
    profile: Fit | None = None
    # What ``Tally`` holds (see there).
    firsts: dict[int, list[int]] = {}
    lasts: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    counting = women is not None
    span = dt.MAXYEAR + 1 if counting else 0
    unit, unit_women = [0] * span, [0] * span
    individual, individual_women = [0] * span, [0] * span
    year_of = YEAR_OF
    lowest = span
    is_woman = False
    seen: set[int] | None = None  # the current person's rotations
    unit_done = individual_done = 0  # the person's last year counted, by group
    for a in counted:
        _, person_id, mission_id, rotation_id, category, first, last, _ = a
        if person_id != current:
            current = person_id
            held = coverage.get(current, no_coverage)
            per_category = {}
            reach = first - rest - 1  # the first assignment rests enough
            profile = None
            mine = None
            away = absences.get(current)
            is_woman = women is not None and current in women
            seen = None
            unit_done = individual_done = 0
        if not counting:
            pass
        elif mission_id in firsts:
            firsts[mission_id].append(first)
            lasts[mission_id].append(last)
        else:
            firsts[mission_id] = [first]
            lasts[mission_id] = [last]
        if away:  # the person's absences (usually none, or one)
            for absence in away:
                if absence.first <= last and first <= absence.last:
                    if mine is None:
                        mine = doubts[current] = Doubts()
                    mine.absent = True
                    break
        known = per_category.get(category)
        if known is None:
            known = per_category[category] = (
                *held_for(held, needs.get(category, ())),
                windows.get(category, no_windows),
                _GROUP.get(category, 0),
            )
        on_first, over_span, category_windows, group = known
        for lo, hi in category_windows.get(mission_id, ()):
            if lo <= first and last <= hi:
                break
        else:
            if mine is None:
                mine = doubts[current] = Doubts()
            mine.authorisation.append(a)
        if rotation_id is not None:
            rotation = rotations.get(rotation_id)
            if rotation is not None and (first < rotation.first or last > rotation.last):
                if mine is None:
                    mine = doubts[current] = Doubts()
                mine.rotation.append(a)
            if not counting:
                pass
            elif seen is None:
                seen = {rotation_id}
                sizes[rotation_id] = sizes.get(rotation_id, 0) + 1
            elif rotation_id not in seen:
                seen.add(rotation_id)
                sizes[rotation_id] = sizes.get(rotation_id, 0) + 1
        if first <= reach + rest:  # an overlap, or fewer than ``rest`` days between
            if mine is None:
                mine = doubts[current] = Doubts()
            mine.schedule = True
        if last > reach:
            reach = last
        ok = on_first is not None
        if on_first is not None:
            for cover in on_first:
                if not bisect_right(cover, first) & 1:  # odd: first lies in a span
                    ok = False
                    break
            else:
                for cover, extra in over_span:
                    k = bisect_right(cover, first)  # and last + extra in that span
                    if not (k & 1 and last + extra < cover[k]):
                        ok = False
                        break
        if not ok:
            if mine is None:
                mine = doubts[current] = Doubts()
            mine.credential.append(a)
        if group == 2:  # an individual deployment
            if profile is None:
                profile = fit(persons.get(current), settings)
            language = languages.get(mission_id, "")
            if not profile.first <= first <= profile.last or (
                language and language not in profile.languages
            ):
                if mine is None:
                    mine = doubts[current] = Doubts()
                mine.individual.append(a)
        # The gender counts: each year a person is deployed, once a group.
        if not counting:
            continue
        end = year_of[last]
        if group == 1:
            if end <= unit_done:
                continue
            year = year_of[first]
            if year <= unit_done:
                year = unit_done + 1
            unit_done = end
            counts, theirs = unit, unit_women
        elif group == 2:
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
    return doubts, Tally(firsts, lasts, sizes, gender)


# One person's coverage of the kinds a category needs: those needed on the first day
# only, and those needed over the tour with their extra days; None for the first when
# a kind needed has no credential at all (every assignment of the category then fails).
Held = tuple[tuple[Coverage, ...] | None, tuple[tuple[Coverage, int], ...]]
# ``Held``'s two parts, the category's clear windows by mission, its group (see ``scan``).
PerCategory = tuple[
    tuple[Coverage, ...] | None,
    tuple[tuple[Coverage, int], ...],
    dict[int, tuple[tuple[int, int], ...]],
    int,
]


def held_for(held: dict[str, Coverage], needs: Iterable[Need]) -> Held:
    on_first: list[Coverage] = []
    over_span: list[tuple[Coverage, int]] = []
    for kind, extra in needs:
        cover = held.get(kind)
        if cover is None:
            return None, ()
        if extra is None:
            on_first.append(cover)
        else:
            over_span.append((cover, extra))
    return tuple(on_first), tuple(over_span)


def subject(ix: Index, person_id: int) -> Subject:
    person = ix.persons.get(person_id)
    number = person.service_number if person is not None else "?"
    return Subject(person_label(person, number), number, ix.missions, ix.rotations)


def person_findings(
    ix: Index, ctx: Context, person_id: int, counted: Sequence[AssignmentRow], doubts: Doubts
) -> list[Finding]:
    """The full rule of each family whose quick test one of the person's assignments
    failed (``counted``: all their counted assignments, in order)."""
    s = subject(ix, person_id)
    settings = ix.settings
    out: list[Finding] = []
    if doubts.authorisation:
        authorisation_findings(doubts.authorisation, s, ix.timelines, UNGOVERNED, out)
        mandate_findings(doubts.authorisation, s, ctx.mandates, out)
    if doubts.rotation:
        outside_rotation_findings(doubts.rotation, s, ix.rotations, out)
    if doubts.schedule:
        double_booked_findings(counted, s, out)
        short_rest_findings(counted, s, settings.min_rest_days, out)
    if doubts.absent:
        unavailable_findings(counted, ix.absences_of.get(person_id, ()), s, out)
    if doubts.credential:
        credential_findings(
            doubts.credential,
            s,
            ix.coverage.get(person_id, {}),
            ctx.table,
            settings.passport_margin_days,
            out,
        )
    if doubts.individual:
        person = ix.persons.get(person_id)
        language_findings(
            doubts.individual, person, s, ix.missions, settings.language_min_level, out
        )
        profile_findings(doubts.individual, person, s, settings, out)
    return out


class PersonResult(NamedTuple):
    findings: list[Finding]
    pieces: list[Piece]  # the days this person counts on each mission
    gender: Contribution  # the (group, year) pairs this person is deployed in
    woman: bool


def counted_of(ix: Index, person_id: int) -> list[AssignmentRow]:
    return [a for a in ix.by_person.get(person_id, ()) if a.counted]


def check_person(ix: Index, ctx: Context, person_id: int) -> PersonResult:
    """Every rule about one person's assignments, and what the person adds to the
    headcounts and the gender counts (the incremental checker's unit of work)."""
    counted = counted_of(ix, person_id)
    doubts = scan(ix, ctx, counted).get(person_id)
    found = person_findings(ix, ctx, person_id, counted, doubts) if doubts else _NO_FINDINGS
    return PersonResult(found, person_pieces(counted), contribution(counted), woman(ix, person_id))


def woman(ix: Index, person_id: int) -> bool:
    person = ix.persons.get(person_id)
    return person is not None and person.sex == "F"


def check_unit(ix: Index, unit_id: int, sizes: dict[int, int] | None = None) -> list[Finding]:
    """The rotations of one unit; ``sizes``: every rotation's roster size, if known."""
    unit = ix.units.get(unit_id)
    if unit is None:
        return []
    rotations = ix.rotations_of.get(unit_id, [])
    if sizes is None:
        sizes = roster_sizes(
            chain.from_iterable(ix.by_rotation.get(r.id, {}).values() for r in rotations)
        )
    out: list[Finding] = []
    unit_findings(unit, rotations, sizes, out)
    return out


class CheckState:
    """The findings of every part of a plan, kept by part."""

    def __init__(self, ix: Index, progress: Progress = NO_PROGRESS) -> None:
        self.ix = ix
        self.ctx = Context.of(ix)
        progress.step(1, 4, "Checking people")
        everyone = list(chain.from_iterable(ix.by_person.values()))
        counted = list(compress(everyone, map(_counted, everyone)))
        women = {p.id for p in ix.persons.values() if p.sex == "F"}
        doubts, counts = scan_counting(ix, self.ctx, counted, women)
        # By person, only those with findings.
        self.person_findings: dict[int, list[Finding]] = {}
        schedule: list[Piece] = []
        plain: list[Piece] = []  # the days of people counted as pieces, to take out
        for person_id, mine in doubts.items():
            rows = counted_of(ix, person_id)
            found = person_findings(ix, self.ctx, person_id, rows, mine)
            if found:
                self.person_findings[person_id] = found
            if mine.schedule:  # may overlap itself: count each day once
                schedule.extend(person_pieces(rows))
                plain.extend([(a.mission_id, a.first, a.last) for a in rows])
        progress.step(2, 4, "Counting heads against the authorisations")
        self.headcounts = Headcounts.from_days(ix, counts.firsts, counts.lasts, schedule, plain)
        self.mission_findings = {m: self.check_mission(m) for m in self.headcounts.runs}
        self.total_findings = {a: self.check_total(a) for a in self.headcounts.totals}
        progress.step(3, 4, "Checking rotations")
        self.unit_findings = {u: check_unit(ix, u, counts.sizes) for u in ix.units}
        self.gender_counts: GenderCounts = counts.gender
        self.gender_findings = gender_findings(self.gender_counts, ix.gender_targets)

    def check_mission(self, mission_id: int) -> list[Finding]:
        mission = self.ix.missions.get(mission_id)
        if mission is None:
            return []
        return mission_ceiling_findings(
            mission.code, self.headcounts.runs.get(mission_id, []), self.ix.timeline(mission_id)
        )

    def check_total(self, authorisation_id: int) -> list[Finding]:
        authorisation = self.ix.authorisations.get(authorisation_id)
        if authorisation is None:
            return []
        return total_ceiling_findings(
            authorisation, self.headcounts.totals.get(authorisation_id, [])
        )

    def parts(self) -> Iterable[list[Finding]]:
        yield from self.person_findings.values()
        yield from self.mission_findings.values()
        yield from self.total_findings.values()
        yield from self.unit_findings.values()
        yield self.gender_findings

    def findings(self) -> list[Finding]:
        return sort_findings(list(chain.from_iterable(self.parts())))
