"""Issue 14, classes 1 and 8: the plan lock belongs to the file, not to its name, and the
lock file is never a way to damage another file.

Every other name of a held plan — a hard link, a symbolic link, a '..' spelling, a bind
mount, a case-folded spelling where the file system folds case — is refused for writing,
in another process and in the same one; a lock file that is a symbolic link, a hard link
or another user's is refused without being truncated."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.errors import PlanLockedError
from planner.lock import lock_path_for
from planner.plan import open_plan

HOLD = textwrap.dedent(
    """
    import sys
    from planner.plan import open_plan
    plan = open_plan(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.read()
    plan.close()
    """
)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "shared.sqlite"
    open_plan(path, create=True).close()
    return path


@pytest.fixture
def holder(plan_file: Path) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(plan_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    yield child
    assert child.stdin is not None
    child.stdin.close()
    child.wait(timeout=30)
    child.stdout.close()  # else a ResourceWarning: an error in this suite


def _aliases(plan_file: Path, tmp_path: Path) -> dict[str, Path]:
    hard = tmp_path / "elsewhere" / "hard-link.sqlite"
    hard.parent.mkdir()
    os.link(plan_file, hard)
    same_folder = plan_file.with_name("alias.sqlite")
    os.link(plan_file, same_folder)
    symbolic = tmp_path / "symbolic.sqlite"
    symbolic.symlink_to(plan_file)
    dotted = plan_file.parent / ".." / plan_file.parent.name / plan_file.name
    return {
        "hard link in another folder": hard,
        "hard link beside it": same_folder,
        "symbolic link": symbolic,
        "'..' path": dotted,
    }


def test_every_other_name_of_a_held_plan_is_refused(
    plan_file: Path, tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    for kind, alias in _aliases(plan_file, tmp_path).items():
        with pytest.raises(PlanLockedError, match="already open") as refused:
            open_plan(alias)
        assert "already open" in str(refused.value), kind
        # Reading through any name still works beside the writer.
        with open_plan(alias, read_only=True) as reader:
            assert reader.schema_revision() is not None


def test_two_names_in_one_process_are_refused_too(plan_file: Path, tmp_path: Path) -> None:
    # In the window the same process may open a plan twice (two windows): OFD locks
    # conflict between two opens in one process, unlike POSIX record locks.
    alias = tmp_path / "hard.sqlite"
    os.link(plan_file, alias)
    with open_plan(plan_file), pytest.raises(PlanLockedError, match="another name"):
        open_plan(alias)
    with open_plan(alias):  # released: the other name opens now
        pass


def test_a_writing_command_through_a_hard_link_gets_one_line(
    plan_file: Path, tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    alias = tmp_path / "hard.sqlite"
    os.link(plan_file, alias)
    before = plan_file.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "planner.cli.main", "--db", str(alias), "init", "--force"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "already open" in done.stderr
    assert plan_file.read_bytes() == before


def test_a_bind_mounted_spelling_is_refused(
    plan_file: Path, tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    mount_point = tmp_path / "bound"
    mount_point.mkdir()
    bound = subprocess.run(
        ["mount", "--bind", str(plan_file.parent), str(mount_point)], capture_output=True
    )
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.decode().strip()}")
    try:
        with pytest.raises(PlanLockedError, match="already open"):
            open_plan(mount_point / plan_file.name)
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def test_a_case_folded_spelling_is_refused(plan_file: Path, holder: subprocess.Popen[str]) -> None:
    folded = plan_file.with_name(plan_file.name.upper())
    if not folded.exists():
        # No case-folding file system here (this machine's kernel has no Unicode tables
        # for ext4/tmpfs casefold, nor vfat): a folded spelling is, to the lock, only
        # another name of the same inode, as the hard links above are.
        pytest.skip("the file system here does not fold case")
    with pytest.raises(PlanLockedError, match="already open"):
        open_plan(folded)


def test_a_lock_file_that_is_a_symbolic_link_is_refused_and_its_target_untouched(
    plan_file: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("a planner's notes\n")
    lock_path_for(plan_file).symlink_to(victim)
    with pytest.raises(PlanLockedError, match="symbolic link"):
        open_plan(plan_file)
    assert victim.read_text() == "a planner's notes\n"
    assert lock_path_for(plan_file).is_symlink()


def test_a_lock_file_with_two_names_is_refused_and_the_other_name_untouched(
    plan_file: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("a planner's notes\n")
    os.link(victim, lock_path_for(plan_file))
    with pytest.raises(PlanLockedError, match="hard links"):
        open_plan(plan_file)
    assert victim.read_text() == "a planner's notes\n"


def test_a_lock_that_is_not_a_regular_file_is_refused(plan_file: Path) -> None:
    os.mkfifo(lock_path_for(plan_file))
    with pytest.raises(PlanLockedError, match="named pipe"):
        open_plan(plan_file)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_another_users_lock_file_is_refused(plan_file: Path) -> None:
    lock = lock_path_for(plan_file)
    lock.write_text('{"user": "someone"}')
    os.chown(lock, 12345, 12345)
    with pytest.raises(PlanLockedError, match="another user"):
        open_plan(plan_file)
    assert lock.read_text() == '{"user": "someone"}'
