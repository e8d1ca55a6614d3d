"""Saving a workbook so that a failure never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook

from planner.excel.errors import WorkbookError


def save_atomically(workbook: Workbook, path: Path) -> None:
    """Save to a temporary file beside ``path``, then move it into place in one step."""
    path = Path(path)
    if path.is_dir():
        raise WorkbookError(f"{path} is a folder; give a file name for the workbook.")
    if not path.parent.is_dir():
        raise WorkbookError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.stem}-", suffix=".xlsx.part", dir=path.parent
        )
        os.close(handle)
    except OSError as exc:
        raise WorkbookError(f"Cannot write in {path.parent}: {exc.strerror or exc}.") from None
    try:
        workbook.save(temporary)
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
