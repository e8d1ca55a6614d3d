"""``planner check [--json]``: output and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plan_builder import D, PlanBuild

from planner.cli.main import main
from planner.plan import Plan


def _path(plan: Plan) -> str:
    assert plan.path is not None
    return str(plan.path)


def test_json_output_of_the_demo_plan(demo_plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    path = _path(demo_plan)
    demo_plan.close()  # the command opens (and locks) the plan itself
    status = main(["--db", path, "check", "--json"])
    out = capsys.readouterr().out
    document = json.loads(out)
    assert set(document) == {"findings", "summary"}
    assert set(document["summary"]) == {"error", "warning", "info"}
    findings = document["findings"]
    assert document["summary"]["error"] == sum(f["severity"] == "error" for f in findings) > 0
    assert status == 1  # the demo has errors
    assert set(findings[0]) == {
        "rule",
        "severity",
        "message",
        "mission",
        "authorisation",
        "rotation",
        "person",
        "start",
        "end",
        "value",
        "limit",
        "detail",
    }
    ceiling = next(f for f in findings if f["rule"] == "mission-ceiling")
    assert ceiling["message"] == (
        "UNDOF: 274 deployed from 2027-02-15 to 2027-02-28, over the ceiling of 150 set by "
        "authorisation 2024-01-19."
    )


def test_human_output_is_grouped_by_severity(
    demo_plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _path(demo_plan)
    demo_plan.close()
    assert main(["--db", path, "check"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("Plan demo: 6 errors, ")
    headings = [line for line in lines if line and not line.startswith(" ")][1:]
    assert [h.split(" (")[0] for h in headings] == ["Errors", "Warnings", "Notes"]
    assert out.index("mission-ceiling") < out.index("Warnings") < out.index("short-rest")
    assert "2027-02-15..2027-02-28" in out


def test_check_runs_while_the_window_holds_the_plan(
    demo_plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo plan stays open (and locked) here, as in the window."""
    assert main(["--db", _path(demo_plan), "check", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["summary"]["error"] == 6


def test_warnings_only_exit_zero(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    build = PlanBuild(plan)
    build.mission("M1")
    build.authorisation("A", D(2000, 1, 1), {"M1": (None, "")})
    build.unit("U1", "M1", strength=5)
    build.rotation("R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    path = _path(build.plan)
    build.plan.close()
    assert main(["--db", path, "check", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"] == {"error": 0, "warning": 1, "info": 0}
    assert document["findings"][0]["rule"] == "strength"


def test_an_empty_plan_is_in_order(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    path = _path(plan)
    plan.close()
    assert main(["--db", path, "check"]) == 0
    assert "no findings" in capsys.readouterr().out


def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "missing.sqlite"), "check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("planner: There is no plan at") and "Traceback" not in err
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a plan at all" * 20)
    assert main(["--db", str(junk), "check", "--json"]) == 2
    captured = capsys.readouterr()
    assert "is not a plan file" in captured.err and captured.out == ""
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--jsn"])
    assert exit_info.value.code == 2
