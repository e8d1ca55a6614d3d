"""Issue 14, classes 9 and 10 (paths): a plan path that is not a plan file — a loop of
symbolic links, a folder, a named pipe, a device, a socket, another application's file,
a plan from a newer version, an over-long path, a malformed URL — gets one clear line
from every command, status 2, promptly, and nothing changes; importing a pipe or a
device does not wait forever, and nothing is written over one.

16 of 40 such runs ended in "internal error" or hung. (The suite holds no timed asserts:
each run has a 60 s guard against a hang; the runs take about a second each.)"""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.plan import open_plan


def loop(path: Path) -> None:
    other = path.with_name("other")
    path.symlink_to(other)
    other.symlink_to(path)


def folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("kept")


def fifo(path: Path) -> None:
    os.mkfifo(path)


def device(path: Path) -> None:
    if os.geteuid() == 0:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # like /dev/zero
    else:
        path.symlink_to("/dev/zero")


def unix_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    SOCKETS.append(server)


SOCKETS: list[socket.socket] = []


def text_file(path: Path) -> None:
    path.write_text("Shopping list\n" * 50)


def other_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    connection.close()


def future_plan(path: Path) -> None:
    open_plan(path, create=True).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    connection.close()
    for companion in ("-wal", "-shm"):
        Path(f"{path}{companion}").unlink(missing_ok=True)


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "symlink loop": (loop, "loop of symbolic links"),
    "folder": (folder, "is a folder"),
    "FIFO": (fifo, "named pipe"),
    "device": (device, "device"),
    "socket": (unix_socket, "socket"),
    "text file": (text_file, "text file"),
    "another application's database": (other_database, "not a"),
    "plan of a newer version": (future_plan, "newer version"),
}

COMMANDS: list[tuple[str, ...]] = [
    ("init",),
    ("init", "--force"),
    ("init", "--demo", "--force"),
    ("info",),
    ("check",),
    ("check", "--json"),
    ("import", "{workbook}"),
    ("export", "plan", "--out", "{out}"),
    ("export", "roster", "--rotation", "R1", "--out", "{out}"),
    ("backup",),
    ("backup", "--out", "{copy}"),
]


@pytest.fixture(autouse=True)
def _close_sockets() -> Iterator[None]:
    yield
    while SOCKETS:
        SOCKETS.pop().close()


def _state(folder_path: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry of the folder: its kind, inode and (for files) content."""
    found = {}
    for entry in folder_path.rglob("*"):
        info = entry.lstat()
        content = entry.read_bytes() if stat.S_ISREG(info.st_mode) else b""
        found[str(entry.relative_to(folder_path))] = (info.st_mode, info.st_ino, content)
    return found


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def run_here(capsys: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """The command line run in this process (as fast as the matrix below needs; a hang
    would end in the suite's timeout)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        status = main(list(args))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), status, captured.out, captured.err)

    return run


def _one_line(done: subprocess.CompletedProcess[str], said: str, what: str) -> None:
    assert done.returncode == 2, f"{what}: status {done.returncode}: {done.stderr}"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, f"{what}: {done.stderr}"
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, what
    assert said in lines[0], f"{what}: {lines[0]}"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_command_on_a_path_that_is_not_a_plan_answers_in_one_line(
    tmp_path: Path, kind: str, run_here: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    make, said = KINDS[kind]
    place = tmp_path / "place"
    place.mkdir()
    target = place / "plan.sqlite"
    make(target)
    workbook = tmp_path / "in.xlsx"
    assert run_cli("template", "--out", str(workbook)).returncode == 0
    before = _state(place)
    for command in COMMANDS:
        args = [
            part.format(workbook=workbook, out=tmp_path / "out.xlsx", copy=tmp_path / "c.sqlite")
            for part in command
        ]
        done = run_here("--db", str(target), *args)
        said_here = "newer version" if kind == "plan of a newer version" else said
        _one_line(done, said_here, f"{kind}, {' '.join(command)}")
        assert _state(place) == before, f"{kind}, {' '.join(command)} changed the folder"
    assert not (tmp_path / "out.xlsx").exists() and not (tmp_path / "c.sqlite").exists()


@pytest.mark.parametrize("kind", ["symlink loop", "folder", "FIFO", "device", "socket"])
def test_importing_or_writing_over_a_special_file_answers_in_one_line(
    tmp_path: Path, kind: str
) -> None:
    make, _said = KINDS[kind]
    db = tmp_path / "plan.sqlite"
    open_plan(db, create=True).close()
    special = tmp_path / "special.xlsx"
    make(special)
    before = _state(tmp_path)
    _one_line(run_cli("--db", str(db), "import", str(special)), "special.xlsx", f"import {kind}")
    for command in (
        ("export", "plan", "--out", str(special)),
        ("template", "--out", str(special)),
        ("backup", "--out", str(special)),
    ):
        done = run_cli("--db", str(db), *command)
        assert done.returncode == 2, f"{kind} {command}: {done.stderr}"
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "internal error" not in done.stderr
    assert _state(tmp_path) == before


def test_an_over_long_path_gets_one_line(tmp_path: Path) -> None:
    long_name = tmp_path / ("x" * 300 + ".sqlite")
    deep = tmp_path.joinpath(*(["y" * 200] * 30), "plan.sqlite")
    for target in (long_name, deep):
        for command in (("init",), ("info",), ("backup",)):
            done = run_cli("--db", str(target), *command)
            _one_line(done, "", f"{command} on a long path")
            assert len(done.stderr) < 600, done.stderr
        workbook = run_cli("--db", str(tmp_path / "p.sqlite"), "import", str(target))
        assert workbook.returncode == 2 and len(workbook.stderr.strip().splitlines()) == 1
        out = run_cli("template", "--out", str(target.with_suffix(".xlsx")))
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://[::1",
        "postgresql+psycopg://host:notaport/db",
        "postgresql+psycopg://u:p@[::1]:99999999/db",
        "mysql://localhost/db",
        "postgresql+psycopg://127.0.0.1:1/nothing_listens_here",
        "sqlite://",
        "postgresql+psycopg://%zz@localhost/db?sslmode=nonsense",
    ],
)
def test_a_malformed_url_gets_one_line(url: str) -> None:
    for command in (("info",), ("init",), ("check",)):
        _one_line(run_cli("--db", url, *command), "", f"{url} {command}")
