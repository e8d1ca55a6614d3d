"""One writer per SQLite plan: an advisory lock on a file beside the plan.

The operating system releases the lock when the holder dies (even by SIGKILL), so a crash
never leaves a plan locked; the file's text only says who holds it, for the message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO

from planner.errors import PlanLockedError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # EWOULDBLOCK: someone holds it
            return False
        except OSError as exc:  # e.g. a network share without locks
            raise PlanLockedError(
                f"Cannot lock {handle.name}: {exc.strerror or exc}. Open the plan from a "
                "local folder."
            ) from exc
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _same_file(handle: IO[str], path: Path) -> bool:
    """Whether the open ``handle`` is still the file at ``path`` (not one removed)."""
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def lock_path_for(plan_path: Path) -> Path:
    return plan_path.with_name(plan_path.name + ".lock")


def describe_holder(lock_file: Path) -> str:
    try:
        info = json.loads(lock_file.read_text(encoding="utf-8"))
        return (
            f"{info.get('user', '?')} on {info.get('host', '?')} "
            f"(process {info.get('pid', '?')}, since {info.get('since', '?')})"
        )
    except (OSError, ValueError):
        return "another process"


class PlanLock:
    """Held for as long as a plan is open for writing."""

    def __init__(self, plan_path: Path) -> None:
        self.path = lock_path_for(plan_path)
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        # Retried a few times: the holder may be releasing (and removing the file) just
        # as we lock the old file; see _same_file.
        for _attempt in range(5):
            handle = self._open()
            if not _try_lock(handle):
                handle.close()
                raise PlanLockedError(
                    f"The plan {self.path.name[: -len('.lock')]} is already open by "
                    f"{describe_holder(self.path)}."
                )
            if _same_file(handle, self.path):
                break
            handle.close()
        else:  # pragma: no cover - would need five releases racing five acquires
            raise PlanLockedError(f"Could not take the lock {self.path}; try again.")
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "user": getpass.getuser(),
                    "host": socket.gethostname(),
                    "pid": os.getpid(),
                    "since": dt.datetime.now().isoformat(timespec="seconds"),
                }
            )
        )
        handle.flush()
        self._handle = handle

    def _open(self) -> IO[str]:
        try:
            return open(self.path, "a+", encoding="utf-8")  # held open while the plan is
        except OSError as exc:
            raise PlanLockedError(
                f"Cannot create the lock file {self.path}: {exc.strerror or exc}"
            ) from exc

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        try:
            handle.seek(0)
            handle.truncate()
            # Remove the file while still holding its lock: a process that opened it
            # meanwhile then finds, once it gets the lock, that the file it locked is no
            # longer the lock file, and starts again (see acquire).
            with contextlib.suppress(OSError):
                self.path.unlink()
            _unlock(handle)
        finally:
            handle.close()

    @property
    def held(self) -> bool:
        return self._handle is not None
