"""The entry point: a closed pipe is no error, the parser is made without importing
the commands' dependencies, read-only commands work beside the window, writing ones are
refused with who holds the plan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli.main import COMMANDS, main
from planner.plan import Plan


def _path(plan: Plan) -> str:
    assert plan.path is not None
    return str(plan.path)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "planner.cli.main", *args]


@pytest.mark.parametrize("json", [False, True], ids=["text", "json"])
def test_a_reader_that_goes_away_ends_the_command_quietly(demo_plan: Plan, json: bool) -> None:
    """``planner check | head``: the reader closes the pipe before all is written."""
    args = ("--db", _path(demo_plan), "check", *(["--json"] if json else []))
    proc = subprocess.Popen(_cli(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as head does after its lines (here: before the first)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1  # the check's own status: the demo has errors
    assert err == ""


def test_head_reads_the_first_lines_and_the_rest_goes_nowhere(demo_plan: Plan) -> None:
    proc = subprocess.Popen(
        _cli("--db", _path(demo_plan), "check"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().decode()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1 and err == ""
    assert first.startswith("Plan demo: 6 errors")


def test_the_parser_is_made_without_the_commands_dependencies() -> None:
    """--help and --version start in a moment: no storage, rules or workbook library."""
    probe = (
        "import sys; from planner.cli.main import build_parser; build_parser(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'numpy', 'openpyxl', 'platformdirs', 'pathlib'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = eval(done.stdout)  # a list of names
    assert not set(loaded) & {"sqlalchemy", "numpy", "openpyxl", "platformdirs"}


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the help lines
    for name, (_, text) in COMMANDS.items():
        assert f"{name} {text}" in out


def test_read_only_commands_work_while_the_window_holds_the_plan(
    demo_plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _path(demo_plan)  # open and locked, as the window holds it
    assert main(["--db", db, "info"]) == 0
    assert main(["--db", db, "export", "plan", "--out", str(tmp_path / "plan.xlsx")]) == 0
    out = tmp_path / "roster.xlsx"
    assert (
        main(["--db", db, "export", "roster", "--rotation", "KAZCOY-R01", "--out", str(out)]) == 0
    )
    assert (tmp_path / "plan.xlsx").stat().st_size > 0 and out.stat().st_size > 0
    capsys.readouterr()
    # A command that writes is refused, saying who holds the plan; nothing is written.
    assert main(["--db", db, "import", str(tmp_path / "plan.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("planner: The plan demo.sqlite is already open by ")
    assert len(err.strip().splitlines()) == 1
