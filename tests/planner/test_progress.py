"""A cancel that comes after the work is done (the final step) does not report it as
cancelled: the import or export it belongs to was committed or saved."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from planner.excel import import_workbook
from planner.models import Mission
from planner.plan import Plan
from planner.progress import Cancelled, Progress


def test_cancel_raises_at_the_next_step_but_not_at_the_final_one() -> None:
    progress = Progress()
    progress.step(1, 3)
    progress.cancel()
    with pytest.raises(Cancelled):
        progress.step(2, 3)
    with pytest.raises(Cancelled):
        progress.step(0, 0)  # unknown total: not a final step
    progress.step(3, 3, "Done")  # finished work stays finished


def test_an_import_cancelled_while_saving_is_reported_as_done(plan: Plan, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Missions"
    sheet.append(["Code*", "Name*"])
    sheet.append(["UNIFIL", "Lebanon"])
    path = tmp_path / "one.xlsx"
    book.save(path)

    def cancel_when_saving(done: int, total: int, text: str) -> None:
        if text.startswith("Saving"):
            progress.cancel()  # the planner clicks Cancel during the last write

    progress = Progress(cancel_when_saving)
    report = import_workbook(plan, path, progress)
    assert report.sheets["Missions"].created == 1
    with plan.read() as session:
        assert session.scalar(select(func.count()).select_from(Mission)) == 1
