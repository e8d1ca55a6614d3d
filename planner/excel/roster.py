"""The roster workbook (DESIGN.md section 4): one rotation, or everyone on a mission on a
date, as a printable list with the checks that concern it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from planner.domain import RANK_ORDER
from planner.errors import NotFoundError, PlannerError
from planner.excel.cells import safe
from planner.excel.files import check_target, discard, save_atomically
from planner.models import (
    Assignment,
    Authorisation,
    AuthorisedMission,
    CeilingClause,
    CeilingClauseMission,
    Credential,
    Mission,
    Person,
    Rotation,
    Unit,
)
from planner.plan import Plan
from planner.queries.scope import scope_findings
from planner.rules.findings import Finding
from planner.rules.scope import Scope
from planner.rules.snapshot import paused_gc

HEADER = (
    "No.",
    "Service number",
    "Rank",
    "Surname",
    "Given name",
    "Patronymic",
    "Sex",
    "Specialty",
    "Role",
    "Category",
    "From",
    "To",
    "Passport expires",
    "Medical expires",
    "Training expires",
)
WIDTHS = (5, 15, 18, 18, 14, 16, 5, 18, 20, 10, 11, 11, 11, 11, 11)
CREDENTIALS = ("passport", "medical", "predeployment-training")
CHECK_HEADER = ("Severity", "Rule", "Message", "Person", "Rotation", "Mission", "From", "To")
CHECK_WIDTHS = (9, 22, 90, 14, 14, 10, 11, 11)


@dataclass
class Roster:
    title: str
    facts: list[tuple[str, Any]]  # the title block, label → value
    mission: str
    first: dt.date
    last: dt.date
    rotation: str | None = None
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    persons: set[str] = field(default_factory=set)


def export_roster(
    plan: Plan,
    path: Path,
    *,
    rotation: str | None = None,
    mission: str | None = None,
    on: dt.date | None = None,
    findings: list[Finding] | None = None,
) -> None:
    """Write the roster of ``rotation``, or of ``mission`` on the day ``on`` (default
    today), to the workbook ``path``.

    The Checks sheet lists the findings about the roster, from ``findings`` when the
    caller already has the plan's current findings (the window does), else from a check
    of just what the roster covers (``planner.rules.scope``): the same findings, without
    checking the whole plan.
    """
    path = check_target(path)
    if (rotation is None) == (mission is None):
        raise PlannerError("A roster is of one rotation or of one mission on a date: name one.")
    day = on or dt.date.today()
    with paused_gc(), plan.read() as session:
        if rotation is not None:
            roster = _rotation_roster(session, rotation)
        else:
            assert mission is not None
            roster = _mission_roster(session, mission, day)
        governing = _governing(session, roster)
        if findings is None:
            findings = scope_findings(session, rotation=rotation, mission=mission, on=day)[1]
    roster.facts.insert(-1, ("Governing authorisation", governing))
    # Write-only: rows stream to disk, about half the time of building cells in memory.
    workbook = Workbook(write_only=True)
    try:
        _write_roster(workbook, roster)
        _write_checks(workbook, _about(findings, roster))
    except BaseException:
        discard(workbook)
        raise
    workbook.properties.title = roster.title
    workbook.properties.subject = "Roster"
    workbook.properties.creator = "Rotation Planner"
    save_atomically(workbook, path)


def _rotation_roster(session: Session, code: str) -> Roster:
    found = session.execute(
        select(Rotation, Unit, Mission)
        .join(Unit, Unit.id == Rotation.unit_id)
        .join(Mission, Mission.id == Unit.mission_id)
        .where(Rotation.code == code)
    ).first()
    if found is None:
        raise NotFoundError(f"There is no rotation {code} in the plan.")
    rot, unit, mission = found
    roster = Roster(
        title=f"Roster of rotation {rot.code}",
        facts=[
            ("Rotation", f"{rot.code} ({rot.status})"),
            ("Unit", f"{unit.code} — {unit.name}"),
            ("Mission", f"{mission.code} — {mission.name}"),
            ("From", rot.starts_on),
            ("To", rot.ends_on),
            ("Generated on", _now()),
        ],
        mission=mission.code,
        first=rot.starts_on,
        last=rot.ends_on,
        rotation=rot.code,
    )
    _add_people(session, roster, Assignment.rotation_id == rot.id)
    return roster


def _mission_roster(session: Session, code: str, day: dt.date) -> Roster:
    mission = session.scalars(select(Mission).where(Mission.code == code)).first()
    if mission is None:
        raise NotFoundError(f"There is no mission {code} in the plan.")
    roster = Roster(
        title=f"Roster of {mission.code} on {day.isoformat()}",
        facts=[
            ("Mission", f"{mission.code} — {mission.name}"),
            ("On", day),
            ("Generated on", _now()),
        ],
        mission=mission.code,
        first=day,
        last=day,
    )
    # Cancelled rotations send nobody: their people are not on the mission that day.
    live_rotation = or_(
        Assignment.rotation_id.is_(None),
        Assignment.rotation_id.in_(
            select(Rotation.id).where(Rotation.status != "cancelled").scalar_subquery()
        ),
    )
    _add_people(
        session,
        roster,
        and_(
            Assignment.mission_id == mission.id,
            Assignment.starts_on <= day,
            Assignment.ends_on >= day,
            live_rotation,
        ),
    )
    return roster


def _add_people(session: Session, roster: Roster, where: Any) -> None:
    """The roster's people (cancelled assignments left out), highest rank first."""
    where = and_(where, Assignment.status != "cancelled")
    rows: list[Any] = list(
        session.execute(
            select(
                Person.service_number,
                Person.rank,
                Person.surname,
                Person.given_name,
                Person.patronymic,
                Person.sex,
                Person.specialty,
                Assignment.role,
                Assignment.category,
                Assignment.starts_on,
                Assignment.ends_on,
                Person.id,
            )
            .join(Person, Person.id == Assignment.person_id)
            .where(where)
        )
    )
    expiries: dict[tuple[int, str], dt.date] = {}
    people = select(Assignment.person_id).where(where).scalar_subquery()
    for person_id, kind, expires in session.execute(
        select(Credential.person_id, Credential.kind, func.max(Credential.expires_on))
        .where(Credential.person_id.in_(people), Credential.kind.in_(CREDENTIALS))
        .group_by(Credential.person_id, Credential.kind)
    ):
        expiries[(person_id, kind)] = expires
    rows.sort(key=lambda r: (-RANK_ORDER.get(r[1], -1), r[2].lower(), r[3].lower(), r[0]))
    for number, row in enumerate(rows, start=1):
        person_id = row[-1]
        roster.rows.append(
            (number, *row[:-1], *(expiries.get((person_id, kind)) for kind in CREDENTIALS))
        )
        roster.persons.add(row[0])


