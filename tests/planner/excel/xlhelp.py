"""Helpers of the workbook tests: read workbooks with an independent reader, make small
workbooks and hostile files, and take a full dump of a plan to prove it unchanged."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import inspect, select

from planner.excel.columns import SHEETS
from planner.models import Base
from planner.plan import Plan


def read_values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cells as python-calamine reads them (not the reader the app imports
    with for its own checks, and not the writer): {sheet: rows}."""
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names
        }
    finally:
        workbook.close()


def dump(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: equal dumps mean equal data (versions included)."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with plan.read() as session:
        names = inspect(session.connection()).get_table_names()
        for table in Base.metadata.sorted_tables:
            if table.name in names:
                rows = session.execute(select(table)).all()
                tables[table.name] = sorted(tuple(r) for r in rows)
    return tables


def write_workbook(
    path: Path, sheets: dict[str, list[list[Any]]], merged: dict[str, list[str]] | None = None
) -> Path:
    """A small workbook as a planner would make it in Excel."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
        for cells in (merged or {}).get(title, []):
            ws.merge_cells(cells)
    workbook.save(path)
    return path


def headers(title: str) -> list[str]:
    return next(s.headers for s in SHEETS if s.title == title)


def zip_with(path: Path, parts: dict[str, bytes], level: int = 6) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def replace_part(source: Path, target: Path, part: str, data: bytes) -> Path:
    """A copy of a workbook with one part's content replaced."""
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in original.infolist():
            copy.writestr(info, data if info.filename == part else original.read(info))
    return target


def declare_size(path: Path, part: str, size: int) -> Path:
    """Make the central directory claim that ``part`` unpacks to ``size`` bytes (how a
    zip bomb looks from its directory, without building gigabytes here)."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + name_length] == name:
            data[at + 24 : at + 28] = struct.pack("<I", size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def ole2_file(path: Path, streams: list[str]) -> Path:
    """A file with the OLE2 compound-file signature and a directory naming ``streams``
    (UTF-16, as Office writes them): enough for the checks to tell what it is."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in streams
    )
    path.write_bytes(header + directory + b"\x00" * 1024)
    return path
