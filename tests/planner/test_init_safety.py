"""Issue 14, class 2: 'init --force' replaces only a plan, after a backup; anything else
is refused, saying what it is, and left as it was. An empty --db or PLANNER_DB (an unset
variable in a script) is an error, never the per-user plan."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from planner.backup import list_backups
from planner.plan import default_plan_path, open_plan


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _text_file(path: Path) -> None:
    path.write_text("Minutes of the meeting\nnothing to do with plans\n" * 20)


def _other_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices VALUES (1, 99.5)")
    connection.close()


def _alembic_database(path: Path) -> None:
    """Another application that also uses Alembic."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('ab12cd34ef56')")
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    connection.close()


NOT_PLANS = {
    "a text file": (_text_file, "text file"),
    "another application's database": (_other_database, "another application's database"),
    "another Alembic database": (_alembic_database, "another application's database"),
}


@pytest.mark.parametrize("case", list(NOT_PLANS))
def test_init_force_refuses_what_is_not_a_plan_and_says_what_it_is(
    tmp_path: Path, case: str
) -> None:
    make, said = NOT_PLANS[case]
    target = tmp_path / "plan.sqlite"
    make(target)
    before = target.read_bytes()
    for command in (("init", "--force"), ("init", "--demo", "--force"), ("init",)):
        done = run_cli("--db", str(target), *command)
        assert done.returncode == 2, done.stdout + done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert said in done.stderr, done.stderr
        assert "nothing was changed" in done.stderr or "not a plan" in done.stderr
        assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.sqlite"]


def test_init_force_refuses_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "plan.sqlite"
    target.mkdir()
    (target / "keep.txt").write_text("kept")
    done = run_cli("--db", str(target), "init", "--force")
    assert done.returncode == 2
    assert "is a folder" in done.stderr
    assert (target / "keep.txt").read_text() == "kept"


def test_init_force_backs_the_plan_up_before_replacing_it(tmp_path: Path) -> None:
    target = tmp_path / "plan.sqlite"
    assert run_cli("--db", str(target), "init", "--demo").returncode == 0
    done = run_cli("--db", str(target), "init", "--force")
    assert done.returncode == 0, done.stderr
    backups = list_backups(target, "before-replace")
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT count(*) FROM person").fetchone()[0] > 1000
    copy.close()
    with open_plan(target, read_only=True) as plan, plan.read() as session:
        people = session.connection().exec_driver_sql("SELECT count(*) FROM person").scalar()
    assert people == 0


def _env(**changes: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(changes)
    return env


def _private_data(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose per-user plan is in ``tmp_path``, and that plan's path."""
    data = tmp_path / "data"
    return _env(XDG_DATA_HOME=str(data)), data / "rotation-planner" / default_plan_path().name


def test_an_empty_db_option_is_an_error_not_the_per_user_plan(tmp_path: Path) -> None:
    env, default = _private_data(tmp_path)
    for command in (("init",), ("init", "--force"), ("info",)):
        done = run_cli("--db", "", *command, env=env)
        assert done.returncode == 2, done.stdout + done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert "No plan given" in done.stderr
    assert not default.exists()


def test_an_empty_planner_db_variable_is_an_error_not_the_per_user_plan(tmp_path: Path) -> None:
    env, default = _private_data(tmp_path)
    assert run_cli("init", env=env).returncode == 0
    before = default.read_bytes()
    for value in ("", "  "):
        done = run_cli("init", "--force", env={**env, "PLANNER_DB": value})
        assert done.returncode == 2, done.stdout + done.stderr
        assert "PLANNER_DB is set but empty" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert default.read_bytes() == before
