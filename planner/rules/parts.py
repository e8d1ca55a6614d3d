"""The parts of a check: every rule of DESIGN.md section 3, grouped so that each part can
be recomputed on its own.

The work is split into parts that can be redone on their own (see ``incremental``):
each person (every rule about their assignments), each mission (its ceiling), each
authorisation (its total), each unit (its rotations) and the gender targets. A full
check computes every part; the incremental checker recomputes only the parts an edit
reached, with the same functions, so both give the same findings.

People's assignments first go through one quick pass with an exact "nothing to report"
test per rule family (``vector``: the one definition of each test); only the assignments
that fail a family's test go through that family's full rule, here, which finds and
words the findings. On a large plan most people are in order. A full check makes the
pass over every row at once (``vector.whole_plan_pass``), which also counts heads,
genders and roster sizes; the incremental checker makes it over the people an edit
reached (``check_people``) and moves their share of the counts: the same counts.

A new family of rules about people's assignments slots in as a quick test in ``vector``
(one more bit), a list in ``Doubts`` and its full rule in ``person_findings``; a rule
over a whole unit, mission or authorisation as one more part of ``CheckState`` (its
findings kept by key, recomputed by ``incremental`` for the keys an edit reaches).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import attrgetter
from typing import Final, NamedTuple

from planner.domain import CATEGORIES
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
from planner.rules.profile import language_findings, profile_findings
from planner.rules.rotations import outside_rotation_findings, roster_sizes, unit_findings
from planner.rules.rows import AssignmentRow
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
    """One person's assignments that fail a family's quick test (``vector``)."""

    __slots__ = ("absent", "authorisation", "credential", "individual", "rotation", "schedule")

    def __init__(self) -> None:
        self.authorisation: list[AssignmentRow] = []
        self.rotation: list[AssignmentRow] = []
        self.credential: list[AssignmentRow] = []
        self.individual: list[AssignmentRow] = []
        self.schedule = False  # an overlap or a short rest somewhere: check all pairs
        self.absent = False  # away during one: check absences against every assignment

    @classmethod
    def everything(cls, counted: Sequence[AssignmentRow]) -> Doubts:
        """Every assignment doubted in every family: the full rules alone decide (what
        the quick pass must agree with, see its test)."""
        doubts = cls()
        doubts.authorisation = doubts.rotation = list(counted)
        doubts.credential = doubts.individual = list(counted)
        doubts.schedule = doubts.absent = bool(counted)
        return doubts


def doubts_of(rows: Sequence[AssignmentRow], bits: dict[int, int]) -> dict[int, Doubts]:
    """The quick pass's doubts (row index -> bits, see ``vector``) by person."""
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


def check_people(ix: Index, ctx: Context, people: Iterable[int]) -> dict[int, PersonResult]:
    """Every rule about some people's assignments, and what each adds to the headcounts
    and the gender counts (the incremental checker's unit of work): one quick pass over
    all their rows, the full rules for those in doubt."""
    mine = {person_id: counted_of(ix, person_id) for person_id in sorted(set(people))}
    rows = list(chain.from_iterable(mine.values()))
    doubted = doubts_of(rows, vector.quick_pass(ix, ctx, rows).doubts) if rows else {}
    out = {}
    for person_id, counted in mine.items():
        doubts = doubted.get(person_id)
        found = person_findings(ix, ctx, person_id, counted, doubts) if doubts else _NO_FINDINGS
        out[person_id] = PersonResult(
            found, person_pieces(counted), contribution(counted), woman(ix, person_id)
        )
    return out


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
        assert quick.counts is not None
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
