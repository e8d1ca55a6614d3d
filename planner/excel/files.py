"""Saving a workbook so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
from pathlib import Path

from openpyxl import Workbook

from planner import atomic
from planner.excel.errors import WorkbookError
from planner.filekinds import explain, kind_of

# Write-only sheets spool to temporary files: in a private folder, never the system's.
atomic.keep_openpyxl_temporaries_private()


def check_target(path: Path) -> Path:
    """Refuse a place a workbook cannot be written to, before any work is done."""
    path = Path(path)
    if path.is_dir():
        raise WorkbookError(f"{path} is a folder; give a file name for the workbook.")
    if not path.parent.is_dir():
        raise WorkbookError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    try:
        kind = kind_of(path.lstat().st_mode)
    except FileNotFoundError:
        kind = None
    except OSError as exc:
        raise WorkbookError(f"Cannot write {path}: {explain(exc, path)}.") from None
    if kind is not None:
        # Replacing a pipe, a device, a socket or a link with a workbook would change what
        # it is; writing through a link would write a file elsewhere.
        raise WorkbookError(f"Cannot write {path}: it is {kind}, not a file.")
    return path


def save_atomically(workbook: Workbook, path: Path) -> None:
    """Save to a temporary file beside ``path``, then move it into place in one step
    (planner.atomic: a killed or failing save leaves the old file or none)."""
    try:
        path = check_target(path)
    except WorkbookError:
        discard(workbook)
        raise
    try:
        atomic.write_file(path, workbook.save)
    except atomic.AtomicWriteError as exc:
        raise WorkbookError(f"Cannot write {path}: {exc}.") from None
    except PermissionError:
        raise WorkbookError(
            f"Cannot write {path}: it is open in another program (Excel?) or read-only; "
            "close it and try again."
        ) from None
    except OSError as exc:
        raise WorkbookError(f"Cannot write {path}: {explain(exc, path)}.") from None
    finally:
        discard(workbook)


def discard(workbook: Workbook) -> None:
    """Close the streams of write-only sheets of a workbook that will not be saved."""
    for sheet in workbook.worksheets:
        close = getattr(sheet, "close", None)
        if close is not None and not getattr(sheet, "closed", True):
            # Best effort, on a path that is already failing.
            with contextlib.suppress(Exception):
                close()
