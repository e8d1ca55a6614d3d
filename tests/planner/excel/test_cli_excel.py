"""The workbook commands: import, export plan, export roster, template; bad input gets
status 2 with a clear message and changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from xlhelp import dump, read_values, write_workbook

from planner.cli.main import main
from planner.plan import open_plan


@pytest.fixture
def demo_db(demo_plan_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_plan_file, copy)
    return copy


def plan_dump(db: Path) -> object:
    with open_plan(db) as plan:
        return dump(plan)


def test_export_plan_then_import_into_a_new_plan(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.xlsx"
    assert main(["--db", str(demo_db), "export", "plan", "--out", str(out)]) == 0
    assert "Wrote the plan" in capsys.readouterr().out
    fresh = tmp_path / "fresh.sqlite"
    assert main(["--db", str(fresh), "init"]) == 0
    assert main(["--db", str(fresh), "import", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Missions: 11 created, 0 updated, 0 unchanged" in printed
    assert main(["--db", str(fresh), "import", str(out)]) == 0
    assert "Nothing changed" in capsys.readouterr().out


def test_export_rosters_and_template(demo_db: Path, tmp_path: Path) -> None:
    rotation = tmp_path / "r05.xlsx"
    args = ["--db", str(demo_db), "export", "roster"]
    assert main([*args, "--rotation", "KAZCOY-R05", "--out", str(rotation)]) == 0
    assert read_values(rotation)["Roster"][0][0] == "Roster of rotation KAZCOY-R05"
    mission = tmp_path / "unifil.xlsx"
    assert main([*args, "--mission", "UNIFIL", "--on", "01.05.2021", "--out", str(mission)]) == 0
    assert read_values(mission)["Roster"][0][0] == "Roster of UNIFIL on 2021-05-01"
    template = tmp_path / "t.xlsx"
    assert main(["template", "--out", str(template)]) == 0
    assert "Instructions" in read_values(template)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["export", "roster", "--mission", "UNIFIL", "--out", "{tmp}/x.xlsx"], "needs --on"),
        (
            ["export", "roster", "--mission", "UNIFIL", "--on", "soon", "--out", "{tmp}/x.xlsx"],
            "--on: 'soon' is not a date",
        ),
        (
            ["export", "roster", "--rotation", "R", "--on", "2024-01-01", "--out", "{tmp}/x.xlsx"],
            "--on goes with --mission",
        ),
        (["export", "roster", "--rotation", "NOPE", "--out", "{tmp}/x.xlsx"], "no rotation NOPE"),
        (["export", "plan", "--out", "{tmp}/x.csv"], "must end in .xlsx"),
        (["export", "plan", "--out", "{tmp}/missing/x.xlsx"], "does not exist"),
        (["import", "{tmp}/absent.xlsx"], "There is no file"),
    ],
)
def test_bad_input_gets_one_line_and_status_2(
    arguments: list[str],
    message: str,
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = plan_dump(demo_db)
    argv = ["--db", str(demo_db), *(a.replace("{tmp}", str(tmp_path)) for a in arguments)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()
    assert plan_dump(demo_db) == before


def test_import_with_row_errors_lists_them_on_stderr(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "Missions": [
                ["Code*", "Name*", "Mandate start"],
                ["NEWMIS", "New mission", "someday"],
                ["", "No code", None],
            ]
        },
    )
    before = plan_dump(demo_db)
    assert main(["--db", str(demo_db), "import", str(workbook)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines[0] == "planner: bad.xlsx: 2 errors found; nothing was imported."
    assert "  Missions, row 2, column Mandate start: 'someday' is not a date" in lines[1]
    assert lines[2] == "  Missions, row 3, column Code: is required"
    assert captured.out == ""
    assert plan_dump(demo_db) == before