def _governing(session: Session, roster: Roster) -> str:
    """The governing authorisation (DESIGN.md section 2) on the roster's first and last
    day: among those in force that list the mission, the one adopted last (ties: later
    valid from, then the later created)."""
    texts: dict[dt.date, str] = {}
    for day in (roster.first, roster.last):
        found = session.execute(
            select(
                Authorisation.reference,
                AuthorisedMission.ceiling,
                Authorisation.id,
                AuthorisedMission.mission_id,
            )
            .join(AuthorisedMission, AuthorisedMission.authorisation_id == Authorisation.id)
            .join(Mission, Mission.id == AuthorisedMission.mission_id)
            .where(
                Mission.code == roster.mission,
                Authorisation.valid_from <= day,
                or_(Authorisation.valid_until.is_(None), Authorisation.valid_until >= day),
            )
            .order_by(
                Authorisation.adopted_on.desc(),
                Authorisation.valid_from.desc(),
                Authorisation.id.desc(),
            )
            .limit(1)
        ).first()
        if found is None:
            texts[day] = "none in force"
        else:
            reference, ceiling, authorisation_id, mission_id = found
            limits = [] if ceiling is None else [f"ceiling {ceiling}"]
            clauses = _clauses_counting(session, authorisation_id, mission_id)
            if clauses:
                noun = "clause" if len(clauses) == 1 else "clauses"
                limits.append(f"{noun} " + ", ".join(clauses))
            texts[day] = f"{reference} ({'; '.join(limits)})" if limits else reference
    if len(set(texts.values())) == 1:
        return texts[roster.first]
    # A later authorisation takes over during the rotation.
    return "; ".join(f"{text} on {day.isoformat()}" for day, text in texts.items())


def _clauses_counting(session: Session, authorisation_id: int, mission_id: int) -> list[str]:
    """The clauses of the authorisation that count the mission ("officers: 40"): those
    that name it and those that name no mission (every one the authorisation lists)."""
    named = (
        select(CeilingClauseMission.id)
        .where(CeilingClauseMission.clause_id == CeilingClause.id)
        .correlate(CeilingClause)
    )
    names_it = named.where(CeilingClauseMission.mission_id == mission_id)
    rows = session.execute(
        select(CeilingClause.label, CeilingClause.ceiling)
        .where(
            CeilingClause.authorisation_id == authorisation_id,
            or_(names_it.exists(), ~named.exists()),
        )
        .order_by(CeilingClause.label)
    ).all()
    return [f"{label}: {ceiling}" for label, ceiling in rows]


def _about(findings: list[Finding], roster: Roster) -> list[Finding]:
    """The findings about this roster (see ``Scope.concerns``). A plain loop: a large
    plan has many."""
    scope = Scope(
        roster.mission, roster.first, roster.last, roster.rotation, frozenset(roster.persons)
    )
    return [finding for finding in findings if scope.concerns(finding)]


def _print_setup(ws: Any, header_row: int) -> None:
    """Landscape, one page wide, the header row repeated on every page; set before the
    first row, as write-only sheets write their head first."""
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.HeaderFooter.oddFooter.center.text = "&P / &N"


def _styled(ws: Any, value: Any, font: Font) -> Cell:
    cell = safe(ws, value)
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(ws, value=cell)
    cell.font = font
    return cell


def _write_roster(workbook: Workbook, roster: Roster) -> None:
    ws: Any = workbook.create_sheet("Roster")
    header_row = len(roster.facts) + 3
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    _print_setup(ws, header_row)
    bold = Font(bold=True)
    ws.append([_styled(ws, roster.title, Font(bold=True, size=14))])
    for label, value in roster.facts:
        ws.append([_styled(ws, label, bold), safe(ws, value)])
    ws.append([])
    ws.append([_styled(ws, text, bold) for text in HEADER])
    for values in roster.rows:
        ws.append([safe(ws, value) for value in values])


def _write_checks(workbook: Workbook, findings: list[Finding]) -> None:
    ws: Any = workbook.create_sheet("Checks")
    for column, width in enumerate(CHECK_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    _print_setup(ws, 1)
    bold = Font(bold=True)
    ws.append([_styled(ws, text, bold) for text in CHECK_HEADER])
    for finding in findings:
        ws.append(
            [
                finding.severity,
                finding.rule,
                safe(ws, finding.message),
                safe(ws, finding.person),
                safe(ws, finding.rotation),
                safe(ws, finding.mission),
                _day(finding.start),
                _day(finding.end),
            ]
        )
    if not findings:
        ws.append(["No findings concern this roster."])


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M")
