"""Crash safety: a process editing a plan through the services is killed with SIGKILL at
random moments; every time, the plan opens, is intact, and holds every edit the process
reported committed (and no half of a transaction)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from planner.plan import open_plan

KILLS = 24

# Each edit prints its key only after the service returned, i.e. after COMMIT.
EDITOR = textwrap.dedent(
    """
    import datetime as dt, sys
    from planner import services
    from planner.plan import open_plan
    from planner.services.crud import create_in, run_transaction

    run = sys.argv[2]
    plan = open_plan(sys.argv[1])
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        number = f"{run}-{n}"
        if n % 3:
            # A person and a credential in one transaction: both or neither.
            def work(session):
                person = create_in(session, "person", {
                    "service_number": number, "surname": "Crash", "given_name": "Test",
                    "sex": "F", "rank": "Captain"})
                credential = create_in(session, "credential", {
                    "person_id": person.id, "kind": "passport",
                    "expires_on": dt.date(2030, 1, 1)})
                return [person, credential]
            run_transaction(plan, work)
            print(f"person {number}", flush=True)
        else:
            row = services.get(plan, "settings", 1)
            services.update(plan, "settings", 1, row["version"],
                            {"min_rest_days": row["min_rest_days"] + 1})
            print(f"rest {row['min_rest_days'] + 1}", flush=True)
    """
)


def _verify(path: Path, people: set[str], rest: int) -> int:
    """Open the plan after a kill and check it; returns its min_rest_days."""
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    with open_plan(path) as plan, plan.read() as session:
        raw = session.connection().exec_driver_sql
        assert raw("PRAGMA integrity_check").scalar() == "ok"
        assert raw("PRAGMA foreign_key_check").all() == []
        stored = {row[0] for row in raw("SELECT service_number FROM person")}
        missing = people - stored
        assert not missing, f"reported committed but lost: {sorted(missing)[:5]}"
        # No person without the credential of the same transaction.
        orphans = raw(
            "SELECT count(*) FROM person p WHERE NOT EXISTS "
            "(SELECT 1 FROM credential c WHERE c.person_id = p.id)"
        ).scalar()
        assert orphans == 0
        current = int(raw("SELECT min_rest_days FROM settings").scalar() or 0)
    # The last reported value is there; at most one more commit went unreported.
    assert rest <= current <= rest + 1
    return current


@pytest.mark.slow
def test_killing_an_editor_at_random_moments_loses_nothing_committed(tmp_path: Path) -> None:
    seed = int(os.environ.get("CRASH_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    path = tmp_path / "crash.sqlite"
    open_plan(path, create=True).close()
    people: set[str] = set()
    rest = 365
    edits_seen = 0
    for run in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), f"R{run}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        if run % 4 == 3:
            # Now and then kill it early: while it imports, opens or locks the plan.
            time.sleep(rng.uniform(0.0, 0.6))
        else:
            line = child.stdout.readline()
            assert line == "ready\n", (line, child.stderr.read() if child.stderr else "")
            time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL, f"seed {seed}: editor failed first:\n{err}"
        for line in out.splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut off mid-line: the commit may or may not have happened
            kind, _, key = line.strip().partition(" ")
            if kind == "person":
                people.add(key)
                edits_seen += 1
            elif kind == "rest":
                rest = max(rest, int(key))
                edits_seen += 1
        rest = _verify(path, people, rest)
    assert edits_seen > KILLS, f"seed {seed}: too few edits to mean anything ({edits_seen})"
    print(f"crash test: seed {seed}, {KILLS} kills, {edits_seen} edits reported")


# --- issue 14, class 3: every command that writes a file, killed at random moments ---------

COMMAND_KILLS = 20
TEMPORARY = ".planner-tmp"


class Scene:
    """One command run again and again in a folder, with what its target may hold."""

    def __init__(self, folder: Path, command: str) -> None:
        self.folder = folder
        self.command = command
        self.plan = folder / "plan.sqlite"
        self.target = {
            "init": self.plan,
            "init --demo": self.plan,
            "import": self.plan,
            "export": folder / "plan.xlsx",
            "template": folder / "template.xlsx",
            "backup": folder / "copy.sqlite",
        }[command]
        self.temp = folder / "tmp"  # TMPDIR of the children: nothing may be left in it
        self.temp.mkdir()
        self.cache = folder / "cache"  # XDG_CACHE_HOME: openpyxl's private spool folder
        self.env = dict(os.environ, TMPDIR=str(self.temp), XDG_CACHE_HOME=str(self.cache))

    def args(self, run: int) -> list[str]:
        db = ["--db", str(self.plan)]
        return {
            "init": [*db, "init", "--force"],
            "init --demo": [*db, "init", "--demo", "--force"],
            "import": [*db, "import", str(self.folder / "source.xlsx")],
            "export": [*db, "export", "plan", "--out", str(self.target)],
            "template": ["template", "--out", str(self.target)],
            "backup": [*db, "backup", *(["--out", str(self.target)] if run % 2 else [])],
        }[self.command]

    def cli(self, args: list[str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "planner.cli.main", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )

    def finish(self, args: list[str]) -> None:
        child = self.cli(args)
        _, err = child.communicate(timeout=300)
        assert child.returncode == 0, err


def _people(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = int(connection.execute("SELECT count(*) FROM person").fetchone()[0])
    connection.close()
    return count


def _whole_workbook(path: Path, sheets: set[str]) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert "xl/workbook.xml" in archive.namelist()
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        assert sheets <= set(workbook.sheet_names), workbook.sheet_names
    finally:
        workbook.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", ["init", "init --demo", "import", "export", "template", "backup"]
)
def test_killing_a_writing_command_leaves_the_old_file_or_a_whole_new_one(
    tmp_path: Path, demo_plan_file: Path, command: str
) -> None:
    seed = int(os.environ.get("CRASH_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    scene = Scene(tmp_path, command)
    demo_people = _people(demo_plan_file)
    empty = tmp_path / "empty.sqlite"
    open_plan(empty, create=True).close()
    shutil.copy(empty if command in ("import", "init --demo") else demo_plan_file, scene.plan)
    if command == "import":
        scene.finish(
            ["--db", str(demo_plan_file), "export", "plan", "--out", str(tmp_path / "source.xlsx")]
        )
    if command in ("export", "template"):
        scene.finish(scene.args(0))  # an old file to be replaced
    old = scene.target.read_bytes() if scene.target.exists() else None
    started = time.perf_counter()
    scene.finish(scene.args(1))
    duration = time.perf_counter() - started
    for run in range(COMMAND_KILLS):
        if command == "import":
            for leftover in (
                scene.plan,
                *(scene.plan.with_name(scene.plan.name + s) for s in ("-wal", "-shm")),
            ):
                leftover.unlink(missing_ok=True)
            shutil.copy(empty, scene.plan)
        if command == "backup" and run % 2:
            scene.target.unlink(missing_ok=True)
        if command in ("export", "template") and old is not None:
            scene.target.write_bytes(old)
        child = scene.cli(scene.args(run))
        time.sleep(rng.uniform(0.0, duration * 1.05))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        where = f"seed {seed}, {command}, kill {run}"
        if command == "init":
            assert _people(scene.plan) in (demo_people, 0), where
        elif command == "init --demo" or command == "import":
            assert _people(scene.plan) in (0, demo_people), where
        elif command == "export":
            if scene.target.read_bytes() != old:
                _whole_workbook(scene.target, {"Personnel", "Assignments"})
        elif command == "template":
            if scene.target.read_bytes() != old:
                _whole_workbook(scene.target, {"Personnel"})
        else:
            if run % 2 and scene.target.exists():
                assert _people(scene.target) == demo_people, where
            for copy in scene.plan.with_name("plan-backups").glob("*.sqlite"):
                assert _people(copy) == demo_people, f"{where}: {copy.name}"
    # A later run removes what the killed ones left: temporary files beside the target,
    # openpyxl's spool files (in the private folder), SQLite journals of half-built plans.
    if command == "backup":
        scene.target.unlink(missing_ok=True)
    scene.finish(scene.args(1))
    left = [p.name for p in tmp_path.rglob("*") if TEMPORARY in p.name]
    assert not left, f"seed {seed}: left behind {left}"
    spooled = list(scene.temp.iterdir())
    assert not spooled, f"seed {seed}: {len(spooled)} files left in TMPDIR"
    private = scene.cache / "rotation-planner" / "tmp"
    if private.exists():
        assert not [p for p in private.iterdir() if not p.name.startswith(".new-")], (
            f"seed {seed}: {list(private.iterdir())}"
        )
    print(f"{command}: seed {seed}, {COMMAND_KILLS} kills, one run took {duration:.1f} s")
