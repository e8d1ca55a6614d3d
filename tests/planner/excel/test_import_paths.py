"""The column-wise import (whole columns converted and merged at once) decides exactly
what the row-by-row reference decides, or gives way to it: the same records to create
and update, the same unchanged count, the same errors in the same order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from planner.excel import export_plan
from planner.excel.columns import SHEETS, SheetSpec
from planner.excel.errors import CellError
from planner.excel.incoming import Incoming, _convert_rows, convert_sheet
from planner.excel.merge import Merger
from planner.excel.merge_columns import merge_columns
from planner.excel.reader import SheetRows, read_workbook
from planner.excel.records import key_names, load_records
from planner.models import Person
from planner.plan import Plan

D = dt.date
SPEC = {spec.title: spec for spec in SHEETS}

# Cells as python-calamine gives them ("" for an empty cell, floats for numbers), in the
# values of the seeded plan (KZ-1, KZ-2, UNIFIL, MINURSO, KAZCOY-R01 of UNIFIL, ...):
# values that make a good row (in any mix, mostly), and values that may not.
GOOD: dict[str, dict[str, list[Any]]] = {
    "Missions": {
        "code": ["UNIFIL", "MINURSO", "UNDOF", " UNMISS ", "MONUSCO"],
        "name": ["Interim Force in Lebanon", "Western Sahara", "New"],
        "area": ["", "Lebanon", 12.0],
        "language": ["en", "fr", "FR", ""],
        "mandate_start": [D(1978, 3, 19), "", "31.05.1974"],
        "mandate_end": [D(2030, 1, 1), ""],
    },
    "Personnel": {
        "service_number": ["KZ-1", "KZ-2", " KZ-3 ", "KZ-4", "KZ-5", 10001.0],
        "surname": ["Abenov", "Serikova", " Nurlanov", 12.0],
        "given_name": ["Daulet", "Aigerim", "Arman"],
        "patronymic": ["", "Serikuly"],
        "sex": ["M", "F", "f", " m "],
        "birth_date": [D(1995, 3, 1), "1990-02-03", "03.02.1990", dt.datetime(1990, 1, 1, 10)],
        "rank": ["Sergeant", "Major", "major", ""],
        "specialty": ["", "Medic", True],
        "commissioned_on": [D(2007, 6, 1), D(2010, 1, 1), ""],
        "languages": ["", "en:B2", "EN:b1, fr:A2", "en:C1, fr:B1"],
    },
    "Assignments": {
        "person_id": ["KZ-1", "KZ-2"],
        "mission_id": ["UNIFIL", "UNIFIL", "", "MINURSO"],
        "rotation_id": ["KAZCOY-R01", ""],
        "category": ["unit", "Observer", "staff"],
        "role": ["", "Rifleman"],
        "starts_on": [D(2019, 1, 1), D(2018, 10, 31), D(2020, 1, 1), ""],
        "ends_on": [D(2020, 6, 1), D(2021, 12, 31), ""],
        "status": ["", "planned", "Confirmed"],
    },
    "Credentials": {
        "person_id": ["KZ-1", "KZ-2"],
        "kind": ["passport", "medical", " passport ", "licence"],
        "issued_on": [D(2020, 1, 1), ""],
        "expires_on": [D(2030, 1, 1), D(2025, 6, 1), D(2027, 1, 1)],
        "reference": ["", "N123", 123.0],
    },
    "Authorised missions": {
        "authorisation_id": ["LAW-2018"],
        "mission_id": ["UNIFIL", "MINURSO"],
        "ceiling": ["", 10.0, 130.0],
        "categories": ["", "unit", "Observer, staff"],
    },
    "Ceilings": {
        "authorisation_id": ["LAW-2018"],
        "label": ["officers", "UNIFIL company", " total ", 17.0],
        "missions": ["", "UNIFIL", "UNIFIL, UNIFIL", " UNIFIL,"],
        "categories": ["", "unit", "staff, observer"],
        "ceiling": [40.0, 0.0, 120.0, "12"],
    },
    "Posts": {
        "unit_id": ["KAZCOY"],
        "code": ["CDR", "MED-1", " INF ", 7.0],
        "title": ["", "Company commander"],
        "specialty": ["Infantry", "Medic", 3.0],
        "min_rank": ["", "Captain", "lieutenant"],
        "count": [1.0, 3.0, "2"],
    },
}
BAD: dict[str, dict[str, list[Any]]] = {
    "Authorised missions": {
        "authorisation_id": ["LAW-404", ""],
        "mission_id": ["NOPE"],
        "ceiling": [-1.0, "many"],
        "categories": ["sailors"],
    },
    "Ceilings": {
        "authorisation_id": ["LAW-404", ""],
        "label": ["", "L" * 101],
        # MINURSO is listed only when the workbook's Authorised missions sheet lists it.
        "missions": ["MINURSO", "NOPE", "UNIFIL, NOPE", "M" * 21],
        "categories": ["sailors"],
        "ceiling": [-1.0, "", 1.5],
    },
    "Posts": {
        "unit_id": ["KAZCON", ""],
        "code": [""],
        "specialty": [""],
        "min_rank": ["Generalissimo"],
        "count": [0.0, -1.0, 1.5, ""],
    },
    "Missions": {
        "code": ["", "X" * 21],
        "name": [""],
        "language": ["english", "E1"],
        "mandate_start": [D(2031, 1, 1), 17682.0, "31.02.2000"],
        "mandate_end": [D(1970, 1, 1)],
    },
    "Personnel": {
        "service_number": ["", "x" * 31],
        "surname": ["", "A" * 101],
        "sex": ["X", ""],
        "birth_date": ["31.02.1990", 33000.0, D(2012, 1, 1)],
        "rank": ["Generalissimo"],
        "languages": ["en", "xx:Z9"],
    },
    "Assignments": {
        "person_id": ["KZ-404", 10001.0, ""],
        "mission_id": ["NOPE"],
        "rotation_id": ["R-404"],
        "category": ["bad", ""],
        "starts_on": [D(2030, 1, 1), "2019-13-01"],
        "ends_on": [D(2017, 1, 1)],
        "status": ["nope"],
    },
    "Credentials": {
        "person_id": ["KZ-404"],
        "kind": [""],
        "issued_on": [D(2031, 1, 1)],
        "expires_on": ["", 1.0],
    },
}


@st.composite
def sheet_rows(draw: st.DrawFn, title: str) -> SheetRows:
    """A sheet of the title's columns (the required ones and some others, in any order,
    maybe with an unknown column), its rows good or, in a noisy sheet, maybe not."""
    spec = SPEC[title]
    optional = [f.name for f in spec.fields if not f.required]
    names = [f.name for f in spec.fields if f.required]
    names += [name for name in optional if draw(st.booleans())]
    names = draw(st.permutations(names))
    extra = draw(st.booleans())
    header = [*names, "remarks"] if extra else list(names)
    noisy = draw(st.booleans())
    cell = {
        name: st.sampled_from(GOOD[title][name] + (BAD[title].get(name, []) if noisy else []))
        for name in names
    }
    # A clean sheet repeats no key (most of the time); a noisy one may.
    key = [names.index(name) for name in spec.key if name in names]
    rows = draw(
        st.lists(
            st.tuples(*(cell[name] for name in names)),
            max_size=10,
            unique_by=None if noisy else (lambda row: tuple(str(row[i]) for i in key)),
        )
    )
    cells = [list(row) + (["junk"] if extra else []) for row in rows]
    columns = {name: index for index, name in enumerate(header) if name != "remarks"}
    return SheetRows(spec, title, columns, cells, range(2, len(cells) + 2))


def decide(plan: Plan, sheets: list[SheetRows], *, fast: bool) -> tuple[Any, list[str]]:
    """What an import of ``sheets`` would write, and its errors: by the column-wise way
    where it applies (``fast``), or by the row-by-row reference only."""
    errors: list[CellError] = []
    incoming: dict[str, Incoming] = {}
    for sheet in sheets:
        converted = convert_sheet(sheet, errors) if fast else _convert_rows(sheet, errors)
        incoming[sheet.spec.entity] = converted
    with plan.read() as session:
        names = key_names(session)
        existing = {spec.entity: load_records(session, spec, names) for spec in SHEETS}
    decided = [
        (
            changes.spec.title,
            [list(column) for column in changes.new],
            [(u.id, u.version, list(u.values)) for u in changes.updates],
            changes.unchanged,
        )
        for changes in Merger(existing, incoming, errors).run()
    ]
    return decided, [str(error) for error in errors]


SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(
    missions=st.one_of(st.none(), sheet_rows("Missions")),
    people=st.one_of(st.none(), sheet_rows("Personnel")),
    credentials=st.one_of(st.none(), sheet_rows("Credentials")),
    assignments=st.one_of(st.none(), sheet_rows("Assignments")),
)
def test_both_ways_decide_the_same(
    seeded: Any,
    missions: SheetRows | None,
    people: SheetRows | None,
    credentials: SheetRows | None,
    assignments: SheetRows | None,
) -> None:
    sheets = [s for s in (missions, people, credentials, assignments) if s is not None]
    assert decide(seeded.plan, sheets, fast=True) == decide(seeded.plan, sheets, fast=False)


@SETTINGS
@given(
    listed=st.one_of(st.none(), sheet_rows("Authorised missions")),
    ceilings=st.one_of(st.none(), sheet_rows("Ceilings")),
    posts=st.one_of(st.none(), sheet_rows("Posts")),
)
def test_both_ways_decide_the_same_for_clauses_and_posts(
    seeded: Any,
    listed: SheetRows | None,
    ceilings: SheetRows | None,
    posts: SheetRows | None,
) -> None:
    sheets = [s for s in (listed, ceilings, posts) if s is not None]
    assert decide(seeded.plan, sheets, fast=True) == decide(seeded.plan, sheets, fast=False)


def clean_sheets(path: Path) -> list[SheetRows]:
    read = read_workbook(path)
    assert not read.errors
    return read.sheets


def test_a_clean_workbook_takes_the_column_wise_way_and_decides_the_same(
    demo_plan: Plan, plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "demo.xlsx"
    export_plan(demo_plan, out)
    sheets = clean_sheets(out)
    for target in (plan, demo_plan):  # into an empty plan, and into the plan it came from
        errors: list[CellError] = []
        with target.read() as session:
            names = key_names(session)
            existing = {spec.entity: load_records(session, spec, names) for spec in SHEETS}
        incoming = {s.spec.entity: convert_sheet(s, errors) for s in sheets}
        merger = Merger(existing, incoming, errors)
        for spec in SHEETS:
            converted = incoming[spec.entity]
            assert converted.ok is None, spec.title  # converted column-wise
            changes = merge_columns(converted, existing[spec.entity], merger.facts)
            assert changes is not None, spec.title  # merged column-wise
        assert not errors
        assert decide(target, sheets, fast=True) == decide(target, sheets, fast=False)


def test_left_out_columns_and_changed_rows_merge_column_wise(seeded: Any) -> None:
    """Rows updating some records and adding others, with columns left out."""
    spec: SheetSpec = SPEC["Personnel"]
    names = ["rank", "service_number", "given_name", "surname", "sex"]
    cells = [
        ["Lieutenant Colonel", "KZ-2", "Aigerim", "Serikova", "F"],  # promoted: an update
        ["Sergeant", "KZ-1", "Daulet", "Abenov", "M"],  # as it is: unchanged
        ["Private", "KZ-3", "Arman", "Nurlanov", "M"],  # new
    ]
    sheet = SheetRows(spec, "Personnel", {n: i for i, n in enumerate(names)}, cells, range(2, 5))
    decided, errors = decide(seeded.plan, [sheet], fast=True)
    assert errors == [] and decided == decide(seeded.plan, [sheet], fast=False)[0]
    ((title, new, updates, unchanged),) = decided
    assert (title, unchanged, len(updates)) == ("Personnel", 1, 1)
    with seeded.plan.read() as session:
        officer = session.get(Person, seeded.officer)
        assert officer is not None and officer.commissioned_on is not None
    # The update keeps the columns the sheet left out; the new record takes defaults.
    ((_id, version, values),) = updates
    assert values[0] == "KZ-2" and values[6] == "Lieutenant Colonel"
    assert values[8] == officer.commissioned_on and values[9] == "en:C1, fr:B1"
    assert [column[0] for column in new] == [
        "KZ-3",
        "Nurlanov",
        "Arman",
        "",
        "M",
        None,
        "Private",
        "",
        None,
        "",
    ]
    with seeded.plan.read() as session:
        assert session.scalar(select(Person.version).where(Person.id == seeded.officer)) == version


def sheet(title: str, names: list[str], *rows: list[Any]) -> SheetRows:
    columns = {name: index for index, name in enumerate(names)}
    return SheetRows(SPEC[title], title, columns, [list(r) for r in rows], range(2, len(rows) + 2))


def test_assignments_completed_from_their_rotation_or_refused_decide_the_same(
    seeded: Any,
) -> None:
    names = ["person_id", "mission_id", "rotation_id", "category", "starts_on", "ends_on"]
    completed = sheet(
        "Assignments",
        names,
        ["KZ-2", "", "KAZCOY-R01", "unit", "", ""],  # mission and dates from the rotation
        ["KZ-2", "MINURSO", "", "observer", D(2022, 1, 1), D(2022, 6, 1)],
    )
    decided, errors = decide(seeded.plan, [completed], fast=True)
    assert errors == [] and decided == decide(seeded.plan, [completed], fast=False)[0]
    ((_title, new, _updates, _unchanged),) = decided
    assert new[1] == ["UNIFIL", "MINURSO"]
    assert (new[5][0], new[6][0]) == (D(2018, 10, 31), D(2019, 4, 30))
    mismatch = sheet(
        "Assignments", names, ["KZ-2", "MINURSO", "KAZCOY-R01", "unit", D(2019, 1, 1), ""]
    )
    result = decide(seeded.plan, [mismatch], fast=True)
    assert result == decide(seeded.plan, [mismatch], fast=False)
    assert result[1] == [
        "Assignments, row 2, column Mission: 'MINURSO' is not the mission of rotation "
        "KAZCOY-R01 (its unit serves UNIFIL)"
    ]


def test_true_and_one_in_a_text_column_stay_apart(seeded: Any) -> None:
    # True == 1.0 as dictionary keys, but the cells read "TRUE" and "1".
    people = sheet(
        "Personnel",
        ["service_number", "surname", "given_name", "sex", "rank", "specialty"],
        ["KZ-7", "A", "B", "M", "Private", True],
        ["KZ-8", "A", "B", "M", "Private", 1.0],
        ["KZ-9", "A", "B", "M", "Private", 1.0],
    )
    decided, errors = decide(seeded.plan, [people], fast=True)
    assert errors == [] and decided == decide(seeded.plan, [people], fast=False)[0]
    assert decided[0][1][7] == ["TRUE", "1", "1"]


def test_a_row_equal_to_the_plan_as_given_is_unchanged_before_any_cleaning(
    seeded: Any,
) -> None:
    """A language stored in upper case (not by this application) and given as stored."""
    from planner.models import Mission

    with seeded.plan.write() as session:
        mission = session.get(Mission, seeded.mission)
        assert mission is not None
        mission.language = "EN"
        stored = (mission.code, mission.name, mission.area, "EN", None, None)
    missions = sheet(
        "Missions",
        ["code", "name", "area", "language", "mandate_start", "mandate_end"],
        [*stored[:4], "", ""],
    )
    decided, errors = decide(seeded.plan, [missions], fast=True)
    assert errors == [] and decided == decide(seeded.plan, [missions], fast=False)[0]
    assert decided == [("Missions", [], [], 1)]
