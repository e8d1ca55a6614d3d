"""The roster workbook: title block, people in rank order, date cells, the Checks sheet
and the print settings, on the demo plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from xlhelp import read_values

from planner.domain import RANK_ORDER
from planner.errors import NotFoundError, PlannerError
from planner.excel.roster import HEADER, export_roster
from planner.models import Assignment, Person, Rotation
from planner.plan import Plan

D = dt.date


def roster_part(rows: list[list[object]]) -> tuple[int, list[list[object]]]:
    """(index of the header row, the people's rows) of a Roster sheet."""
    at = next(i for i, row in enumerate(rows) if row[:2] == ["No.", "Service number"])
    return at, [row for row in rows[at + 1 :] if row[0] != ""]


def test_rotation_roster_lists_its_people_highest_rank_first(
    demo_plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "r16.xlsx"
    export_roster(demo_plan, out, rotation="KAZCOY-R16")
    sheets = read_values(out)
    assert list(sheets) == ["Roster", "Checks"]
    rows = sheets["Roster"]
    at, people = roster_part(rows)
    assert rows[at] == list(HEADER)
    facts = {row[0]: row[1] for row in rows[1:at] if row[0]}
    assert rows[0][0] == "Roster of rotation KAZCOY-R16"
    assert facts["Rotation"].startswith("KAZCOY-R16 (")
    assert facts["Unit"].startswith("KAZCOY — ")
    assert facts["Mission"].startswith("UNIFIL — ")
    assert isinstance(facts["From"], dt.date) and isinstance(facts["To"], dt.date)
    # The 2022 law lists UNIFIL again and, adopted last, governs it from then on.
    assert facts["Governing authorisation"] == "2022-06-30 (clause servicemen: 430)"
    assert dt.datetime.strptime(facts["Generated on"], "%Y-%m-%d %H:%M")
    with demo_plan.read() as session:
        rotation = session.scalars(select(Rotation).where(Rotation.code == "KAZCOY-R16")).one()
        expected = session.execute(
            select(Person.service_number, Person.rank, Person.surname)
            .join(Assignment, Assignment.person_id == Person.id)
            .where(Assignment.rotation_id == rotation.id, Assignment.status != "cancelled")
        ).all()
    assert (facts["From"], facts["To"]) == (rotation.starts_on, rotation.ends_on)
    assert sorted(r[1] for r in people) == sorted(e[0] for e in expected)
    assert [r[0] for r in people] == [float(n) for n in range(1, len(people) + 1)]
    keys = [(-RANK_ORDER[r[2]], r[3].lower()) for r in people]
    assert keys == sorted(keys)
    assert people[0][2] != people[-1][2]  # officers first, soldiers last
    assert all(isinstance(r[10], dt.date) and isinstance(r[11], dt.date) for r in people)
    assert sum(isinstance(r[12], dt.date) for r in people) > len(people) / 2  # passports


def test_a_roster_names_the_clauses_that_count_its_mission(demo_plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "r01.xlsx"
    export_roster(demo_plan, out, rotation="KAZCOY-R01")
    rows = read_values(out)["Roster"]
    facts = {row[0]: row[1] for row in rows[1 : roster_part(rows)[0]] if row[0]}
    # The 2018 resolution: "up to 40 officers for UNTSO, UNFICYP, UNMOGIP, UNIFIL and
    # MINURSO, and up to 120 servicemen for UNIFIL inside the Indian battalion".
    assert facts["Governing authorisation"] == (
        "2018-06-15 (clauses UNIFIL company: 120, officers: 40)"
    )
    out = tmp_path / "undof.xlsx"
    export_roster(demo_plan, out, rotation="KAZCON-R01")
    rows = read_values(out)["Roster"]
    facts = {row[0]: row[1] for row in rows[1 : roster_part(rows)[0]] if row[0]}
    assert facts["Governing authorisation"] == "2024-01-19 (ceiling 150; clause servicemen: 430)"


def test_rotation_roster_checks_sheet_holds_the_findings_about_it(
    demo_plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "r16.xlsx"
    export_roster(demo_plan, out, rotation="KAZCOY-R16")
    checks = read_values(out)["Checks"]
    assert checks[0] == [
        "Severity",
        "Rule",
        "Message",
        "Person",
        "Rotation",
        "Mission",
        "From",
        "To",
    ]
    rules = {row[1] for row in checks[1:]}
    assert {"unavailable", "short-rest"} <= rules
    _, people = roster_part(read_values(out)["Roster"])
    roster_people = {r[1] for r in people}
    for row in checks[1:]:
        assert row[4] == "KAZCOY-R16" or row[3] in roster_people or row[5] == "UNIFIL"
    assert "double-booked" not in rules  # an UNMISS observer: not on this roster
    unavailable = next(r for r in checks if r[1] == "unavailable")
    assert unavailable[0] == "error" and unavailable[6] == D(2026, 11, 10)


def test_mission_roster_on_a_date_and_its_ceiling_finding(demo_plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "undof.xlsx"
    export_roster(demo_plan, out, mission="UNDOF", on=D(2027, 2, 20))
    sheets = read_values(out)
    rows = sheets["Roster"]
    _, people = roster_part(rows)
    assert rows[0][0] == "Roster of UNDOF on 2027-02-20"
    with demo_plan.read() as session:
        on_mission = session.scalars(
            select(Person.service_number)
            .join(Assignment, Assignment.person_id == Person.id)
            .join(Rotation, Rotation.id == Assignment.rotation_id)
            .where(
                Rotation.code.in_(["KAZCON-R03", "KAZCON-R04"]),
                Assignment.status != "cancelled",
                Assignment.starts_on <= D(2027, 2, 20),
                Assignment.ends_on >= D(2027, 2, 20),
            )
        ).all()
    assert sorted(r[1] for r in people) == sorted(on_mission)
    assert len(people) > 139  # both contingents overlap that day
    assert "mission-ceiling" in {row[1] for row in sheets["Checks"][1:]}


def test_roster_print_settings_and_document_properties(demo_plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "r05.xlsx"
    export_roster(demo_plan, out, rotation="KAZCOY-R05")
    workbook = openpyxl.load_workbook(out)
    ws = workbook["Roster"]
    header_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "No.")
    assert ws.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.freeze_panes == f"A{header_row + 1}"
    first = ws.cell(header_row + 1, 11)
    assert first.is_date and first.number_format == "yyyy-mm-dd"
    assert workbook.properties.title == "Roster of rotation KAZCOY-R05"
    assert workbook.properties.creator == "Rotation Planner"
    assert workbook["Checks"].print_title_rows.replace("$", "") == "1:1"


def test_roster_of_an_unknown_rotation_or_an_unclear_request_is_refused(
    demo_plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "x.xlsx"
    with pytest.raises(NotFoundError, match="no rotation KAZCOY-R99"):
        export_roster(demo_plan, out, rotation="KAZCOY-R99")
    with pytest.raises(NotFoundError, match="no mission NOPE"):
        export_roster(demo_plan, out, mission="NOPE", on=D(2024, 1, 1))
    with pytest.raises(PlannerError, match="name one"):
        export_roster(demo_plan, out, rotation="KAZCOY-R01", mission="UNIFIL")
    with pytest.raises(PlannerError, match="name one"):
        export_roster(demo_plan, out)
    assert not out.exists()


def test_findings_the_caller_already_has_are_filtered_to_the_roster(
    demo_plan: Plan, tmp_path: Path
) -> None:
    from planner.rules.findings import Finding

    out = tmp_path / "r05.xlsx"
    _, people = roster_part(read_values(_roster(demo_plan, tmp_path / "plain.xlsx"))["Roster"])
    member = str(people[0][1])
    given = [
        Finding("short-rest", "warning", "About a member.", person=member, start="2021-04-01"),
        Finding("short-rest", "warning", "About someone else.", person="KZ-999999"),
        Finding("strength", "warning", "Another rotation.", rotation="KAZCOY-R06"),
        Finding(
            "mission-ceiling",
            "error",
            "UNIFIL, years later.",
            mission="UNIFIL",
            start="2030-01-01",
            end="2030-01-31",
        ),
    ]
    export_roster(demo_plan, out, rotation="KAZCOY-R05", findings=given)
    checks = read_values(out)["Checks"]
    assert [row[2] for row in checks[1:]] == ["About a member."]


def _roster(plan: Plan, out: Path) -> Path:
    export_roster(plan, out, rotation="KAZCOY-R05", findings=[])
    return out
