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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.app.assignments import AssignPerson, SetAssignmentStatus, UnassignPerson
    from planner.app.checking import PlanChecker
    from planner.app.describe import ENTITY_INFO, EntityInfo, describe_dependents, entity_label
    from planner.app.exports import ExportPlan, ExportRoster, WriteTemplate, Written
    from planner.app.imports import ImportChanges, ImportWorkbook
    from planner.app.operation import Edit, Operation
    from planner.app.records import CreateRecord, DeleteRecord, Revert, UpdateRecord
    from planner.app.result import CheckResult
    from planner.app.rotations import EditRotation, MoveRotation, ResizeRotation, SetRotationStatus
    from planner.app.session import SETTINGS_ID, PlanSession, default_target, plan_exists, same_plan
    from planner.changes import Change, ChangeKind, ChangeSet
    from planner.excel import CellError, ImportReport, SheetCounts, WorkbookError
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

# Every name is loaded on first use, from its module: a front end that needs only the
# session (``planner info``) does not pay for the rest, the window does not load numpy
# (the checker) or openpyxl (the workbook's types) before it uses them.
_HOME: dict[str, str] = {
    "AssignPerson": "planner.app.assignments",
    "AuthorisationFacts": "planner.rules.facts",
    "Cancelled": "planner.progress",
    "CellError": "planner.excel",
    "Change": "planner.changes",
    "ChangeKind": "planner.changes",
    "ChangeSet": "planner.changes",
    "CheckResult": "planner.app.result",
    "Column": "planner.queries.tables",
    "ColumnKind": "planner.queries.tables",
    "CountRun": "planner.rules.facts",
    "CreateRecord": "planner.app.records",
    "DayFigures": "planner.rules.facts",
    "DeleteRecord": "planner.app.records",
    "ENTITY_INFO": "planner.app.describe",
    "Edit": "planner.app.operation",
    "EditRotation": "planner.app.rotations",
    "EntityInfo": "planner.app.describe",
    "ExportPlan": "planner.app.exports",
    "ExportRoster": "planner.app.exports",
    "FIELDS": "planner.fields",
    "FieldSpec": "planner.fields",
    "Finding": "planner.rules.findings",
    "ImportChanges": "planner.app.imports",
    "ImportReport": "planner.excel",
    "ImportWorkbook": "planner.app.imports",
    "Limit": "planner.rules.facts",
    "MissionDay": "planner.rules.facts",
    "MissionFacts": "planner.rules.facts",
    "MoveRotation": "planner.app.rotations",
    "NO_PROGRESS": "planner.progress",
    "Operation": "planner.app.operation",
    "PlanChecker": "planner.app.checking",
    "PlanFacts": "planner.rules.facts",
    "PlanSession": "planner.app.session",
    "Progress": "planner.progress",
    "ResizeRotation": "planner.app.rotations",
    "Revert": "planner.app.records",
    "SETTINGS_ID": "planner.app.session",
    "Series": "planner.rules.facts",
    "SetAssignmentStatus": "planner.app.assignments",
    "SetRotationStatus": "planner.app.rotations",
    "Severity": "planner.rules.findings",
    "SheetCounts": "planner.excel",
    "Table": "planner.queries.tables",
    "UnassignPerson": "planner.app.assignments",
    "UpcomingRotation": "planner.rules.facts",
    "UpdateRecord": "planner.app.records",
    "WorkbookError": "planner.excel",
    "WriteTemplate": "planner.app.exports",
    "Written": "planner.app.exports",
    "choice_key": "planner.queries.tables",
    "coerce": "planner.fields",
    "default_target": "planner.app.session",
    "describe_dependents": "planner.app.describe",
    "entity_label": "planner.app.describe",
    "parse_date": "planner.fields",
    "plan_exists": "planner.app.session",
    "same_plan": "planner.app.session",
    "sort_findings": "planner.rules.findings",
    "spec": "planner.fields",
    "summarise": "planner.rules.findings",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain one
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
