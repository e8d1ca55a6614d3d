"""Files created or replaced in one step: a killed or failing writer leaves the old file
or none at the target, never a part of one.

Every file the planner makes (a new plan, a workbook, a backup) is written to a
temporary file beside its target (same folder, so same disk) and moved into place with
``os.replace`` after ``fsync`` — or, where nothing may be overwritten (a backup), linked
into place, which fails if the name was taken meanwhile. The temporary file is named
``.<target>~<random>.planner-tmp``, created exclusively (never through a link) and held
under an advisory lock for as long as its writer lives. A writer that is killed leaves
it unlocked, and the next writer in that folder removes it: ``sweep`` removes exactly the
temporary files whose lock nobody holds, with their SQLite companions (-wal, -shm,
-journal).

openpyxl's write-only sheets spool to temporary files of their own, in the system's
temporary folder and removed only at exit: a killed export left the plan's data there
(113 MB after six kills). ``keep_openpyxl_temporaries_private`` sends them to a private
folder (mode 700) of this process under the user's cache folder, locked like the files
above, removed at exit, and removed by a later run if the process was killed.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import secrets
import shutil
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from planner.filekinds import NOFOLLOW, SAFE_OPEN, explain, kind_of

if TYPE_CHECKING:
    from typing_extensions import Buffer

TEMP_SUFFIX: Final = ".planner-tmp"
COMPANIONS: Final = ("-wal", "-shm", "-journal")
_NAME_ROOM: Final = 100  # characters of the target's name kept in a temporary file's name

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only

    def _lock(fd: int, *, wait: bool) -> bool:
        return True  # Windows keeps an open file from being removed: nothing to sweep

else:
    import fcntl

    def _lock(fd: int, *, wait: bool) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True


class AtomicWriteError(OSError):
    """The file could not be written; ``message`` says why in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name[:_NAME_ROOM]}~{secrets.token_hex(6)}{TEMP_SUFFIX}")


def _is_temporary(name: str) -> bool:
    return name.startswith(".") and "~" in name and name.endswith(TEMP_SUFFIX)


class Staged:
    """A temporary file beside ``target``, locked while it is written; ``commit`` moves it
    into place."""

    def __init__(self, target: Path, path: Path, fd: int, *, overwrite: bool) -> None:
        self.target = target
        self.path = path
        self._fd = fd
        self._overwrite = overwrite
        self.committed = False

    def commit(self) -> None:
        """fsync the file, then move it into place (``overwrite``) or link it there (the
        name must still be free), then fsync the folder."""
        target = self.target
        try:
            os.fsync(self._fd)
            with contextlib.suppress(OSError):  # keep the mode of the file it replaces
                os.chmod(self.path, stat.S_IMODE(os.stat(target).st_mode))
            if self._overwrite:
                os.replace(self.path, target)
            else:
                _link_into_place(self.path, target)
            self.committed = True
            for leftover in companions(self.path):  # an empty journal a reader left
                with contextlib.suppress(OSError):
                    leftover.unlink()
            sync_folder(target.parent)
        except FileExistsError:
            raise AtomicWriteError(f"{target} already exists; nothing was overwritten") from None
        except OSError as exc:
            raise AtomicWriteError(explain(exc, target, doing="moving it into place")) from None

    def discard(self) -> None:
        for leftover in (self.path, *companions(self.path)):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


def companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in COMPANIONS]


