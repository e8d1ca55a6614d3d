"""Issue 14, class 10: a full disk during check, export, backup or while taking the lock
gets one clear line ("no space left on the disk holding …"), status 2, no partial file,
no empty lock file, no "Exception ignored" traceback, and the plan intact.

The disk is a real one: a 3 MB tmpfs mounted for the test (root only; elsewhere the test
is skipped, since filling the machine's own disk would hurt everyone on it)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.plan import open_plan

SIZE = 3 * 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte; returns the filler file."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (65536, 4096, 1):  # big blocks, then the last bytes
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_clear_line(done: subprocess.CompletedProcess[str], disk: Path) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    assert "no space left on the disk holding" in lines[0], lines[0]
    assert str(disk) in lines[0], lines[0]


def _intact(plan: Path, people: int) -> None:
    wal = plan.with_name(plan.name + "-wal")
    # On the full disk even a reader cannot grow the log's index: with an empty log the
    # file alone is the plan, read as it is.
    whole = not wal.exists() or wal.stat().st_size == 0
    uri = f"file:{plan}?mode=ro" + ("&immutable=1" if whole else "")
    with sqlite3.connect(uri, uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT count(*) FROM person").fetchone()[0] == people
    connection.close()


def _leftovers(disk: Path) -> list[str]:
    """What is on the disk besides the filler, the plan and SQLite's own journal files
    of it when they hold nothing (an empty log; its index, which SQLite rebuilds)."""
    kept = {"filler", "plan.sqlite", "plan.sqlite-shm"}
    return sorted(
        p.name
        for p in disk.rglob("*")
        if p.name not in kept and not (p.name == "plan.sqlite-wal" and p.stat().st_size == 0)
    )


def _small_plan(disk: Path) -> Path:
    plan = disk / "plan.sqlite"
    open_plan(plan, create=True).close()
    from planner import services

    with open_plan(plan) as opened:
        services.create(
            opened,
            "person",
            {"service_number": "KZ-1", "surname": "A", "given_name": "B", "sex": "F"}
            | {"rank": "Captain"},
        )
    return plan


def test_taking_the_lock_and_checking_on_a_full_disk(small_disk: Path) -> None:
    plan = _small_plan(small_disk)
    fill(small_disk)
    for command in (("check",), ("info",), ("import", str(plan))):
        done = run_cli("--db", str(plan), *command)
        _one_clear_line(done, small_disk)
        assert _leftovers(small_disk) == [], command  # no empty lock file, no journal
    _intact(plan, 1)
    (small_disk / "filler").unlink()  # with room again, the plan opens as before
    assert run_cli("--db", str(plan), "check").returncode in (0, 1)
    _intact(plan, 1)


def test_export_to_a_full_disk(small_disk: Path, demo_plan_file: Path, tmp_path: Path) -> None:
    plan = tmp_path / "demo.sqlite"
    shutil.copy(demo_plan_file, plan)
    old = small_disk / "plan.xlsx"
    old.write_bytes(b"the old export")
    fill(small_disk)
    for command in (
        ("export", "plan", "--out", str(old)),
        ("template", "--out", str(small_disk / "template.xlsx")),
        ("export", "roster", "--rotation", "KAZCOY-R05", "--out", str(small_disk / "r.xlsx")),
    ):
        done = run_cli("--db", str(plan), *command)
        _one_clear_line(done, small_disk)
        assert old.read_bytes() == b"the old export"
        assert _leftovers(small_disk) == ["plan.xlsx"], command


def test_backup_to_a_full_disk(small_disk: Path, tmp_path: Path) -> None:
    plan = _small_plan(small_disk)
    filler = fill(small_disk)
    done = run_cli("--db", str(plan), "backup")
    _one_clear_line(done, small_disk)
    done = run_cli("--db", str(plan), "backup", "--out", str(small_disk / "copy.sqlite"))
    _one_clear_line(done, small_disk)
    folder = small_disk / "plan-backups"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert not (small_disk / "copy.sqlite").exists()
    _intact(plan, 1)
    os.unlink(filler)  # with room again, the same commands work
    assert run_cli("--db", str(plan), "backup").returncode == 0
    assert run_cli("--db", str(plan), "check").returncode in (0, 1)
