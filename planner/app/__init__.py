"""The one door (DESIGN.md section 1): everything a front end does with a plan.

A front end imports this package, ``planner.domain`` and ``planner.errors``, nothing
else of ``planner``. Open a plan as a ``PlanSession``; run each user action as an
operation (``session.run(op) -> ChangeSet``; ``session.revert(changes)`` undoes one);
read tables, choices and records through the session's methods; keep findings and
``PlanFacts`` current with ``session.checker.refresh(changes)``.

    session = PlanSession.open("plan.sqlite")
    done = session.run(MoveRotation(rotation_id, version, dt.date(2025, 3, 1)))
    result = session.checker.refresh(done)   # findings + facts, no second read
    session.revert(done)
"""

from typing import TYPE_CHECKING, Any

from planner.app.assignments import AssignPerson, SetAssignmentStatus, UnassignPerson
from planner.app.checking import CheckResult, PlanChecker
from planner.app.describe import ENTITY_INFO, EntityInfo, describe_dependents, entity_label
from planner.app.exports import ExportPlan, ExportRoster, WriteTemplate, Written
from planner.app.imports import ImportChanges, ImportWorkbook
from planner.app.operation import Edit, Operation
from planner.app.records import CreateRecord, DeleteRecord, Revert, UpdateRecord
from planner.app.rotations import EditRotation, MoveRotation, ResizeRotation, SetRotationStatus
from planner.app.session import SETTINGS_ID, PlanSession, default_target, plan_exists, same_plan
from planner.changes import Change, ChangeKind, ChangeSet
from planner.fields import FIELDS, FieldSpec, coerce, parse_date, spec
from planner.progress import NO_PROGRESS, Cancelled, Progress
from planner.queries.tables import Column, ColumnKind, Table, choice_key
from planner.rules.facts import (
    AuthorisationFacts,
    CountRun,
    DayFigures,
    Limit,
    MissionDay,
    MissionFacts,
    PlanFacts,
    Series,
    UpcomingRotation,
)
from planner.rules.findings import Finding, Severity, sort_findings, summarise

if TYPE_CHECKING:
    from planner.excel import CellError, ImportReport, SheetCounts, WorkbookError

# The workbook's types load with the first import or export (openpyxl is heavy).
_LAZY = {"CellError", "ImportReport", "SheetCounts", "WorkbookError"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import planner.excel

        return getattr(planner.excel, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENTITY_INFO",
    "FIELDS",
    "NO_PROGRESS",
    "SETTINGS_ID",
    "AssignPerson",
    "AuthorisationFacts",
    "Cancelled",
    "CellError",
    "Change",
    "ChangeKind",
    "ChangeSet",
    "CheckResult",
    "Column",
    "ColumnKind",
    "CountRun",
    "CreateRecord",
    "DayFigures",
    "DeleteRecord",
    "Edit",
    "EditRotation",
    "EntityInfo",
    "ExportPlan",
    "ExportRoster",
    "FieldSpec",
    "Finding",
    "ImportChanges",
    "ImportReport",
    "ImportWorkbook",
    "Limit",
    "MissionDay",
    "MissionFacts",
    "MoveRotation",
    "Operation",
    "PlanChecker",
    "PlanFacts",
    "PlanSession",
    "Progress",
    "ResizeRotation",
    "Revert",
    "Series",
    "SetAssignmentStatus",
    "SetRotationStatus",
    "Severity",
    "SheetCounts",
    "Table",
    "UnassignPerson",
    "UpcomingRotation",
    "UpdateRecord",
    "WorkbookError",
    "WriteTemplate",
    "Written",
    "choice_key",
    "coerce",
    "default_target",
    "describe_dependents",
    "entity_label",
    "parse_date",
    "plan_exists",
    "same_plan",
    "sort_findings",
    "spec",
    "summarise",
]
