"""The parts of a check: every rule of DESIGN.md section 3, grouped so that each part can
be recomputed on its own.

The work is split into parts that can be redone on their own (see ``incremental``):
each person (every rule about their assignments), each mission (its ceiling), each
authorisation (its total), each unit (its rotations) and the gender targets. A full
check computes every part; the incremental checker recomputes only the parts an edit
reached, with the same functions, so both give the same findings.

A person's assignments first go through one quick pass (``check_person``) with an exact
"nothing to report" test per rule family; only the assignments that fail a family's test
go through that family's full rule, which finds and words the findings. On a large plan most
people are in order, and one pass is several times cheaper than one per family.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Final, NamedTuple

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
from planner.rules.credentials import SPAN_ORDER, credential_findings, requirement_table
from planner.rules.findings import Finding, sort_findings
from planner.rules.gender import (
    GROUP_OF,
    Contribution,
    GenderCounts,
    count,
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
from planner.rules.rotations import outside_rotation_findings, roster_size, unit_findings
from planner.rules.rows import AssignmentRow
from planner.rules.text import person_label

_NO_FINDINGS: Final[list[Finding]] = []


@dataclass(frozen=True)
class Context:
    """What every person's check reads besides their own rows. Rebuilt whenever the
    missions, authorisations or parameters change (the incremental checker then does a
    full check)."""

    table: dict[str, tuple[tuple[str, str], ...]]  # category -> ((kind, span), …)
    needs: dict[str, tuple[tuple[str, int], ...]]  # category -> ((kind, span order), …)
    mandates: dict[int, tuple[int, int]]
    windows: Windows
    languages: dict[int, str]  # mission id -> working language

    @classmethod
    def of(cls, ix: Index) -> Context:
        table = requirement_table(ix.requirements)
        mission_mandates = mandates(ix.missions.values())
        return cls(
            table=table,
            needs={
                category: tuple((kind, SPAN_ORDER.get(span, 0)) for kind, span in kinds)
                for category, kinds in table.items()
            },
            mandates=mission_mandates,
            windows=clear_windows(ix.timelines, mission_mandates),
            languages={m.id: m.language for m in ix.missions.values()},
        )


class PersonResult(NamedTuple):
    findings: list[Finding]
    pieces: list[Piece]  # the days this person counts on each mission
    gender: Contribution  # the (group, year) pairs this person is deployed in
    woman: bool


def check_person(ix: Index, ctx: Context, person_id: int) -> PersonResult:
    """Every rule about one person's assignments (see the module's docstring)."""
    person = ix.persons.get(person_id)
    woman = person is not None and person.sex == "F"
    counted = [a for a in ix.by_person.get(person_id, ()) if a.counted]
    if not counted:
        return PersonResult(_NO_FINDINGS, [], frozenset(), woman)
    settings = ix.settings
    windows = ctx.windows
    needs = ctx.needs
    rotations = ix.rotations
    held = ix.coverage.get(person_id, {})
    margin = settings.passport_margin_days
    rest = settings.min_rest_days
    # Assignments that fail a family's quick test; only they get that family's full rule.
    doubtful_authorisation: list[AssignmentRow] = []
    doubtful_rotation: list[AssignmentRow] = []
    doubtful_credential: list[AssignmentRow] = []
    doubtful_individual: list[AssignmentRow] = []
    schedule = False  # an overlap or a short rest somewhere: check all pairs
    reach = -rest - 1  # the latest last day so far: the first assignment rests enough
    profile: Fit | None = None
    pairs = set()
    for a in counted:
        first = a.first
        last = a.last
        category = a.category
        for lo, hi in windows.get((a.mission_id, category), ()):
            if lo <= first and last <= hi:
                break
        else:
            doubtful_authorisation.append(a)
        if a.rotation_id is not None:
            rotation = rotations.get(a.rotation_id)
            if rotation is not None and (first < rotation.first or last > rotation.last):
                doubtful_rotation.append(a)
        if first <= reach + rest:  # an overlap, or fewer than ``rest`` days between
            schedule = True
        if last > reach:
            reach = last
        for kind, span in needs.get(category, ()):
            need = first if span == 0 else last if span == 1 else last + margin
            for valid_first, valid_last in held.get(kind, ()):
                if valid_first <= first and need <= valid_last:
                    break
            else:
                doubtful_credential.append(a)
                break
        group = GROUP_OF[category]
        if group == "individual":
            if profile is None:
                profile = fit(person, settings)
            language = ctx.languages.get(a.mission_id, "")
            if not profile.first <= first <= profile.last or (
                language and language not in profile.languages
            ):
                doubtful_individual.append(a)
        year = a.starts_on.year
        pairs.add((group, year))
        while year < a.ends_on.year:
            year += 1
            pairs.add((group, year))
    pieces = (
        person_pieces(counted) if schedule else [(a.mission_id, a.first, a.last) for a in counted]
    )
    absences = ix.absences_of.get(person_id)
    if not (
        schedule
        or absences
        or doubtful_authorisation
        or doubtful_rotation
        or doubtful_credential
        or doubtful_individual
    ):
        return PersonResult(_NO_FINDINGS, pieces, frozenset(pairs), woman)
    who = person_label(person, counted[0].person)
    out: list[Finding] = []
    if doubtful_authorisation:
        authorisation_findings(doubtful_authorisation, who, ix.timelines, UNGOVERNED, out)
        mandate_findings(doubtful_authorisation, who, ctx.mandates, out)
    if doubtful_rotation:
        outside_rotation_findings(doubtful_rotation, who, rotations, out)
    if schedule:
        double_booked_findings(counted, who, out)
        short_rest_findings(counted, who, rest, out)
    if absences:
        unavailable_findings(counted, absences, who, out)
    if doubtful_credential:
        credential_findings(doubtful_credential, who, held, ctx.table, margin, out)
    if doubtful_individual:
        language_findings(
            doubtful_individual, person, who, ix.missions, settings.language_min_level, out
        )
        profile_findings(doubtful_individual, person, who, settings, out)
    return PersonResult(out, pieces, frozenset(pairs), woman)


def check_unit(ix: Index, unit_id: int) -> list[Finding]:
    unit = ix.units.get(unit_id)
    if unit is None:
        return []
    rotations = ix.rotations_of.get(unit_id, [])
    sizes = {r.id: roster_size(ix.by_rotation.get(r.id, {}).values()) for r in rotations}
    out: list[Finding] = []
    unit_findings(unit, rotations, sizes, out)
    return out


class CheckState:
    """The findings of every part of a plan, kept by part."""

    def __init__(self, ix: Index, progress: Progress = NO_PROGRESS) -> None:
        self.ix = ix
        self.ctx = Context.of(ix)
        progress.step(1, 4, "Checking people")
        self.people = {p: check_person(ix, self.ctx, p) for p in ix.by_person}
        progress.step(2, 4, "Counting heads against the authorisations")
        self.headcounts = Headcounts.build(ix, (r.pieces for r in self.people.values()))
        self.mission_findings = {m: self.check_mission(m) for m in self.headcounts.governed}
        self.total_findings = {a: self.check_total(a) for a in self.headcounts.totals}
        progress.step(3, 4, "Checking rotations")
        self.unit_findings = {u: check_unit(ix, u) for u in ix.units}
        self.gender_counts: GenderCounts = {}
        for result in self.people.values():
            count(self.gender_counts, result.gender, result.woman, 1)
        self.gender_findings = gender_findings(self.gender_counts, ix.gender_targets)

    def check_mission(self, mission_id: int) -> list[Finding]:
        mission = self.ix.missions.get(mission_id)
        if mission is None:
            return []
        return mission_ceiling_findings(mission.code, self.headcounts.governed.get(mission_id, []))

    def check_total(self, authorisation_id: int) -> list[Finding]:
        authorisation = self.ix.authorisations.get(authorisation_id)
        if authorisation is None:
            return []
        return total_ceiling_findings(
            authorisation, self.headcounts.totals.get(authorisation_id, [])
        )

    def parts(self) -> Iterable[list[Finding]]:
        yield from (r.findings for r in self.people.values())
        yield from self.mission_findings.values()
        yield from self.total_findings.values()
        yield from self.unit_findings.values()
        yield self.gender_findings

    def findings(self) -> list[Finding]:
        return sort_findings(list(chain.from_iterable(self.parts())))
