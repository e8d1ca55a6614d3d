"""PlanSession: the one door between a front end (the window, the command line) and the
plan (DESIGN.md section 1).

A session owns one open plan. Every change goes through ``run(operation)``, which
returns the ChangeSet the operation made (one operation, one transaction), and
``revert(changes)`` undoes one. Every read the window shows is a method here, each in
its own short read session that never commits; the checker (``checker``) keeps the
findings and the facts current edit by edit. Nothing here touches Qt, and every method
may be called from a worker thread (one caller at a time for the checker).

The storage modules (models, services, table loaders) load with the first method that
needs them: a read-only command such as ``planner info`` needs none of them.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from planner.changes import ChangeSet
from planner.engine import locate
from planner.errors import PlannerError
from planner.plan import Plan, default_target, open_plan
from planner.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from planner.app.checking import PlanChecker
    from planner.app.operation import Operation
    from planner.queries.tables import Table
    from planner.rules.findings import Finding


T = TypeVar("T")
C = TypeVar("C", bound=ChangeSet)


class PlanSession:
    """An open plan and everything a front end does with it."""

    def __init__(self, plan: Plan, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._plan = plan
        self._today = today
        self._checker: PlanChecker | None = None
        self._checker_made = threading.Lock()

    # --- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        target: str | Path | None = None,
        *,
        read_only: bool = False,
        create: bool = False,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> PlanSession:
        """Open the plan at ``target`` (a path or URL; default: ``default_target()``).

        A SQLite plan opened for writing is locked (PlanLockedError names who holds it),
        backed up before a migration and upgraded; ``read_only`` takes no lock and writes
        nothing, so it works while another window holds the plan. ``create`` makes an
        empty plan where there is none."""
        return cls(open_plan(target, create=create, read_only=read_only), today=today)

    @classmethod
    def open_for_reading(cls, target: str | Path | None = None) -> PlanSession:
        """Read-only when the plan allows it (it works beside the window that holds
        the plan); a plan that needs an upgrade first is opened for writing, which
        upgrades it or says why not."""
        from planner.errors import PlanOpenError

        try:
            return cls.open(target, read_only=True)
        except PlanOpenError as exc:
            if "needs an upgrade" not in exc.message:
                raise
            return cls.open(target)

    @classmethod
    def create(cls, target: str | Path, *, demo: bool = False) -> PlanSession:
        """Make a new plan at ``target`` (empty, or holding the demo plan) and open it."""
        session = cls.open(target, create=True)
        if demo:
            try:
                session.build_demo()
            except BaseException:
                session.close()
                raise
        return session

    def build_demo(self) -> dict[str, int]:
        """Fill this (empty) plan with the demo plan; {what: how many} were made."""
        from planner.demo import build_demo_plan

        counts: dict[str, int] = build_demo_plan(self._plan)
        return counts

    def close(self, *, backup: bool = False) -> None:
        """Close the plan (``backup``: a SQLite plan opened for writing is backed up
        first) and release its lock. Closing twice does nothing."""
        self._plan.close(backup=backup)

    def __enter__(self) -> PlanSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def backup(self, out: Path | None = None, *, reason: str = "manual") -> Path:
        """An online backup of a SQLite plan (PlannerError for a server plan)."""
        return self._plan.backup(out, reason=reason)

    # --- what is open --------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._plan.name

    @property
    def path(self) -> Path | None:
        """The plan file (None for a server plan)."""
        return self._plan.path

    @property
    def url(self) -> str:
        return self._plan.location.url

    @property
    def where(self) -> str:
        """Where the plan is, as a planner reads it: its file, or 'server'."""
        return str(self.path) if self.path is not None else "server"

    @property
    def read_only(self) -> bool:
        return self._plan.read_only

    @property
    def closed(self) -> bool:
        return self._plan.closed

    @property
    def plan(self) -> Plan:
        """The storage handle, for the core's own modules (operations, tests); a front
        end never needs it."""
        return self._plan

    def is_same_plan(self, target: str | Path) -> bool:
        """Whether ``target`` names this plan (False when it names nothing valid)."""
        return same_plan(self.url, target)

    def schema_revision(self) -> str | None:
        return self._plan.schema_revision()

    def today(self) -> dt.date:
        return self._today()

    # --- writing -------------------------------------------------------------------------

    def run(self, operation: Operation[C], progress: Progress = NO_PROGRESS) -> C:
        """Run one operation (one transaction) and return what it changed. Errors are
        PlannerErrors with a plain message (ValidationError names each field; a
        ConflictError means someone else changed the row: nothing was written)."""
        return operation.apply(self._plan, progress)

    def revert(self, changes: ChangeSet) -> ChangeSet:
        """Undo ``changes`` exactly, in one transaction, if nobody changed those rows
        since (else ConflictError); the result reverts the undo in its turn (redo)."""
        from planner.services.crud import revert

        return revert(self._plan, changes)

    # --- reading single records ----------------------------------------------------------

    def get(self, entity: str, row_id: int) -> dict[str, Any]:
        """Every field of one record (NotFoundError when it is gone)."""
        from planner.services.crud import get

        return get(self._plan, entity, row_id)

    def describe(self, entity: str, values: Mapping[str, Any]) -> str:
        """A short name of a record (KAZCOY-R05; 'UNIFIL under 2018-PARL')."""
        from planner.services.crud import describe_values

        return describe_values(entity, values, self._plan)

    def dependents(self, entity: str, row_id: int) -> dict[str, int]:
        """What deleting a record takes with it: {entity plural: count}."""
        from planner.services.crud import dependents

        return dependents(self._plan, entity, row_id)

    def choices(self, entity: str) -> list[tuple[int, str]]:
        """``(id, label)`` of every record a reference field to ``entity`` may name."""
        from planner.queries.tables import ref_choices

        return self._read(ref_choices, entity)

    def roster_choices(self) -> tuple[list[str], list[str]]:
        """(rotation codes, mission codes), sorted: what a roster can be of."""
        from planner.queries.tables import roster_choices

        return self._read(roster_choices)

    def unit_of_rotation(self, rotation_code: str) -> str | None:
        from planner.queries.tables import unit_of_rotation

        return self._read(unit_of_rotation, rotation_code)

    def entity_counts(self) -> dict[str, int]:
        """{plural label: count} of each kind of record, in a fixed order."""
        from planner.queries.counts import entity_counts

        return entity_counts(self._plan)

    # --- the tables the window shows (each ``Table``: columns and (id, version, …) rows) --

    def missions(self) -> Table:
        from planner.queries.tables import missions

        return self._read(missions)

    def authorisations(self) -> Table:
        from planner.queries.tables import authorisations

        return self._read(authorisations)

    def authorised_missions(self, authorisation_id: int) -> Table:
        from planner.queries.tables import authorised_missions

        return self._read(authorised_missions, authorisation_id)

    def mission_authorisations(self, mission_id: int) -> Table:
        from planner.queries.tables import mission_authorisations

        return self._read(mission_authorisations, mission_id)

    def units(self, mission_id: int | None = None) -> Table:
        from planner.queries.tables import units

        return self._read(units, mission_id)

    def rotations(self, unit_id: int | None = None) -> Table:
        from planner.queries.tables import rotations

        return self._read(rotations, unit_id)

    def roster(self, rotation_id: int) -> Table:
        from planner.queries.tables import roster

        return self._read(roster, rotation_id)

    def on_mission(self, mission_id: int, day: dt.date | None = None) -> Table:
        """Who is on a mission on ``day`` (default: today)."""
        from planner.queries.tables import on_mission

        return self._read(on_mission, mission_id, day or self.today())

    def personnel(self, ids: Collection[int] | None = None) -> Table:
        """Everyone, or only the people with ``ids`` (to patch a table after an edit)."""
        from planner.queries.tables import personnel

        return self._read(personnel, ids)

    def credentials(self, person_id: int) -> Table:
        from planner.queries.tables import credentials

        return self._read(credentials, person_id)

    def absences(self, person_id: int) -> Table:
        from planner.queries.tables import absences

        return self._read(absences, person_id)

    def person_assignments(self, person_id: int) -> Table:
        from planner.queries.tables import person_assignments

        return self._read(person_assignments, person_id)

    def credential_requirements(self) -> Table:
        from planner.queries.tables import credential_requirements

        return self._read(credential_requirements)

    def gender_targets(self) -> Table:
        from planner.queries.tables import gender_targets

        return self._read(gender_targets)

    def settings(self) -> dict[str, Any]:
        """The plan's rule parameters (the one settings record)."""
        return self.get("settings", SETTINGS_ID)

    def _read(self, query: Callable[..., T], *args: Any) -> T:
        with self._plan.read() as session:
            return query(session, *args)

    # --- checking ------------------------------------------------------------------------

    @property
    def checker(self) -> PlanChecker:
        """The plan's checker: findings and facts kept current after each ChangeSet
        (``checker.refresh``). Use it from one thread at a time."""
        with self._checker_made:
            if self._checker is None:
                from planner.app.checking import PlanChecker

                self._checker = PlanChecker(self._plan, today=self._today)
            return self._checker

    def check(self, progress: Progress = NO_PROGRESS) -> list[Finding]:
        """Every rule over the plan as it is now, from scratch, keeping no state (the
        command line's check; the window's checker keeps its own)."""
        from planner.app.checking import check_plan

        return check_plan(self._plan, progress)

    def check_roster(
        self,
        *,
        rotation: str | None = None,
        mission: str | None = None,
        on: dt.date | None = None,
    ) -> list[Finding]:
        """The findings about one roster: a rotation's, or a mission's on a day (default
        today), exactly as a full check gives them, without checking the whole plan."""
        from planner.app.checking import check_roster

        return check_roster(self._plan, rotation=rotation, mission=mission, on=on)


SETTINGS_ID = 1


def same_plan(url: str, target: str | Path) -> bool:
    """Whether ``target`` names the plan at ``url``."""
    try:
        return locate(target).url == url
    except PlannerError:
        return False


def plan_exists(target: str | Path) -> bool:
    """Whether ``target`` already holds a plan (a new plan must not overwrite it)."""
    from planner.plan import plan_exists as exists

    return exists(target)


__all__ = ["SETTINGS_ID", "PlanSession", "default_target", "plan_exists", "same_plan"]
