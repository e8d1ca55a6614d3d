"""What a path really is, and an operating-system error said in one plain line.

A plan, a workbook or a lock is only ever read or written as a regular file. Anything
else at the path — a folder, a named pipe (reading it waits forever), a device, a socket,
a loop of symbolic links — is named for what it is before anything opens it, and the file
is opened without blocking and checked again once open (it may have been swapped).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Final

_KINDS: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)
# Flags that make open() safe on whatever the path turns out to be: never wait on a pipe,
# never take a terminal as the controlling one, never leak into a child process.
SAFE_OPEN: Final = os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


def kind_of(mode: int) -> str | None:
    """What a non-regular file is ("a folder", "a named pipe (FIFO)" …); None if regular."""
    if stat.S_ISREG(mode):
        return None
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def shown_path(path: object) -> str:
    """A path for a message: an over-long one is cut in the middle."""
    text = str(path)
    return text if len(text) <= 200 else f"{text[:90]}…{text[-90:]}"


def explain(exc: OSError, path: object, *, doing: str = "") -> str:
    """One line for ``exc`` raised while ``doing`` something with ``path``."""
    where = shown_path(path)
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        folder = shown_path(Path(str(path)).parent)
        what = "no space left" if code == errno.ENOSPC else "the disk quota is used up"
        return f"{what} on the disk holding {folder}{_while(doing)}; free some space and try again"
    if code == errno.ENAMETOOLONG:
        return f"the path {where} is too long for the file system"
    if code == errno.ELOOP:
        return f"{where} is a loop of symbolic links"
    if code in (errno.EACCES, errno.EPERM):
        return f"permission denied: {where}{_while(doing)}"
    if code == errno.EROFS:
        return f"{where} is on a read-only disk{_while(doing)}"
    if code == errno.ENOENT:
        return f"there is no file or folder {where}"
    if code == errno.ENOTDIR:
        return f"a part of the path {where} is not a folder"
    if code == errno.EISDIR:
        return f"{where} is a folder"
    return f"{exc.strerror or exc}: {where}{_while(doing)}"


def nearly_full(path: object) -> bool:
    """Whether the disk holding ``path`` (a file or a folder) has less than 1 MB free.
    SQLite says "disk I/O error" when it cannot grow a journal on a full disk: this
    tells that apart from a failing disk."""
    where = Path(str(path))
    for folder in (where, *where.parents):
        try:
            info = os.statvfs(folder)
        except OSError:
            continue
        return info.f_bavail * info.f_frsize < 1024 * 1024
    return False


def explain_database_error(exc: BaseException, path: object) -> str | None:
    """The no-space line for a SQLite error on a full disk; None for other errors."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "full" in text or (("i/o error" in text or "ioerr" in text) and nearly_full(path)):
        return explain(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), path)
    return None


def _while(doing: str) -> str:
    return f" (while {doing})" if doing else ""


def open_regular(path: Path, flags: int = os.O_RDONLY, *, follow: bool = True) -> int:
    """An fd of the regular file ``path``; OSError for what cannot be opened, or
    NotRegularError naming what the path is instead."""
    fd = os.open(path, flags | SAFE_OPEN | (0 if follow else NOFOLLOW))
    try:
        kind = kind_of(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegularError(path, kind)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


class NotRegularError(OSError):
    """The path is there but is not a regular file (``kind`` says what it is)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"{shown_path(path)} is {kind}, not a file")
        self.path = path
        self.kind = kind
