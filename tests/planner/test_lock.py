"""One writer per SQLite plan: a second process is refused and told who holds the plan;
a killed holder leaves nothing behind that blocks the next one."""

from __future__ import annotations

import getpass
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.errors import PlanLockedError
from planner.lock import PlanLock, lock_path_for
from planner.plan import open_plan

HOLD = textwrap.dedent(
    """
    import sys
    from planner.plan import open_plan
    plan = open_plan(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.read()  # until the parent closes stdin, or kills us
    plan.close()
    """
)


def _hold(path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    return child


def _close_pipes(child: subprocess.Popen[str]) -> None:
    """The ended child's pipes, closed (else a ResourceWarning, an error in this suite)."""
    for pipe in (child.stdin, child.stdout, child.stderr):
        if pipe is not None:
            pipe.close()


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli.main", "--db", str(path), *args],
        capture_output=True,
        text=True,
    )


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "shared.sqlite"
    open_plan(path, create=True).close()
    return path


def test_a_second_process_is_refused_with_the_holder_named(plan_file: Path) -> None:
    child = _hold(plan_file)
    try:
        with pytest.raises(PlanLockedError) as refused:
            open_plan(plan_file)
        message = str(refused.value)
        assert "already open by" in message
        assert getpass.getuser() in message
        assert socket.gethostname() in message
        assert f"process {child.pid}" in message
        # Reading is still allowed while someone writes.
        with open_plan(plan_file, read_only=True) as reader:
            assert reader.schema_revision() is not None
        # A writing command says the same in one line, exit status 2; reading ones
        # (info, backup) work while the plan is open elsewhere.
        cli = _cli(plan_file, "init", "--force")
        assert cli.returncode == 2
        assert f"process {child.pid}" in cli.stderr
        assert len(cli.stderr.strip().splitlines()) == 1
        assert plan_file.exists()
        assert _cli(plan_file, "info").returncode == 0
        backup = _cli(plan_file, "backup", "--out", str(plan_file.with_name("copy.sqlite")))
        assert backup.returncode == 0, backup.stderr
    finally:
        child.kill()
        child.wait()
        _close_pipes(child)


def test_after_the_holder_is_killed_the_plan_opens_again(plan_file: Path) -> None:
    child = _hold(plan_file)
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL
    _close_pipes(child)
    with open_plan(plan_file) as plan:
        assert plan.lock is not None and plan.lock.held
        assert str(os.getpid()) in lock_path_for(plan_file).read_text()


def test_after_the_holder_closes_the_lock_file_is_gone(plan_file: Path) -> None:
    child = _hold(plan_file)
    assert child.stdin is not None
    child.stdin.close()
    assert child.wait() == 0
    _close_pipes(child)
    assert not lock_path_for(plan_file).exists()
    open_plan(plan_file).close()


def test_the_same_process_cannot_open_a_plan_twice_for_writing(plan_file: Path) -> None:
    with open_plan(plan_file), pytest.raises(PlanLockedError, match="already open"):
        open_plan(plan_file)
    open_plan(plan_file).close()  # closing released it


def test_a_stale_lock_file_left_by_a_crash_does_not_block(plan_file: Path) -> None:
    lock_path_for(plan_file).write_text('{"user": "ghost", "host": "nowhere", "pid": 1}')
    with open_plan(plan_file) as plan:
        assert plan.lock is not None and plan.lock.held


EXCLUSIVE = textwrap.dedent(
    """
    import os, sys, time
    from planner.errors import PlanLockedError
    from planner.lock import PlanLock
    from pathlib import Path
    plan, marker, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    held = 0
    while held < rounds:
        lock = PlanLock(plan)
        try:
            lock.acquire()
        except PlanLockedError:
            continue
        try:
            # O_EXCL fails if the other process is inside too: the lock did not hold.
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            time.sleep(0.0005)
            os.unlink(marker)
        finally:
            lock.release()
        held += 1
    print("ok")
    """
)


def test_two_processes_taking_and_releasing_never_hold_it_together(plan_file: Path) -> None:
    marker = plan_file.with_name("inside")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", EXCLUSIVE, str(plan_file), str(marker), "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert out.strip() == "ok"


def test_release_is_idempotent_and_reacquire_works(plan_file: Path) -> None:
    lock = PlanLock(plan_file)
    lock.acquire()
    lock.release()
    lock.release()
    assert not lock.held
    lock.acquire()
    assert lock.held
    lock.release()
