"""The parts of a check: every rule of DESIGN.md section 3, grouped so that each part can
be recomputed on its own.

The work is split into parts that can be redone on their own (see ``incremental``):
each person (every rule about their assignments), each mission (its ceiling), each
authorisation (its total), each unit (its rotations) and the gender targets. A full
check computes every part; the incremental checker recomputes only the parts an edit
reached, with the same functions, so both give the same findings.

People's assignments first go through one quick pass with an exact "nothing to report"
test per rule family; only the assignments that fail a family's test go through that
family's full rule, which finds and words the findings. On a large plan most people are
in order. The incremental checker makes the quick pass over a few people's rows in
Python (``scan``); a full check makes it over every row at once with arrays
(``vector.whole_plan_pass``), which also counts heads, genders and roster sizes, where
the incremental checker moves one person's share (``check_person``): the same counts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter
from typing import Final, NamedTuple

from planner.domain import CATEGORIES, INDIVIDUAL_CATEGORIES
from planner.progress import NO_PROGRESS, Progress
from planner.rules import vector
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
from planner.rules.gender import Contribution, GenderCounts, contribution, gender_findings
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
from planner.rules.text import Subject, person_label

_NO_FINDINGS: Final[list[Finding]] = []
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

    def __init__(self) -> None:
        self.authorisation: list[AssignmentRow] = []
        self.rotation: list[AssignmentRow] = []
        self.credential: list[AssignmentRow] = []
        self.individual: list[AssignmentRow] = []
        self.schedule = False  # an overlap or a short rest somewhere: check all pairs
        self.absent = False  # away during one: check absences against every assignment


def scan(ix: Index, ctx: Context, counted: Iterable[AssignmentRow]) -> dict[int, Doubts]:
    """The quick pass: ``counted`` (counted assignments sorted by person, first day and
    id, of any number of people) in one loop; the people with something to check, by id.
    Each test is exact: an assignment that passes it draws no finding of that family.
    For a whole plan, ``vector.whole_plan_pass`` makes the same tests at once."""
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
    # needs (see ``held_for``), the category's clear windows by mission, and whether it
    # is an individual deployment (checked against the profile).
    per_category: dict[str, PerCategory] = {}
    reach = 0  # the person's last day so far, plus the rest they need after it
    profile: Fit | None = None
    for a in counted:
        _, person_id, mission_id, rotation_id, category, first, last, _ = a
        if person_id != current:
            current = person_id
            held = coverage.get(current, no_coverage)
            per_category = {}
            reach = first - 1  # the first assignment rests enough
            profile = None
            mine = None
            away = absences.get(current)
        known = per_category.get(category)
        if known is None:
            known = per_category[category] = (
                *held_for(held, needs.get(category, ())),
                windows.get(category, no_windows),
                category in INDIVIDUAL_CATEGORIES,
            )
        on_first, over_span, category_windows, individual = known
        if away:  # the person's absences (usually none, or one)
            for absence in away:
                if absence.first <= last and first <= absence.last:
                    if mine is None:
                        mine = doubts[current] = Doubts()
                    mine.absent = True
                    break
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
        if first <= reach:  # an overlap, or fewer than ``rest`` days since the last
            if mine is None:
                mine = doubts[current] = Doubts()
            mine.schedule = True
        if last + rest > reach:
            reach = last + rest
        if individual:
            if profile is None:
                profile = fit(persons.get(current), settings)
            language = languages.get(mission_id, "")
            if not profile.first <= first <= profile.last or (
                language and language not in profile.languages
            ):
                if mine is None:
                    mine = doubts[current] = Doubts()
                mine.individual.append(a)
        # Last, so that an assignment that passes goes straight on to the next.
        for cover in on_first:
            if not bisect_right(cover, first) & 1:  # odd: first lies in a span
                break
        else:
            for cover, extra in over_span:
                k = bisect_right(cover, first)  # and last + extra in that span
                if not (k & 1 and last + extra < cover[k]):
                    break
            else:
                continue
        if mine is None:
            mine = doubts[current] = Doubts()
        mine.credential.append(a)
    return doubts


def doubts_of(rows: Sequence[AssignmentRow], bits: dict[int, int]) -> dict[int, Doubts]:
    """``vector.whole_plan_pass``'s doubts (row index -> bits) as ``scan`` gives them."""
    doubts: dict[int, Doubts] = {}
    for i, found in bits.items():
        a = rows[i]
        mine = doubts.get(a.person_id)
        if mine is None:
            mine = doubts[a.person_id] = Doubts()
        if found & vector.AUTHORISATION:
            mine.authorisation.append(a)
        if found & vector.ROTATION:
            mine.rotation.append(a)
        if found & vector.CREDENTIAL:
            mine.credential.append(a)
        if found & vector.INDIVIDUAL:
            mine.individual.append(a)
        if found & vector.SCHEDULE:
            mine.schedule = True
        if found & vector.ABSENT:
            mine.absent = True
    return doubts


# ``held_for`` when a kind needed is not held at all: one empty coverage, in which no
# first day lies, so that every assignment of the category fails the credential test.
_NOTHING_HELD: Final[tuple[tuple[Coverage, ...], tuple[tuple[Coverage, int], ...]]] = (((),), ())

# ``held_for``'s two parts, the category's clear windows by mission, whether it is an
# individual deployment (see ``scan``).
PerCategory = tuple[
    tuple[Coverage, ...],
    tuple[tuple[Coverage, int], ...],
    dict[int, tuple[tuple[int, int], ...]],
    bool,
]


def held_for(
    held: dict[str, Coverage], needs: Iterable[Need]
) -> tuple[tuple[Coverage, ...], tuple[tuple[Coverage, int], ...]]:
    """A person's coverage of the kinds a category needs: of those needed on the first
    day only; of those needed through the last, with their extra days."""
    on_first: list[Coverage] = []
    over_span: list[tuple[Coverage, int]] = []
    for kind, extra in needs:
        cover = held.get(kind)
        if cover is None:
            return _NOTHING_HELD
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
        everyone = ix.grouped_assignments()
        if not isinstance(everyone, Sequence):
            everyone = list(everyone)
        counted = list(compress(everyone, map(_counted, everyone)))
        women = {p.id for p in ix.persons.values() if p.sex == "F"}
        quick = vector.whole_plan_pass(ix, self.ctx, counted, women)
        # By person, only those with findings.
        self.person_findings: dict[int, list[Finding]] = {}
        schedule: list[Piece] = []  # the days of people who may overlap themselves
        for person_id, mine in doubts_of(counted, quick.doubts).items():
            start, stop = quick.rows_of[person_id]
            rows = counted[start:stop]
            found = person_findings(ix, self.ctx, person_id, rows, mine)
            if found:
                self.person_findings[person_id] = found
            if mine.schedule:  # count each of their days once
                schedule.extend(person_pieces(rows))
        counts = quick.counts
        progress.step(2, 4, "Counting heads against the authorisations")
        self.headcounts = Headcounts.from_deltas(ix, counts.mission_deltas, schedule)
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
