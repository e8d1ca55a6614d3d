"""A focused check: the findings that concern one roster (DESIGN.md section 4), without
checking the whole plan.

A roster is one rotation, or everyone on a mission on a date. The findings that concern
it are those of its rotation, those of its people over its days, and those of its
mission as a whole (its ceiling) over its days (``Scope.concerns``). Each comes from a
part of the check that reads only some rows (see ``parts``): a person's findings read
that person's rows; a mission's ceiling reads the assignments on that mission; a
rotation's findings read its unit's rotations. The storage side
(``planner.queries.scope``) reads just those rows; ``scope_check`` runs just those
parts, with the same functions as the full check, so it returns exactly the full
check's findings that concern the roster.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from planner.rules import vector
from planner.rules.authorisations import mission_ceiling_findings
from planner.rules.findings import Finding, sort_findings
from planner.rules.headcount import Headcounts, person_pieces
from planner.rules.index import Index
from planner.rules.parts import Context, check_unit, counted_of, doubts_of, person_findings
from planner.rules.rotations import roster_sizes
from planner.rules.snapshot import Snapshot

__all__ = ["Scope", "scope_check"]


@dataclass(frozen=True)
class Scope:
    """What a roster covers: its mission (code), its days, its rotation (code, for a
    rotation's roster) and its people (service numbers)."""

    mission: str
    first: dt.date
    last: dt.date
    rotation: str | None
    persons: frozenset[str]

    def concerns(self, finding: Finding) -> bool:
        """Whether a finding concerns the roster: one of its rotation; one of its people
        on its days; one of its mission as a whole (no person, no rotation) on its days."""
        if self.rotation is not None and finding.rotation == self.rotation:
            return True
        if finding.person is not None:
            if finding.person not in self.persons:
                return False
        elif finding.mission != self.mission or finding.rotation is not None:
            return False
        first, last = self._days
        return (finding.start or first) <= last and (finding.end or last) >= first

    @cached_property
    def _days(self) -> tuple[str, str]:
        return self.first.isoformat(), self.last.isoformat()


def scope_check(
    snapshot: Snapshot, scope: Scope, people: set[int], mission_id: int, unit_id: int | None
) -> list[Finding]:
    """The parts whose findings can concern the scope, filtered by it. ``snapshot``: the
    rows those parts read (the plan's small tables whole; the persons, assignments,
    credentials and absences of ``people``, the roster's people by id; every assignment
    on the mission ``mission_id``); ``unit_id``: a rotation's unit."""
    ix = Index(snapshot)
    ctx = Context.of(ix)
    found: list[Finding] = []
    mine = [a for person_id in sorted(people) for a in counted_of(ix, person_id)]
    doubted = doubts_of(mine, vector.quick_pass(ix, ctx, mine).doubts) if mine else {}
    for person_id, doubts in doubted.items():
        found.extend(person_findings(ix, ctx, person_id, counted_of(ix, person_id), doubts))
    # The mission's ceiling: its headcount from everyone on it (each person's pieces on
    # this mission only; the index holds everyone's assignments on it).
    on_mission = chain.from_iterable(
        person_pieces(a for a in rows if a.mission_id == mission_id)
        for rows in ix.by_person.values()
    )
    runs = Headcounts.build(ix, (), on_mission).runs.get(mission_id, [])
    found.extend(mission_ceiling_findings(scope.mission, runs, ix.timeline(mission_id)))
    if unit_id is not None:
        # The rotation's own roster size is exact: all its members are in ``people``.
        sizes = roster_sizes(chain.from_iterable(ix.by_person.get(p, ()) for p in sorted(people)))
        found.extend(check_unit(ix, unit_id, sizes))
    return sort_findings([f for f in found if scope.concerns(f)])
