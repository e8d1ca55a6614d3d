"""Saving a workbook so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook

from planner.excel.errors import WorkbookError


def check_target(path: Path) -> Path:
    """Refuse a place a workbook cannot be written to, before any work is done."""
    path = Path(path)
    if path.is_dir():
        raise WorkbookError(f"{path} is a folder; give a file name for the workbook.")
    if not path.parent.is_dir():
        raise WorkbookError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    return path


def save_atomically(workbook: Workbook, path: Path) -> None:
    """Save to a temporary file beside ``path``, then move it into place in one step."""
    try:
        path = check_target(path)
    except WorkbookError:
        discard(workbook)
        raise
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.stem}-", suffix=".xlsx.part", dir=path.parent
        )
        os.close(handle)
    except OSError as exc:
        discard(workbook)
        raise WorkbookError(f"Cannot write in {path.parent}: {exc.strerror or exc}.") from None
    try:
        workbook.save(temporary)
        # mkstemp makes the file private; a workbook is a document like any other.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except PermissionError:
        raise WorkbookError(
            f"Cannot write {path}: it is open in another program (Excel?) or read-only; "
            "close it and try again."
        ) from None
    except OSError as exc:
        raise WorkbookError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def discard(workbook: Workbook) -> None:
    """Close the streams of write-only sheets of a workbook that will not be saved."""
    for sheet in workbook.worksheets:
        close = getattr(sheet, "close", None)
        if close is not None and not getattr(sheet, "closed", True):
            # Best effort, on a path that is already failing.
            with contextlib.suppress(Exception):
                close()
