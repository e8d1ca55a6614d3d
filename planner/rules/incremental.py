"""Checking again after an edit, reusing everything the edit did not reach.

``IncrementalChecker(plan)`` checks the whole plan once. ``refresh(change_set)`` then
rereads only the rows the ChangeSet names (and the assignments whose keys or counting
they change), patches the index, and recomputes only the parts those rows belong to:
the people concerned, the missions whose headcount moved, the authorisations governing
them, the units of the rotations touched, and the gender counts. An edit to what every
part reads (missions, authorisations, units, settings, requirements, gender targets) and
``refresh(None)`` check the whole plan again.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable
from itertools import chain
from typing import Final

from planner.changes import ChangeSet
from planner.models import Absence, Assignment, Credential, Person, Rotation
from planner.plan import Plan
from planner.progress import NO_PROGRESS, Progress
from planner.rules.facts import PlanFacts, plan_facts
from planner.rules.findings import Finding
from planner.rules.gender import Contribution, contribution, count, gender_findings
from planner.rules.headcount import Piece, Run, mission_series, person_pieces, total_series
from planner.rules.index import Index
from planner.rules.ordering import SortedFindings
from planner.rules.parts import CheckState, check_person, check_unit, counted_of, woman
from planner.rules.snapshot import Reader, credential_kinds, load_snapshot, paused_gc

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
_CHUNK: Final = 500  # ids per IN (...) list, well under every database's limit


class IncrementalChecker:
    """The findings of a plan, kept current edit by edit."""

    def __init__(self, plan: Plan, progress: Progress = NO_PROGRESS) -> None:
        self.plan = plan
        self.full_checks = 0  # how many times the whole plan was checked (for tests)
        self._check_all(progress)

    @property
    def findings(self) -> list[Finding]:
        return list(self._ordered.findings)

    @property
    def state(self) -> CheckState:
        """The parts and headcounts behind the findings (read-only for callers)."""
        return self._state

    def facts(self, today: dt.date | None = None) -> PlanFacts:
        """The plan's figures as this check has them (see ``facts``): no read."""
        return plan_facts(self._state, self._ordered.findings, today)

    def mission_headcount(self) -> dict[str, list[Run]]:
        """As ``headcount.mission_headcount``, for the plan as it is now."""
        return mission_series(self._index, self._state.headcounts)

    def authorisation_totals(self) -> dict[str, list[Run]]:
        """As ``headcount.authorisation_totals``, for the plan as it is now."""
        return total_series(self._index, self._state.headcounts)

    def refresh(self, change_set: ChangeSet | None = None) -> list[Finding]:
        """Bring the findings up to date after ``change_set`` (None: anything may have
        changed, e.g. after an import or another planner's edits) and return them."""
        if change_set is None or change_set.entities() & GLOBAL_ENTITIES:
            self._check_all(NO_PROGRESS)
        elif len(change_set):
            with paused_gc():
                self._patch(change_set)
        return self.findings

    # --- a full check --------------------------------------------------------------------

    def _check_all(self, progress: Progress) -> None:
        progress.step(0, 4, "Reading the plan")
        with paused_gc():
            snapshot = load_snapshot(self.plan)
            # The checker patches its index: it must not share the snapshot's cached one.
            self._index = Index(snapshot)
            self._state = CheckState(self._index, progress)
            self._assignments = {a.id: a for a in snapshot.assignments}
            self._ordered = SortedFindings(chain.from_iterable(self._state.parts()))
            self._index.by_rotation  # noqa: B018 - made now, not on the first edit
            del snapshot  # its rows live on in the index; the rest can go now
        progress.step(4, 4, "Done")
        # Settle the cycle collector now, while the check runs off the GUI thread: else
        # the first edits would pay for scanning everything the check just made.
        gc.collect()
        self.full_checks += 1

    # --- an edit -------------------------------------------------------------------------

    def _patch(self, change_set: ChangeSet) -> None:
        ix = self._index
        ids = {entity: change_set.ids(entity) for entity in change_set.entities()}
        rotation_ids = ids.get("rotation", set())
        person_ids = ids.get("person", set())
        credential_persons = _persons_of(change_set, "credential")
        absence_persons = _persons_of(change_set, "absence")
        # Assignments to reread: those edited, those whose rotation changed (whether they
        # count may have changed) and those of changed people (gone with them, maybe).
        assignment_ids = set(ids.get("assignment", set()))
        for rotation_id in rotation_ids:
            assignment_ids.update(ix.by_rotation.get(rotation_id, {}))
        for person_id in person_ids:
            assignment_ids.update(a.id for a in ix.by_person.get(person_id, ()))

        with self.plan.read() as session:
            reader = Reader(session)
            unit_code = {u.id: u.code for u in ix.units.values()}
            rotations = {
                r.id: r
                for chunk in _chunks(rotation_ids)
                for r in reader.rotations(unit_code, Rotation.id.in_(chunk))
            }
            persons = {
                p.id: p
                for chunk in _chunks(person_ids)
                for p in reader.persons(Person.id.in_(chunk))
            }
            kinds = credential_kinds(ix.requirements)
            credentials = [
                c
                for chunk in _chunks(credential_persons)
                for c in reader.credentials(kinds, Credential.person_id.in_(chunk))
            ]
            absences = [
                b
                for chunk in _chunks(absence_persons)
                for b in reader.absences(Absence.person_id.in_(chunk))
            ]
            # New assignments of a changed rotation are in the ChangeSet already.
            loaded = {
                a.id: a
                for chunk in _chunks(assignment_ids)
                for a in reader.assignments(Assignment.id.in_(chunk))
            }

        # Everyone the edit reaches, and what they add to the counts before it.
        people = set(person_ids) | credential_persons | absence_persons
        for assignment_id in assignment_ids:
            for row in (self._assignments.get(assignment_id), loaded.get(assignment_id)):
                if row is not None:
                    people.add(row.person_id)
        before = {p: _counts_of(ix, p) for p in people}

        units: set[int] = set()
        for rotation_id in rotation_ids:
            units |= ix.put_rotation(rotation_id, rotations.get(rotation_id))
        for person_id in person_ids:
            ix.put_person(person_id, persons.get(person_id))
        for person_id in credential_persons:
            ix.put_credentials(person_id, [c for c in credentials if c[0] == person_id], kinds)
        for person_id in absence_persons:
            ix.put_absences(person_id, [b for b in absences if b.person_id == person_id])
        for assignment_id in assignment_ids:
            old = self._assignments.pop(assignment_id, None)
            new = loaded.get(assignment_id)
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
        for person_id, (old_pieces, old_gender, old_woman) in before.items():
            old_parts.append(state.person_findings.pop(person_id, []))
            new = check_person(ix, state.ctx, person_id)
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


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    ordered = sorted(ids)
    return [ordered[i : i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]
