"""The rules' view of a snapshot: rows grouped the way the rules read them.

Built once per snapshot (``index_of`` keeps it with the snapshot) and, for the
incremental checker, patched row by row with the ``put_*`` methods, which keep every
grouping in step and say which parts of the plan the patch reached.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, groupby
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

from planner.rules.coverage import Coverage, coverage, ordered_coverage
from planner.rules.snapshot import (
    AbsenceRow,
    AssignmentRow,
    AuthorisationRow,
    AuthorisedMissionRow,
    CredentialRow,
    GenderTargetRow,
    MissionRow,
    PersonRow,
    Requirement,
    RotationRow,
    RuleSettings,
    Snapshot,
    UnitRow,
)
from planner.rules.text import MAX_DAY, MIN_DAY, ordinal

_Row = TypeVar("_Row", AssignmentRow, AbsenceRow)

# The order of a person's assignments and of a unit's rotations; of a person's absences.
by_start = attrgetter("first", "id")
by_days = attrgetter("first", "last")
_person_of = attrgetter("person_id")
_by_person_start = attrgetter("person_id", "first", "id")


class Segment(NamedTuple):
    """Days first..last (ordinals) of a mission, governed by one authorised-mission row
    (None: no authorisation in force lists the mission)."""

    first: int
    last: int
    governing: AuthorisedMissionRow | None


@dataclass
class Timeline:
    """The governing authorisation of one mission over all days, as segments."""

    segments: list[Segment]
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [s.first for s in self.segments]

    def at(self, day: int) -> Segment:
        return self.segments[bisect_right(self.starts, day) - 1]

    def overlapping(self, first: int, last: int) -> list[Segment]:
        i = bisect_right(self.starts, first) - 1
        out = []
        segments = self.segments
        while i < len(segments) and segments[i].first <= last:
            out.append(segments[i])
            i += 1
        return out


UNGOVERNED = Timeline([Segment(MIN_DAY, MAX_DAY, None)])


def build_timeline(
    rows: Iterable[AuthorisedMissionRow], authorisations: dict[int, AuthorisationRow]
) -> Timeline:
    """Governing authorisation by day (DESIGN.md section 2): among those in force that
    list the mission, the one adopted last; ties: later valid from, then later created."""
    entries = []
    for row in rows:
        auth = authorisations[row.authorisation_id]
        priority = (auth.adopted_on, auth.valid_from, auth.id)
        until = ordinal(auth.valid_until, MAX_DAY)
        entries.append((priority, auth.valid_from.toordinal(), until, row))
    points = {MIN_DAY}
    for _, start, until, _ in entries:
        points.add(start)
        if until < MAX_DAY:
            points.add(until + 1)
    ordered = sorted(points)
    segments: list[Segment] = []
    for i, start in enumerate(ordered):
        end = ordered[i + 1] - 1 if i + 1 < len(ordered) else MAX_DAY
        active = [e for e in entries if e[1] <= start <= e[2]]
        governing = max(active, key=lambda e: e[0])[3] if active else None
        if segments and segments[-1].governing is governing:
            segments[-1] = Segment(segments[-1].first, end, governing)
        else:
            segments.append(Segment(start, end, governing))
    return Timeline(segments)


def group_by_person(
    rows: Iterable[_Row], ordered: bool, key: Callable[[Any], Any] = by_start
) -> dict[int, list[_Row]]:
    """Rows by person, each person's in ``key`` order. ``ordered``: the rows come sorted
    by person and start (as load_snapshot gives them): no sorting needed."""
    groups: dict[int, list[_Row]] = {}
    for person, group in groupby(rows, _person_of):
        if person in groups:
            groups[person].extend(group)
            ordered = False
        else:
            groups[person] = list(group)
    if not ordered:
        for mine in groups.values():
            mine.sort(key=key)
    return groups


class Index:
    """Rows grouped for the rules. Changed only through the ``put_*`` methods."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.settings: RuleSettings = snapshot.settings
        self.requirements: tuple[Requirement, ...] = snapshot.requirements
        self.gender_targets: tuple[GenderTargetRow, ...] = snapshot.gender_targets
        self.missions: dict[int, MissionRow] = {m.id: m for m in snapshot.missions}
        self.authorisations: dict[int, AuthorisationRow] = {
            a.id: a for a in snapshot.authorisations
        }
        self.authorised: dict[int, AuthorisedMissionRow] = {
            a.id: a for a in snapshot.authorised_missions
        }
        self.units: dict[int, UnitRow] = {u.id: u for u in snapshot.units}
        self.rotations: dict[int, RotationRow] = {r.id: r for r in snapshot.rotations}
        self.persons: dict[int, PersonRow] = {p.id: p for p in snapshot.persons}
        per_mission: dict[int, list[AuthorisedMissionRow]] = {}
        for row in snapshot.authorised_missions:
            per_mission.setdefault(row.mission_id, []).append(row)
        self.timelines: dict[int, Timeline] = {
            m: build_timeline(rows, self.authorisations) for m, rows in per_mission.items()
        }
        ordered = snapshot.ordered
        # Every assignment, by person, then first day and id: what a full check reads,
        # in one list (``by_person`` is made from it on first use). None once patched.
        self.assignments: Sequence[AssignmentRow] | None = (
            snapshot.assignments if ordered else sorted(snapshot.assignments, key=_by_person_start)
        )
        self.coverage: dict[int, dict[str, Coverage]]
        if snapshot.coverage is not None:
            # A copy: patches replace a person's entry, never the snapshot's.
            self.coverage = dict(snapshot.coverage)
        elif ordered:
            self.coverage = ordered_coverage(snapshot.credentials)
        else:
            credentials: dict[int, list[CredentialRow]] = {}
            for person, group in groupby(snapshot.credentials, _person_of):
                credentials.setdefault(person, []).extend(group)
            self.coverage = {person: coverage(rows) for person, rows in credentials.items()}
        self.absences_of: dict[int, list[AbsenceRow]] = group_by_person(
            snapshot.absences, ordered, by_days
        )
        self.rotations_of: dict[int, list[RotationRow]] = {}
        for r in snapshot.rotations:
            self.rotations_of.setdefault(r.unit_id, []).append(r)
        if not ordered:
            for rotations in self.rotations_of.values():
                rotations.sort(key=by_start)

    @cached_property
    def by_person(self) -> dict[int, list[AssignmentRow]]:
        """Each person's assignments by first day and id."""
        rows = self.assignments if self.assignments is not None else ()
        return group_by_person(rows, ordered=True)

    def grouped_assignments(self) -> Iterable[AssignmentRow]:
        """Every assignment, grouped by person, each person's by first day and id."""
        if self.assignments is not None:
            return self.assignments
        return chain.from_iterable(self.by_person.values())

    @cached_property
    def by_rotation(self) -> dict[int, dict[int, AssignmentRow]]:
        """Each rotation's assignments by id (made on first use: a full check needs
        only the roster sizes, which it counts in one pass)."""
        made: dict[int, dict[int, AssignmentRow]] = {}
        for mine in self.by_person.values():
            for a in mine:
                if a.rotation_id is not None:
                    if a.rotation_id in made:
                        made[a.rotation_id][a.id] = a
                    else:
                        made[a.rotation_id] = {a.id: a}
        return made

    def timeline(self, mission_id: int) -> Timeline:
        return self.timelines.get(mission_id, UNGOVERNED)

    # --- patching (incremental checks) ---------------------------------------------------
    # Each put_* replaces the row with ``row_id`` by ``row`` (None: it is gone) and
    # returns what the old and the new row belong to, for the checker to redo.

    def put_rotation(self, row_id: int, row: RotationRow | None) -> set[int]:
        """Returns the units whose rotations changed."""
        old = self.rotations.pop(row_id, None)
        if row is not None:
            self.rotations[row_id] = row
        units = {r.unit_id for r in (old, row) if r is not None}
        for unit in units:
            self.rotations_of[unit] = sorted(
                (r for r in self.rotations.values() if r.unit_id == unit), key=by_start
            )
        return units

    def put_person(self, row_id: int, row: PersonRow | None) -> None:
        if row is None:
            self.persons.pop(row_id, None)
        else:
            self.persons[row_id] = row

    def put_assignment(
        self, row_id: int, row: AssignmentRow | None, old: AssignmentRow | None
    ) -> None:
        """``old``: the row as the index holds it now (None: it had none)."""
        self.by_person  # noqa: B018 - made from ``assignments`` before they go out of date
        self.assignments = None
        if old is not None:
            mine = self.by_person.get(old.person_id, [])
            mine[:] = [a for a in mine if a.id != row_id]
            if old.rotation_id is not None:
                self.by_rotation.get(old.rotation_id, {}).pop(row_id, None)
        if row is not None:
            mine = self.by_person.setdefault(row.person_id, [])
            mine.append(row)
            mine.sort(key=by_start)
            if row.rotation_id is not None:
                self.by_rotation.setdefault(row.rotation_id, {})[row_id] = row

    def put_credentials(
        self, person_id: int, rows: list[CredentialRow], kinds: Sequence[str] | None = None
    ) -> None:
        """All of one person's credentials (``kinds``: as for ``coverage``)."""
        self.coverage[person_id] = coverage(rows, kinds)

    def put_absences(self, person_id: int, rows: list[AbsenceRow]) -> None:
        """All of one person's absences."""
        self.absences_of[person_id] = sorted(rows, key=by_days)


def index_of(snapshot: Snapshot) -> Index:
    """The index of a snapshot, built on first use and kept with it."""
    cached: Any = snapshot.cache.get("index")
    if cached is None:
        cached = snapshot.cache["index"] = Index(snapshot)
    return cached  # type: ignore[no-any-return]
