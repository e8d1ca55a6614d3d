"""Export of the whole plan: every record, in the section 4 format, read back with an
independent reader (python-calamine) and compared with the database cell by cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select
from xlhelp import read_values

from planner.entities import ENTITIES
from planner.excel import export_plan, import_workbook
from planner.excel.columns import REF_KEY, SHEETS
from planner.models import CeilingClauseMission
from planner.plan import Plan


def expected_sheets(plan: Plan) -> dict[str, list[list[Any]]]:
    """What each sheet must hold, computed from the ORM rows (not from the exporter's own
    loader): header, then one row per record in natural-key order, as calamine reads
    cells (numbers as floats, empty cells as "")."""
    out: dict[str, list[list[Any]]] = {}
    with plan.read() as session:
        names = {
            entity: {row.id: getattr(row, attribute) for row in session.scalars(select(model))}
            for entity, attribute in REF_KEY.items()
            for model in [ENTITIES[entity].model]
        }
        # A clause's missions: the codes of its mission rows, sorted, comma-separated.
        named: dict[int, list[str]] = {}
        for row in session.scalars(select(CeilingClauseMission)):
            named.setdefault(row.clause_id, []).append(names["mission"][row.mission_id])
        for sheet in SHEETS:
            rows = []
            for record in session.scalars(select(ENTITIES[sheet.entity].model)):
                values = []
                for field in sheet.fields:
                    if field.kind == "refs":
                        values.append(", ".join(sorted(named.get(record.id, []))))
                        continue
                    value = getattr(record, field.name)
                    if field.kind == "ref" and value is not None:
                        value = names[field.ref][value]
                    values.append(value)
                rows.append(values)
            positions = [[f.name for f in sheet.fields].index(k) for k in sheet.key]
            rows.sort(key=lambda r: tuple(r[i] for i in positions))
            out[sheet.title] = [sheet.headers, *([_as_read(v) for v in r] for r in rows)]
    return out


def _as_read(value: Any) -> Any:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    return value


def test_export_holds_every_record_with_its_values_types_and_order(
    demo_plan: Plan, tmp_path: Path
) -> None:
    out = tmp_path / "plan.xlsx"
    export_plan(demo_plan, out)
    read = read_values(out)
    expected = expected_sheets(demo_plan)
    assert list(read) == [s.title for s in SHEETS]
    for title, rows in expected.items():
        assert len(read[title]) == len(rows), title
        assert read[title] == rows, title
    # Types as a planner's Excel sees them: dates are date cells, counts numbers.
    rotation = read["Rotations"][1]
    assert isinstance(rotation[3], dt.date) and not isinstance(rotation[3], dt.datetime)
    assert isinstance(read["Units"][1][3], float)
    assert len(read["Assignments"]) > 2000 and len(read["Personnel"]) > 1000


def test_export_layout_frozen_header_filter_widths_and_date_format(
    seeded: Any, tmp_path: Path
) -> None:
    out = tmp_path / "small.xlsx"
    export_plan(seeded.plan, out)
    workbook = openpyxl.load_workbook(out)
    assert workbook.properties.creator == "Rotation Planner"
    for sheet in SHEETS:
        ws = workbook[sheet.title]
        assert ws.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(len(sheet.fields))
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}"
        assert all(ws.cell(1, c).font.bold for c in range(1, len(sheet.fields) + 1))
        for column, field in enumerate(sheet.fields, start=1):
            width = ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width
            assert 8 <= width <= 50
            if field.kind == "date":
                for row in range(2, ws.max_row + 1):
                    cell = ws.cell(row, column)
                    if cell.value is not None:
                        assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    rotation = workbook["Rotations"]
    assert [c.value for c in rotation[2]][:4] == [
        "KAZCOY-R01",
        "KAZCOY",
        1,
        dt.datetime(2018, 10, 31),
    ]


def test_round_trip_export_import_export_gives_the_same_workbook(
    demo_plan: Plan, plan: Plan, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    export_plan(demo_plan, first)
    report = import_workbook(plan, first)
    assert report.sheets["Assignments"].created == len(read_values(first)["Assignments"]) - 1
    export_plan(plan, second)
    a, b = read_values(first), read_values(second)
    assert list(a) == list(b)
    for title in a:
        assert a[title] == b[title], title


def test_an_empty_plan_exports_headers_only(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    export_plan(plan, out)
    read = read_values(out)
    assert {title: rows for title, rows in read.items()} == {s.title: [s.headers] for s in SHEETS}


def test_export_to_a_missing_folder_is_refused_and_writes_nothing(
    seeded: Any, tmp_path: Path
) -> None:
    from planner.excel import WorkbookError

    target = tmp_path / "nowhere" / "plan.xlsx"
    try:
        export_plan(seeded.plan, target)
    except WorkbookError as exc:
        assert "does not exist" in str(exc)
    else:
        raise AssertionError("expected a WorkbookError")
    assert not target.parent.exists()
    assert list(tmp_path.glob("*.part")) == []


def test_a_cancelled_export_leaves_no_file(seeded: Any, tmp_path: Path) -> None:
    from planner.progress import Cancelled, Progress

    out = tmp_path / "plan.xlsx"
    progress = Progress(lambda done, total, text: progress.cancel() if done == 3 else None)
    try:
        export_plan(seeded.plan, out, progress)
    except Cancelled as exc:
        assert "cancelled" in str(exc)
    else:
        raise AssertionError("expected Cancelled")
    assert [p for p in tmp_path.iterdir() if "xlsx" in p.name] == []
