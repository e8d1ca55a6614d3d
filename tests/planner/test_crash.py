"""Crash safety: a process editing a plan through the services is killed with SIGKILL at
random moments; every time, the plan opens, is intact, and holds every edit the process
reported committed (and no half of a transaction)."""

from __future__ import annotations

import os
import random
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
