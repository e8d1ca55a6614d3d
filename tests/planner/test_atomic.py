"""Issue 14, class 3 (unit level; test_crash.py kills every writing command): files are
made in one step, temporary files are swept only when their writer is dead, openpyxl's
spool files stay private, and only whole backups count among those kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from planner import atomic
from planner.backup import backup_dir_for, backup_sqlite, list_backups
from planner.plan import Plan, create_plan, open_plan


def test_a_failing_writer_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the old workbook")

    def half(handle: object) -> None:
        handle.write(b"half a new one")  # type: ignore[attr-defined]
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        atomic.write_file(target, half)
    assert target.read_bytes() == b"the old workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_a_failing_init_leaves_no_plan_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.sqlite"

    def fill(plan: Plan) -> None:
        raise RuntimeError("killed half-way")

    with pytest.raises(RuntimeError):
        create_plan(target, fill=fill)
    assert list(tmp_path.iterdir()) == []
    with open_plan(target, create=True):  # and the next init is not refused
        pass


SLEEPER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from planner import atomic
    with atomic.staged(Path(sys.argv[1])) as stage:
        stage.path.write_bytes(b"half")
        print("writing", flush=True)
        time.sleep(60)
    """
)


def test_temporary_files_are_swept_when_their_writer_is_dead_and_only_then(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.xlsx"
    child = subprocess.Popen(
        [sys.executable, "-c", SLEEPER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    (temporary,) = [p for p in tmp_path.iterdir() if p.name.endswith(atomic.TEMP_SUFFIX)]
    temporary.with_name(temporary.name + "-wal").write_bytes(b"journal")
    atomic.sweep(tmp_path)
    assert temporary.exists(), "a live writer's file was removed"
    child.send_signal(signal.SIGKILL)
    child.communicate()  # waits, and closes the pipe
    atomic.sweep(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_file_named_like_a_temporary_one_but_not_ours_is_left(tmp_path: Path) -> None:
    link = tmp_path / f".x~abc{atomic.TEMP_SUFFIX}"
    link.symlink_to(tmp_path / "elsewhere")
    folder = tmp_path / f".y~abc{atomic.TEMP_SUFFIX}"
    folder.mkdir()
    atomic.sweep(tmp_path)
    assert link.is_symlink() and folder.is_dir()


EXPORTER = textwrap.dedent(
    """
    import sys, tempfile
    from openpyxl import Workbook
    import planner.excel.files  # installs the private spool folder
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Personnel")
    for n in range(2000):
        sheet.append([f"KZ-{n}", "Secret", "Name"])
    print(sheet._writer.out, flush=True)
    import time; time.sleep(60)
    """
)


def test_openpyxl_spools_privately_and_a_later_run_removes_what_a_killed_one_left(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    (tmp_path / "tmp").mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", EXPORTER], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    spool = Path(child.stdout.readline().strip())
    private = tmp_path / "cache" / "rotation-planner" / "tmp"
    assert spool.is_relative_to(private), spool
    assert oct(spool.parent.stat().st_mode & 0o777) == "0o700"
    assert list((tmp_path / "tmp").iterdir()) == []
    child.send_signal(signal.SIGKILL)
    child.communicate()  # waits, and closes the pipe
    assert spool.exists()  # the killed process could not clean up
    later = subprocess.run(
        [sys.executable, "-m", "planner.cli.main", "template", "--out", str(tmp_path / "t.xlsx")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert later.returncode == 0, later.stderr
    assert not spool.exists()
    assert [p for p in private.iterdir()] == []


def test_only_whole_backups_count_among_those_kept(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    open_plan(path, create=True).close()
    for _ in range(10):
        backup_sqlite(path, keep=10)
    good = list_backups(path)
    folder = backup_dir_for(path)
    # What killed backups of an older version left: named like backups, not whole.
    for n, content in enumerate((b"", b"SQLite format 3\x00" + b"\x00" * 200)):
        (folder / f"plan-29990101-00000{n}-000000-manual.sqlite").write_bytes(content)
    time.sleep(0.01)
    backup_sqlite(path, keep=10)
    kept = list_backups(path)
    assert len([p for p in kept if p.stat().st_size > 300]) == 10
    assert good[1:] == [p for p in kept if p in good]  # only the oldest good one went


def test_a_backup_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite"
    open_plan(path, create=True).close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    backup_dir_for(path).symlink_to(elsewhere)
    from planner.errors import PlannerError

    with pytest.raises(PlannerError, match="symbolic link"):
        backup_sqlite(path)
    assert list(elsewhere.iterdir()) == []


def test_links_named_like_backups_or_temporary_files_are_never_followed(tmp_path: Path) -> None:
    # Issue 14, class 8 beyond the lock file: a link planted beside the plan or among its
    # backups, pointing at a whole plan elsewhere, neither counts as a backup nor has its
    # target read, kept or removed by the sweep and the pruning.
    path = tmp_path / "plan.sqlite"
    open_plan(path, create=True).close()
    victim = tmp_path / "victim.sqlite"
    open_plan(victim, create=True).close()
    before = victim.read_bytes()
    backup_sqlite(path, keep=1)
    folder = backup_dir_for(path)
    planted = folder / "plan-29990101-000000-000000-manual.sqlite"
    planted.symlink_to(victim)
    temporary = tmp_path / f".plan.sqlite~0123456789ab{atomic.TEMP_SUFFIX}"
    temporary.symlink_to(victim)
    backup_sqlite(path, keep=1)
    atomic.sweep(tmp_path)
    assert victim.read_bytes() == before
    assert planted.is_symlink() and temporary.is_symlink()  # left alone, not followed
    whole = [p for p in list_backups(path) if not p.is_symlink()]
    assert len(whole) == 1  # a counted link (named newest) would have pushed it out
