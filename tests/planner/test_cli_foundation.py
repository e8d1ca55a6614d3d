"""The command line's first commands: init, info, backup, and its refusals."""

from __future__ import annotations

import ctypes
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.cli.main import main

PR_CAPBSET_DROP = 24


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli.main", *args], capture_output=True, text=True
    )


def test_init_demo_then_info_shows_the_counts(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    made = run_cli("--db", str(db), "init", "--demo")
    assert made.returncode == 0, made.stderr
    info = run_cli("--db", str(db), "info")
    assert info.returncode == 0, info.stderr
    assert "Missions" in info.stdout and " 11" in info.stdout
    assert "Personnel" in info.stdout and "1,5" in info.stdout
    assert "Schema revision: 0002" in info.stdout


def test_init_on_an_existing_plan_refuses_and_changes_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.sqlite"
    assert main(["--db", str(db), "init"]) == 0
    before = db.read_bytes()
    assert main(["--db", str(db), "init", "--demo"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert db.read_bytes() == before


def test_init_force_replaces_the_plan(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.sqlite"
    assert main(["--db", str(db), "init", "--demo"]) == 0
    assert main(["--db", str(db), "init", "--force"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "info"]) == 0
    out = capsys.readouterr().out
    personnel = next(line for line in out.splitlines() if "Personnel" in line)
    assert personnel.split()[-1] == "0"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"hello, this is a text file, not a database" * 10, "not a plan file"),
        (b"SQLite format 3\x00" + b"\x00" * 20, "truncated"),
    ],
)
def test_a_file_that_is_not_a_plan_gets_one_line_and_status_2(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    db = tmp_path / "bad.sqlite"
    db.write_bytes(content)
    result = run_cli("--db", str(db), "info")
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == content


def test_a_plan_cut_short_in_the_middle_is_refused(tmp_path: Path, demo_plan_file: Path) -> None:
    db = tmp_path / "cut.sqlite"
    data = demo_plan_file.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    result = run_cli("--db", str(db), "info")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _without_root_file_powers() -> None:
    """In the child before exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the
    bounding set, so that even root is held to file permissions after exec."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _run_unprivileged(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line so that file permissions apply to it. Root ignores them, so
    a root run drops the capabilities that let it (the interpreter lives in root's
    private home here, so switching to 'nobody' would not even start Python)."""
    if not sys.platform.startswith("linux"):  # pragma: no cover
        pytest.skip("the permission test drops Linux capabilities")
    if os.geteuid() != 0:
        return run_cli(*args)
    try:
        return subprocess.run(
            [sys.executable, "-m", "planner.cli.main", *args],
            capture_output=True,
            text=True,
            preexec_fn=_without_root_file_powers,
        )
    except subprocess.SubprocessError as exc:  # pragma: no cover - no CAP_SETPCAP
        pytest.skip(f"cannot drop root's file capabilities here: {exc}")


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="planner-ro-"))
    base.chmod(0o755)
    folder = base / "ro"
    folder.mkdir()
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(base)


@pytest.mark.parametrize("existing", [False, True])
def test_read_only_folder_is_refused(read_only_folder: Path, existing: bool) -> None:
    db = read_only_folder / "plan.sqlite"
    if existing:
        assert main(["--db", str(db), "init"]) == 0
        db.chmod(0o644)
    before = db.read_bytes() if existing else None
    read_only_folder.chmod(0o555)
    command = ("init", "--force") if existing else ("init",)
    result = _run_unprivileged("--db", str(db), *command)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Cannot write in the folder" in result.stderr
    assert str(read_only_folder) in result.stderr
    if existing:
        assert db.read_bytes() == before
    else:
        assert not db.exists()
    assert sorted(p.name for p in read_only_folder.iterdir()) == (
        ["plan.sqlite"] if existing else []
    )


def test_a_plan_in_a_read_only_folder_can_still_be_read(read_only_folder: Path) -> None:
    db = read_only_folder / "plan.sqlite"
    assert main(["--db", str(db), "init", "--demo"]) == 0
    db.chmod(0o644)
    before = db.read_bytes()
    read_only_folder.chmod(0o555)
    result = _run_unprivileged("--db", str(db), "info")
    assert result.returncode == 0, result.stderr
    assert "Personnel" in result.stdout and "1,5" in result.stdout
    assert db.read_bytes() == before
    assert [p.name for p in read_only_folder.iterdir()] == ["plan.sqlite"]


def test_unknown_url_is_refused() -> None:
    result = run_cli("--db", "mysql://someone@localhost/plan", "info")
    assert result.returncode == 2
    assert "Unknown database URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_plan_is_refused(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "nothing.sqlite"), "info")
    assert result.returncode == 2
    assert "There is no plan" in result.stderr
    assert not (tmp_path / "nothing.sqlite").exists()


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["no-such-command"])
    assert stop.value.code == 2


def test_planner_db_environment_variable_names_the_plan(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "env.sqlite"
    monkeypatch.setenv("PLANNER_DB", str(db))
    assert main(["init"]) == 0
    assert db.exists()


def test_backup_writes_a_copy_that_passes_integrity_check(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    assert main(["--db", str(db), "init", "--demo"]) == 0
    out = tmp_path / "copy.sqlite"
    assert main(["--db", str(db), "backup", "--out", str(out)]) == 0
    with sqlite3.connect(out) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM person").fetchone()[0] > 1000


def test_backup_refuses_an_existing_file(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.sqlite"
    assert main(["--db", str(db), "init"]) == 0
    out = tmp_path / "copy.sqlite"
    out.write_text("keep me")
    assert main(["--db", str(db), "backup", "--out", str(out)]) == 2
    assert out.read_text() == "keep me"


def test_a_read_only_folder_with_unsaved_journal_is_refused_not_misread(
    read_only_folder: Path,
) -> None:
    from planner import services
    from planner.plan import open_plan

    db = read_only_folder / "plan.sqlite"
    with open_plan(db, create=True) as plan:
        services.create(plan, "mission", {"code": "UNFICYP", "name": "Cyprus"})
        # The edit sits in plan.sqlite-wal while the plan is open.
        read_only_folder.chmod(0o555)
        result = _run_unprivileged("--db", str(db), "info")
        read_only_folder.chmod(0o755)
    assert result.returncode == 2
    assert "journal plan.sqlite-wal holds changes" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