def _link_into_place(temporary: Path, target: Path) -> None:
    try:
        os.link(temporary, target)  # fails with FileExistsError if the name was taken
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: the name was free a moment ago.
        if os.path.lexists(target):
            raise FileExistsError(str(target)) from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so that a rename in it survives a power cut (POSIX only)."""
    if sys.platform == "win32":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY | SAFE_OPEN)
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder; the rename still happened
        pass
    finally:
        os.close(fd)


def create_temporary(target: Path, *, mode: int = 0o666) -> tuple[Path, int]:
    """A new temporary file beside ``target``, locked, as (path, fd)."""
    for _attempt in range(5):
        path = temporary_name(target)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW | SAFE_OPEN, mode)
        os.set_blocking(fd, True)
        _lock(fd, wait=True)  # a sweeper holding it is about to remove it: then try again
        try:
            if os.path.samestat(os.fstat(fd), os.lstat(path)):
                return path, fd
        except FileNotFoundError:
            pass
        os.close(fd)
    raise AtomicWriteError(f"Could not create a temporary file beside {target}; try again")


@contextlib.contextmanager
def staged(target: Path, *, overwrite: bool = True) -> Iterator[Staged]:
    """A temporary file beside ``target`` for the block to write (by ``.path``); the
    block calls ``commit()``. On any error, or without a commit, it is removed."""
    target = Path(target)
    sweep(target.parent)
    try:
        path, fd = create_temporary(target)
    except OSError as exc:
        if isinstance(exc, AtomicWriteError):
            raise
        raise AtomicWriteError(explain(exc, target, doing="creating a temporary file")) from None
    stage = Staged(target, path, fd, overwrite=overwrite)
    try:
        yield stage
    finally:
        if not stage.committed:
            stage.discard()
        stage.close()


def write_file(target: Path, write: Callable[[IO[bytes]], None], *, overwrite: bool = True) -> None:
    """Write ``target`` in one step through ``write(handle)``.

    The handle turns every write after the first failure into a no-op: a library that
    failed half-way (openpyxl's zip file) then tries to finish the file when it is
    garbage-collected, and would print an "Exception ignored" traceback on a full disk.
    """
    with staged(target, overwrite=overwrite) as stage:
        sink = _Sink(os.dup(stage._fd))
        handle = io.BufferedRandom(sink, buffer_size=1 << 20)
        try:
            write(handle)
            handle.flush()
        except BaseException:
            # Left open: the writer's objects still hold it and will finish with it (into
            # nothing) when they are collected, then it closes itself, quietly.
            sink.failed = True
            raise
        handle.close()
        stage.commit()


class _Sink(io.RawIOBase):
    """The temporary file's descriptor as a raw stream; after ``failed``, writes go
    nowhere. Not a FileIO: one left to the garbage collector after a failure closes
    without a ResourceWarning (the writer could not close it; nothing is lost)."""

    failed = False

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def readinto(self, buffer: Buffer) -> int:
        view = memoryview(buffer).cast("B")
        data = os.read(self._fd, len(view))
        view[: len(data)] = data
        return len(data)

    def write(self, data: Buffer) -> int:
        size = memoryview(data).nbytes
        if self.failed:
            return size
        try:
            return os.write(self._fd, data)
        except OSError:
            self.failed = True
            raise

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return os.lseek(self._fd, offset, whence)

    def tell(self) -> int:
        return os.lseek(self._fd, 0, os.SEEK_CUR)

    def truncate(self, size: int | None = None) -> int:
        size = self.tell() if size is None else size
        if not self.failed:
            os.ftruncate(self._fd, size)
        return size

    def close(self) -> None:
        if not self.closed:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        super().close()


def sweep(folder: Path) -> None:
    """Remove the temporary files in ``folder`` left by writers that died."""
    if sys.platform == "win32":  # pragma: no cover
        return
    try:
        names = {entry.name for entry in os.scandir(folder) if entry.name.startswith(".")}
    except OSError:
        return
    for name in names:
        if _is_temporary(name):
            _remove_if_stale(folder / name)
    for name in names:
        for suffix in COMPANIONS:
            main = name[: -len(suffix)]
            if name.endswith(suffix) and _is_temporary(main) and not (folder / main).exists():
                with contextlib.suppress(OSError):
                    (folder / name).unlink()


def _remove_if_stale(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | SAFE_OPEN)
    except OSError:
        return
    try:
        info = os.fstat(fd)
        if kind_of(info.st_mode) is not None or info.st_uid != os.geteuid():
            return
        if _lock(fd, wait=False):
            for leftover in (path, *companions(path)):
                with contextlib.suppress(OSError):
                    leftover.unlink()
    finally:
        os.close(fd)


def check_private_folder(folder: Path, *, what: str) -> None:
    """Refuse a folder that is a symbolic link, not a folder, or another user's."""
    try:
        info = os.lstat(folder)
    except OSError as exc:
        raise AtomicWriteError(explain(exc, folder)) from None
    if stat.S_ISLNK(info.st_mode):
        raise AtomicWriteError(f"The {what} {folder} is a symbolic link; refused")
    kind = kind_of(info.st_mode)
    if kind != "a folder":
        raise AtomicWriteError(f"The {what} {folder} is {kind or 'a file'}, not a folder")
    if sys.platform != "win32" and info.st_uid != os.geteuid():
        raise AtomicWriteError(
            f"The {what} {folder} belongs to another user (uid {info.st_uid}); refused"
        )


def make_private_folder(folder: Path, *, what: str, mode: int = 0o700) -> Path:
    """``folder`` created if needed (with ``mode``) and checked by check_private_folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=mode)
    except OSError as exc:
        raise AtomicWriteError(explain(exc, folder, doing=f"creating the {what}")) from None
    check_private_folder(folder, what=what)
    return folder


# --- openpyxl's own temporary files --------------------------------------------------

_private: Path | None = None
_private_made = threading.Lock()
_STALE_NEW_SECONDS: Final = 3600  # a folder still being set up, left by a killed process


def private_temp_folder() -> Path:
    """This process's private folder for temporary files (made on first use)."""
    global _private
    with _private_made:
        if _private is None or not _private.is_dir():
            from platformdirs import user_cache_dir

            from planner.plan import APP_NAME

            base = make_private_folder(
                Path(user_cache_dir(APP_NAME, appauthor=False)) / "tmp",
                what="folder for temporary files",
            )
            _sweep_private(base)
            _private = _new_private(base)
            atexit.register(shutil.rmtree, _private, True)
        return _private


def _new_private(base: Path) -> Path:
    token = f"{os.getpid()}-{secrets.token_hex(6)}"
    building = base / f".new-{token}"
    os.mkdir(building, 0o700)
    held = os.open(building / ".held", os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
    _lock(held, wait=True)  # held until the process ends; the descriptor is never closed
    folder = base / token
    os.rename(building, folder)
    return folder


def _sweep_private(base: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
        return
    with contextlib.suppress(OSError):
        for entry in os.scandir(base):
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.name.startswith(".new-"):
                if time.time() - entry.stat(follow_symlinks=False).st_mtime > _STALE_NEW_SECONDS:
                    shutil.rmtree(entry.path, ignore_errors=True)
                continue
            try:
                fd = os.open(Path(entry.path, ".held"), os.O_RDONLY | NOFOLLOW | SAFE_OPEN)
            except FileNotFoundError:
                shutil.rmtree(entry.path, ignore_errors=True)
                continue
            except OSError:
                continue
            try:
                if _lock(fd, wait=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
            finally:
                os.close(fd)


def keep_openpyxl_temporaries_private() -> None:
    """Make openpyxl's write-only sheets spool into private_temp_folder()."""
    import tempfile

    from openpyxl.worksheet import _writer

    if getattr(_writer.create_temporary_file, "planner_private", False):
        return

    def create_temporary_file(suffix: str = "") -> str:
        fd, name = tempfile.mkstemp(suffix=suffix, prefix="openpyxl.", dir=private_temp_folder())
        os.close(fd)
        _writer.ALL_TEMP_FILES.append(name)
        return name

    create_temporary_file.planner_private = True  # type: ignore[attr-defined]
    _writer.create_temporary_file = create_temporary_file
