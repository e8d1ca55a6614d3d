"""One writer per SQLite plan: an advisory lock on the plan file itself, and on a lock
file beside it that says who holds it.

The lock is the file's, not its name's: two processes that reach one file through two
names (hard links, a symbolic link, a ``..`` path, a bind mount, a case-folded spelling)
must not both write it — SQLite keeps each name's journal apart, and one writer's commits
vanished (200 of 400). So the writer locks one byte of the plan file (an open-file-
description lock on Linux, beyond the bytes SQLite locks; flock elsewhere), which every
name of the file shares. The lock file beside the plan carries the holder's name for the
message, and keeps the lock for a plan that does not exist yet (while it is created).

The operating system releases both when the holder dies (even by SIGKILL), so a crash
never leaves a plan locked. The lock file is opened without following a symbolic link
and must be a regular file of this user with one name: a lock that is a link to another
file would be truncated, and the truncation is only ever done on our own file.

One caveat of POSIX locks: closing any descriptor of a file drops the record locks this
process's other descriptors hold on it. SQLite's own locks on the plan are such locks,
so the plan lock closes its descriptor only when the plan is closed, after its engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
import socket
import struct
import sys
from pathlib import Path
from typing import Final

from planner.errors import PlanLockedError, PlanOpenError
from planner.filekinds import NOFOLLOW, SAFE_OPEN, explain, kind_of

# The byte of the plan file the writer locks: past SQLite's lock bytes (0x40000000 and
# the 510 after it), so it never meets a lock SQLite takes.
PLAN_LOCK_BYTE: Final = 0x40000000 + 4096

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int, name: str) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _try_lock_file(fd: int) -> bool:
        return True  # Windows: the lock file alone (no hard-link check)

else:
    import fcntl

    def _try_lock(fd: int, name: str) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # EWOULDBLOCK: someone holds it
            return False
        except OSError as exc:  # e.g. a network share without locks
            raise PlanLockedError(
                f"Cannot lock {name}: {exc.strerror or exc}. Open the plan from a local folder."
            ) from exc
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    _OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None)

    def _try_lock_file(fd: int) -> bool:
        """Lock PLAN_LOCK_BYTE of the file (shared by all its names); False if taken."""
        if _OFD_SETLK is None:  # pragma: no cover - not Linux: whole-file flock
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True
        # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for OFD locks).
        request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, PLAN_LOCK_BYTE, 1, 0)
        try:
            fcntl.fcntl(fd, _OFD_SETLK, request)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True


def lock_path_for(plan_path: Path) -> Path:
    return plan_path.with_name(plan_path.name + ".lock")


def describe_holder(lock_file: Path) -> str:
    try:
        fd = os.open(lock_file, os.O_RDONLY | NOFOLLOW | SAFE_OPEN)
        try:
            if kind_of(os.fstat(fd).st_mode) is not None:
                return "another process"
            info = json.loads(os.read(fd, 4096).decode("utf-8"))
        finally:
            os.close(fd)
        return (
            f"{info.get('user', '?')} on {info.get('host', '?')} "
            f"(process {info.get('pid', '?')}, since {info.get('since', '?')})"
        )
    except (OSError, ValueError, AttributeError):
        return "another process"


class PlanLock:
    """Held for as long as a plan is open for writing."""

    def __init__(self, plan_path: Path) -> None:
        self.plan_path = plan_path
        self.path = lock_path_for(plan_path)
        self._fd: int | None = None
        self._plan_fd: int | None = None

    @property
    def _plan_name(self) -> str:
        return self.plan_path.name

    def acquire(self) -> None:
        # Retried a few times: the holder may be releasing (and removing the file) just
        # as we lock the old file; see _same_file.
        for _attempt in range(5):
            fd = self._open()
            if not _try_lock(fd, str(self.path)):
                os.close(fd)
                raise PlanLockedError(
                    f"The plan {self._plan_name} is already open by {describe_holder(self.path)}."
                )
            if _same_file(fd, self.path):
                break
            os.close(fd)
        else:  # pragma: no cover - would need five releases racing five acquires
            raise PlanLockedError(f"Could not take the lock {self.path}; try again.")
        self._fd = fd
        try:
            self.lock_plan_file()
            self._write_holder(fd)
        except BaseException:
            self._drop()
            raise

    def lock_plan_file(self) -> None:
        """Lock the plan file itself (once it exists: ``acquire`` does it if it does, and a
        creator calls this again once the plan is in place)."""
        if self._plan_fd is not None:
            return
        try:
            fd = os.open(self.plan_path, os.O_RDWR | NOFOLLOW | SAFE_OPEN)
        except FileNotFoundError:
            return  # being created: the lock file keeps it meanwhile
        except PermissionError:
            return  # a read-only file: no one can write it, through any name
        except OSError as exc:
            raise PlanOpenError(f"Cannot open the plan: {explain(exc, self.plan_path)}.") from exc
        try:
            kind = kind_of(os.fstat(fd).st_mode)
            if kind is not None:
                raise PlanOpenError(f"{self.plan_path} is {kind}, not a plan file.")
            if not _try_lock_file(fd):
                raise PlanLockedError(
                    f"The plan {self._plan_name} is already open by another process under "
                    "another name of the same file (a hard link or another path to it)."
                )
        except BaseException:
            os.close(fd)
            raise
        self._plan_fd = fd

    def _open(self) -> int:
        """The lock file, opened (created if need be) without following a link, checked
        to be a regular file of ours with one name before anything is written to it."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | NOFOLLOW | SAFE_OPEN, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise PlanLockedError(
                    f"The lock file {self.path} is a symbolic link; refused. Remove it "
                    "(nothing holds the plan through it) and try again."
                ) from exc
            raise PlanLockedError(
                f"Cannot create the lock file: {explain(exc, self.path)}."
            ) from exc
        try:
            info = os.fstat(fd)
            kind = kind_of(info.st_mode)
            if kind is not None:
                raise PlanLockedError(f"The lock file {self.path} is {kind}; refused.")
            if sys.platform != "win32" and info.st_uid != os.geteuid():
                raise PlanLockedError(
                    f"The lock file {self.path} belongs to another user (uid {info.st_uid}); "
                    "refused. If nobody has the plan open, remove it and try again."
                )
            if info.st_nlink != 1:
                raise PlanLockedError(
                    f"The lock file {self.path} has {info.st_nlink} names (hard links); "
                    "refused. Remove it and try again."
                )
            os.set_blocking(fd, True)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _write_holder(self, fd: int) -> None:
        text = json.dumps(
            {
                "user": getpass.getuser(),
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "since": dt.datetime.now().isoformat(timespec="seconds"),
            }
        ).encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            if os.pwrite(fd, text, 0) != len(text):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError as exc:
            raise PlanOpenError(f"Cannot take the lock: {explain(exc, self.path)}.") from exc

    def _drop(self) -> None:
        """Give up a lock taken in part: remove the lock file while still holding it."""
        fd, self._fd = self._fd, None
        plan_fd, self._plan_fd = self._plan_fd, None
        if plan_fd is not None:
            os.close(plan_fd)
        if fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        fd = self._fd
        try:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            # Remove the file while still holding its lock: a process that opened it
            # meanwhile then finds, once it gets the lock, that the file it locked is no
            # longer the lock file, and starts again (see acquire).
            with contextlib.suppress(OSError):
                self.path.unlink()
            with contextlib.suppress(OSError):
                _unlock(fd)
        finally:
            self._drop()

    @property
    def held(self) -> bool:
        return self._fd is not None


def _same_file(fd: int, path: Path) -> bool:
    """Whether the open ``fd`` is still the file at ``path`` (not one removed)."""
    try:
        return os.path.samestat(os.fstat(fd), os.lstat(path))
    except OSError:
        return False
