"""Checking again after an edit, reusing everything the edit did not reach (pure).

``IncrementalChecker(snapshot)`` checks a whole plan once and keeps the parts of the
check (see ``parts``). After an edit, ``wanted(change_set)`` says which rows to read
again: those the ChangeSet names, and the assignments whose keys or counting they change
(None: the edit reaches what every part reads — missions, authorisations, units,
settings, requirements, gender targets — and only a full check will do). The storage
side reads them (``planner.queries.patch``) and hands them back as a ``Patch``;
``apply(patch)`` puts them into the index and recomputes only the parts they belong to:
the people concerned, the missions whose headcount moved, the authorisations governing
them, the units of the rotations touched, and the gender counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Final

from planner.changes import ChangeSet
from planner.progress import NO_PROGRESS, Progress
from planner.rules.facts import PlanFacts, plan_facts
from planner.rules.findings import Finding
from planner.rules.gender import Contribution, contribution, count, gender_findings
from planner.rules.headcount import Piece, Run, mission_series, person_pieces, total_series
from planner.rules.index import Index
from planner.rules.ordering import SortedFindings
from planner.rules.parts import CheckState, check_people, check_unit, counted_of, woman
from planner.rules.rows import AbsenceRow, AssignmentRow, CredentialRow, PersonRow, RotationRow
from planner.rules.snapshot import Snapshot, credential_kinds, paused_gc

# Entities every part reads: an edit to one of them means a full check.
GLOBAL_ENTITIES: Final = frozenset(
    {
        "mission",
        "authorisation",
        "authorised_mission",
        "unit",
        "settings",
        "credential_requirement",
        "gender_target",
    }
)


def needs_full_check(change_set: ChangeSet | None) -> bool:
    """Whether a check after ``change_set`` must start from a new snapshot."""
    return (
        change_set is None or change_set.whole_plan or bool(change_set.entities() & GLOBAL_ENTITIES)
    )


@dataclass(frozen=True)
class Wanted:
    """The rows a patch must hold: all of them as the plan has them now (a row asked
    for and not read is gone)."""

    rotations: frozenset[int] = frozenset()
    persons: frozenset[int] = frozenset()
    credentials_of: frozenset[int] = frozenset()  # people whose credentials to reread
    absences_of: frozenset[int] = frozenset()  # people whose absences to reread
    assignments: frozenset[int] = frozenset()
    # What the reads need: each unit's code (for rotation rows), the credential kinds
    # the rules read (in the order of their codes).
    unit_code: Mapping[int, str] = field(default_factory=dict)
    kinds: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(
            self.rotations
            or self.persons
            or self.credentials_of
            or self.absences_of
            or self.assignments
        )


@dataclass(frozen=True)
class Patch:
    """The rows ``wanted`` names, read again."""

    wanted: Wanted
    rotations: Mapping[int, RotationRow] = field(default_factory=dict)
    persons: Mapping[int, PersonRow] = field(default_factory=dict)
    credentials: Sequence[CredentialRow] = ()
    absences: Sequence[AbsenceRow] = ()
    assignments: Mapping[int, AssignmentRow] = field(default_factory=dict)


class IncrementalChecker:
    """The findings of a plan, kept current edit by edit."""

    def __init__(self, snapshot: Snapshot, progress: Progress = NO_PROGRESS) -> None:
        with paused_gc():
            # The checker patches its index: it must not share the snapshot's cached one.
            self._index = Index(snapshot)
            self._state = CheckState(self._index, progress)
            self._assignments = {a.id: a for a in snapshot.assignments}
            self._ordered = SortedFindings(chain.from_iterable(self._state.parts()))
            self._index.by_rotation  # noqa: B018 - made now, not on the first edit

    @property
    def findings(self) -> list[Finding]:
        return list(self._ordered.findings)

    def facts(self, today: dt.date | None = None) -> PlanFacts:
        """The plan's figures as this check has them (see ``facts``): no read."""
        return plan_facts(self._state, self._ordered.findings, today)

    def mission_headcount(self) -> dict[str, list[Run]]:
        """As ``headcount.mission_headcount``, for the plan as it is now."""
        return mission_series(self._index, self._state.headcounts)

    def authorisation_totals(self) -> dict[str, list[Run]]:
        """As ``headcount.authorisation_totals``, for the plan as it is now."""
        return total_series(self._index, self._state.headcounts)

    # --- an edit -------------------------------------------------------------------------

    def wanted(self, change_set: ChangeSet) -> Wanted | None:
        """The rows to read again after ``change_set``; None: check the whole plan."""
        if needs_full_check(change_set):
            return None
        ix = self._index
        ids = {entity: change_set.ids(entity) for entity in change_set.entities()}
        rotation_ids = ids.get("rotation", set())
        person_ids = ids.get("person", set())
        # Assignments to reread: those edited, those whose rotation changed (whether they
        # count may have changed) and those of changed people (gone with them, maybe).
        # New assignments of a changed rotation are in the ChangeSet already.
        assignment_ids = set(ids.get("assignment", set()))
        for rotation_id in rotation_ids:
            assignment_ids.update(ix.by_rotation.get(rotation_id, {}))
        for person_id in person_ids:
            assignment_ids.update(a.id for a in ix.by_person.get(person_id, ()))
        return Wanted(
            rotations=frozenset(rotation_ids),
            persons=frozenset(person_ids),
            credentials_of=frozenset(_persons_of(change_set, "credential")),
            absences_of=frozenset(_persons_of(change_set, "absence")),
            assignments=frozenset(assignment_ids),
            unit_code={u.id: u.code for u in ix.units.values()},
            kinds=credential_kinds(ix.requirements),
        )

    def apply(self, patch: Patch) -> list[Finding]:
        """Put the rows read again into the index, recheck what they reach, and return
        the findings."""
        with paused_gc():
            self._patch(patch)
        return self.findings

    def _patch(self, patch: Patch) -> None:
        ix = self._index
        wanted = patch.wanted
        # Everyone the edit reaches, and what they add to the counts before it.
        people = set(wanted.persons) | wanted.credentials_of | wanted.absences_of
        for assignment_id in wanted.assignments:
            for row in (self._assignments.get(assignment_id), patch.assignments.get(assignment_id)):
                if row is not None:
                    people.add(row.person_id)
        before = {p: _counts_of(ix, p) for p in people}

        units: set[int] = set()
        for rotation_id in wanted.rotations:
            units |= ix.put_rotation(rotation_id, patch.rotations.get(rotation_id))
        for person_id in wanted.persons:
            ix.put_person(person_id, patch.persons.get(person_id))
        for person_id in wanted.credentials_of:
            mine = [c for c in patch.credentials if c[0] == person_id]
            ix.put_credentials(person_id, mine, wanted.kinds)
        for person_id in wanted.absences_of:
            ix.put_absences(person_id, [b for b in patch.absences if b.person_id == person_id])
        for assignment_id in wanted.assignments:
            old = self._assignments.pop(assignment_id, None)
            new = patch.assignments.get(assignment_id)
            ix.put_assignment(assignment_id, new, old)
            if new is not None:
                self._assignments[assignment_id] = new
            for row in (old, new):
                if row is not None and row.rotation_id is not None:
                    rotation = ix.rotations.get(row.rotation_id)
                    if rotation is not None:
                        units.add(rotation.unit_id)
        self._recheck(before, units)

    def _recheck(self, before: dict[int, Counts], units: set[int]) -> None:
        state, ix = self._state, self._index
        old_parts: list[list[Finding]] = []
        new_parts: list[list[Finding]] = []
        missions: set[int] = set()
        authorisations: set[int] = set()
        gender_moved = False
        results = check_people(ix, state.ctx, before)
        for person_id, (old_pieces, old_gender, old_woman) in before.items():
            old_parts.append(state.person_findings.pop(person_id, []))
            new = results[person_id]
            if new.findings:
                state.person_findings[person_id] = new.findings
            new_parts.append(new.findings)
            moved = state.headcounts.move_pieces(ix, old_pieces, new.pieces)
            missions |= moved[0]
            authorisations |= moved[1]
            if (old_gender, old_woman) != (new.gender, new.woman) and (old_gender or new.gender):
                count(state.gender_counts, old_gender, old_woman, -1)
                count(state.gender_counts, new.gender, new.woman, 1)
                gender_moved = True
        state.headcounts.refresh(missions, authorisations)
        for authorisation_id in authorisations:
            old_parts.append(state.total_findings.get(authorisation_id, []))
            state.total_findings[authorisation_id] = found = state.check_total(authorisation_id)
            new_parts.append(found)
        for mission_id in missions:
            old_parts.append(state.mission_findings.get(mission_id, []))
            state.mission_findings[mission_id] = found = state.check_mission(mission_id)
            new_parts.append(found)
        for unit_id in units:
            old_parts.append(state.unit_findings.get(unit_id, []))
            state.unit_findings[unit_id] = found = check_unit(ix, unit_id)
            new_parts.append(found)
        if gender_moved:
            old_parts.append(state.gender_findings)
            state.gender_findings = gender_findings(state.gender_counts, ix.gender_targets)
            new_parts.append(state.gender_findings)
        self._ordered.replace(chain.from_iterable(old_parts), chain.from_iterable(new_parts))


# What one person adds to the headcounts and the gender counts.
Counts = tuple[list[Piece], Contribution, bool]


def _counts_of(ix: Index, person_id: int) -> Counts:
    counted = counted_of(ix, person_id)
    return person_pieces(counted), contribution(counted), woman(ix, person_id)


def _persons_of(change_set: ChangeSet, entity: str) -> set[int]:
    """The people whose rows of ``entity`` the ChangeSet touched, before and after."""
    people = set()
    for change in change_set.changes:
        if change.entity != entity:
            continue
        for values in (change.before, change.after):
            if values is not None and values.get("person_id") is not None:
                people.add(int(values["person_id"]))
    return people
