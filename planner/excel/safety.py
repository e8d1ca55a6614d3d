"""Checks that a workbook from outside is safe to parse, done before any parser sees it.

Why each check exists:
- defusedxml: openpyxl parses XML with it when it is installed, which refuses entity
  expansion (billion laughs) and external entities. Without it we refuse every workbook.
- The zip is judged from its central directory first (entry count, sizes, compression
  ratios: no decompression), so a zip bomb is refused at once without using memory.
- python-calamine (the fast reader) builds each sheet as a dense rows × columns grid: a
  4 KB file with one cell in A1 and one in XFD1048576 makes it allocate 512 GB and abort
  the whole process. So the sheets it will read are scanned for their extent first.
- Files that are not .xlsx (an encrypted workbook, an .xls or a CSV renamed .xlsx, an
  .ods, a Word file) are named for what they are, with what to do about it.
"""

from __future__ import annotations

import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final
from xml.etree.ElementTree import Element

from planner.excel.errors import WorkbookError
from planner.excel.extent import Faults, cell_faults, sheet_extent
from planner.filekinds import NotRegularError, explain, open_regular

MAX_FILE_BYTES: Final = 200 * 1024 * 1024
MAX_ENTRIES: Final = 1000
MAX_ENTRY_BYTES: Final = 100 * 1024 * 1024  # uncompressed, per part
MAX_TOTAL_BYTES: Final = 300 * 1024 * 1024  # uncompressed, all parts
MAX_ENTRY_RATIO: Final = 200  # uncompressed / compressed, for parts over RATIO_FLOOR
MAX_TOTAL_RATIO: Final = 100
RATIO_FLOOR: Final = 1024 * 1024  # small parts may compress well; their size is harmless
MAX_SHEET_CELLS: Final = 5_000_000  # rows × columns of the grid a sheet is read into
MAX_TOTAL_CELLS: Final = 5_000_000  # of all the sheets read together: they are held at once
MAX_SHARED_STRINGS: Final = 5_000_000

OLE2_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES: Final = (b"PK\x03\x04", b"PK\x05\x06")
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_DOC_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")


def require_defusedxml() -> None:
    """Refuse to read workbooks unless openpyxl parses XML through defusedxml."""
    try:
        import defusedxml  # noqa: F401
        import openpyxl
    except ImportError:
        raise WorkbookError(
            "Reading workbooks needs the defusedxml package, which protects against "
            "hostile files; install it (pip install defusedxml) and try again."
        ) from None
    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise WorkbookError(
            "openpyxl is not using defusedxml, which protects against hostile files; "
            "reinstall defusedxml and openpyxl, then try again."
        )


@dataclass(frozen=True)
class WorkbookParts:
    """What the checks learnt: each sheet's name (workbook order) and its zip part, and
    the error cells and value-less formulas of the sheets to be read."""

    sheets: dict[str, str]
    faults: dict[str, Faults] = field(default_factory=dict)


def check_workbook(
    path: Path, *, scan: Callable[[str], bool] = lambda _name: True
) -> WorkbookParts:
    """Raise WorkbookError unless ``path`` is an .xlsx workbook safe to parse.

    ``scan(sheet_name)`` says which sheets will be read: their extent is checked, and
    their error cells and formulas without values are listed in ``faults``.
    """
    require_defusedxml()
    name = path.name
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        raise WorkbookError(f"There is no file {path}.") from None
    except NotRegularError as exc:
        if exc.kind == "a folder":
            raise WorkbookError(f"{path} is a folder, not a workbook.") from None
        raise WorkbookError(f"{path} is {exc.kind}, not a workbook; nothing was read.") from None
    except OSError as exc:
        raise WorkbookError(f"Cannot read {path}: {explain(exc, path)}.") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(8)
            if head.startswith(ZIP_SIGNATURES):
                _check_declared_entries(handle, size, name)
        except OSError as exc:
            raise WorkbookError(f"Cannot read {path}: {explain(exc, path)}.") from None
        if size == 0:
            raise WorkbookError(f"{name} is empty (0 bytes): it is not a workbook.")
        if size > MAX_FILE_BYTES:
            raise WorkbookError(
                f"{name} is {size // (1024 * 1024)} MB; workbooks over "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB are refused."
            )
        if not head.startswith(ZIP_SIGNATURES):
            raise WorkbookError(_explain_not_zip(path, head, handle))
        try:
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                infos = archive.infolist()
                _check_entries(infos, size, name)
                return _check_parts(archive, name, scan)
        except (zipfile.BadZipFile, zlib.error) as exc:
            raise WorkbookError(
                f"{name} is damaged: it is not a readable zip archive ({exc})."
            ) from None
        except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
            raise WorkbookError(f"{name} cannot be read as a workbook ({exc}).") from None
        except OSError as exc:
            raise WorkbookError(f"Cannot read {path}: {explain(exc, path)}.") from None


def _check_declared_entries(handle: BinaryIO, size: int, name: str) -> None:
    """Read the entry count from the end-of-central-directory record, so that a zip of a
    million tiny entries is refused before zipfile spends seconds listing them."""
    tail_size = min(size, 65_557)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return  # zipfile will say it is damaged
    (entries,) = struct.unpack("<H", tail[at + 10 : at + 12])
    if entries == 0xFFFF:  # ZIP64: the real count is in the ZIP64 record
        locator = tail.rfind(b"PK\x06\x07", 0, at)
        if locator >= 0:
            (record_at,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
            if record_at < size:
                handle.seek(record_at)
                record = handle.read(56)
                if record.startswith(b"PK\x06\x06") and len(record) >= 40:
                    (entries,) = struct.unpack("<Q", record[32:40])
    if entries > MAX_ENTRIES:
        raise WorkbookError(
            f"{name} holds {entries:,} files inside its zip; a workbook has far fewer "
            f"(at most {MAX_ENTRIES:,} accepted): refused as a possible zip bomb."
        )


def _check_entries(infos: list[zipfile.ZipInfo], size: int, name: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise WorkbookError(
            f"{name} holds {len(infos):,} files inside its zip (at most {MAX_ENTRIES:,} "
            "accepted): refused as a possible zip bomb."
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        if info.filename in seen:
            raise WorkbookError(f"{name} is damaged: the part {info.filename} appears twice.")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise WorkbookError(
                f"{name} has encrypted parts; remove the password in Excel and save it again."
            )
        total += info.file_size
        if info.file_size > MAX_ENTRY_BYTES:
            raise WorkbookError(
                f"{name}: the part {info.filename} would unpack to "
                f"{info.file_size // (1024 * 1024):,} MB (at most "
                f"{MAX_ENTRY_BYTES // (1024 * 1024)} MB accepted): refused as a possible "
                "zip bomb."
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_ENTRY_RATIO:
            raise WorkbookError(
                f"{name}: the part {info.filename} is compressed {ratio:,.0f} to 1 (at most "
                f"{MAX_ENTRY_RATIO} to 1 accepted): refused as a possible zip bomb."
            )
    if total > MAX_TOTAL_BYTES:
        raise WorkbookError(
            f"{name} would unpack to {total // (1024 * 1024):,} MB (at most "
            f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB accepted): refused as a possible zip bomb."
        )
    if total > 16 * RATIO_FLOOR and total / max(size, 1) > MAX_TOTAL_RATIO:
        raise WorkbookError(
            f"{name} is compressed {total / max(size, 1):,.0f} to 1 overall (at most "
            f"{MAX_TOTAL_RATIO} to 1 accepted): refused as a possible zip bomb."
        )


class _Parts:
    """The archive's part names as python-calamine looks them up: case-insensitively,
    with backslashes read as slashes."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.names = set(archive.namelist())
        self._folded: dict[str, str] = {}
        for part in archive.namelist():
            self._folded[part.replace("\\", "/").lower()] = part

    def find(self, wanted: str) -> str | None:
        if wanted in self.names:
            return wanted
        return self._folded.get(wanted.lower())


def _check_parts(archive: zipfile.ZipFile, name: str, scan: Callable[[str], bool]) -> WorkbookParts:
    parts = _Parts(archive)
    # The structural parts are parsed with defusedxml (it refuses DTDs and entities);
    # every other XML part, left to the fast reader, gets the prolog check.
    workbook_part = _office_document(archive, parts, name)
    sheets = _sheet_parts(archive, workbook_part, parts, name)
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _check_prolog(archive, info, name)
    _check_shared_strings(archive, posixpath.dirname(workbook_part), parts, name)
    faults: dict[str, Faults] = {}
    for sheet_name, candidates in sheets.items():
        if not scan(sheet_name):
            continue
        for part in candidates:
            data = _part_bytes(archive, part)
            rows, columns = sheet_extent(data)
            if rows * columns > MAX_SHEET_CELLS:
                raise WorkbookError(
                    f"{name}: the sheet {sheet_name} spans {rows:,} rows × {columns:,} "
                    f"columns (at most {MAX_SHEET_CELLS:,} cells are read); delete the stray "
                    "cells far below or to the right of the data and save again."
                )
            _check_dimension(data, sheet_name, name)
            found = cell_faults(data)
            if found.cells:
                faults[sheet_name] = found
    return WorkbookParts({title: found[0] for title, found in sheets.items()}, faults)


_SST_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst\b([^>]*)>")
_COUNT_ATTR = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?(uniqueCount|count)\s*=\s*["']\s*(\d+)""")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']*)")
_AREA_REF = re.compile(rb"\$?([A-Za-z]+)\$?([0-9]+)")


def _check_shared_strings(archive: zipfile.ZipFile, folder: str, parts: _Parts, name: str) -> None:
    """python-calamine reserves room for as many shared strings as the part announces
    (``uniqueCount``) before reading one: a part announcing a trillion aborts the
    process. The count must fit the part: each string takes at least 5 bytes (<si/>)."""
    part = parts.find(posixpath.join(folder, "sharedStrings.xml"))
    if part is None:
        return
    info = archive.getinfo(part)
    with archive.open(info) as stream:
        head = stream.read(65536)
    start = _SST_START.search(head)
    if start is None:
        return
    limit = min(info.file_size // 5 + 1, MAX_SHARED_STRINGS)
    for match in _COUNT_ATTR.finditer(start.group(1)):
        announced = int(match.group(2)[:20])
        if match.group(1) == b"uniqueCount" and announced > limit:
            raise WorkbookError(
                f"{name}: its shared strings announce {announced:,} strings, more than the "
                f"part can hold ({limit:,}); the file is damaged or crafted and was refused."
            )


def _check_dimension(data: bytes, sheet_name: str, name: str) -> None:
    """A sheet's declared size (<dimension ref="A1:XFD1048576"/>), which a reader may use
    to reserve its grid, is held to the same bound as the cells themselves."""
    match = _DIMENSION.search(data, 0, 65536)
    if match is None:
        return
    corners = _AREA_REF.findall(match.group(1))
    if len(corners) != 2:
        return
    (left, top), (right, bottom) = corners
    rows = abs(int(bottom[:9]) - int(top[:9])) + 1
    columns = abs(_column_number(right[:8]) - _column_number(left[:8])) + 1
    if rows * columns > MAX_SHEET_CELLS:
        raise WorkbookError(
            f"{name}: the sheet {sheet_name} declares a size of {rows:,} rows × {columns:,} "
            f"columns (at most {MAX_SHEET_CELLS:,} cells are read); delete the stray cells "
            "far below or to the right of the data and save again."
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + (byte - 64)
    return number


def _part_bytes(archive: zipfile.ZipFile, part: str) -> bytes:
    """A part's content (at most MAX_ENTRY_BYTES + 1 bytes), inflated in one call
    straight from the file: zipfile's reader took twice as long on a 36 MB sheet (it
    inflates in pieces, joins them and checks the CRC, which the scan does not need).
    Parts stored in another way go through zipfile."""
    info = archive.getinfo(part)
    handle = archive.fp
    deflated = info.compress_type == zipfile.ZIP_DEFLATED
    if handle is None or info.flag_bits & 0x1 or not (deflated or info.compress_type == 0):
        with archive.open(info) as stream:
            return stream.read(MAX_ENTRY_BYTES + 1)
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) != 30 or not header.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile(f"the part {part} has no local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    # The compressed size comes from the central directory, as zipfile's reader takes it.
    data = handle.read(min(info.compress_size, MAX_ENTRY_BYTES + 1))
    if not deflated:
        return data
    try:
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(data, MAX_ENTRY_BYTES + 1)
    except zlib.error as exc:
        raise zipfile.BadZipFile(f"the part {part} cannot be inflated ({exc})") from None


def _local(tag: str) -> str:
    """An element's or attribute's name without its namespace ({uri}name or prefix:name)."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _relationships(root: Element) -> list[Element]:
    """Relationship elements, whatever namespace (or none) the part spells them in: the
    fast reader matches them by their local name alone."""
    return [element for element in root.iter() if _local(element.tag) == "Relationship"]


def _office_document(archive: zipfile.ZipFile, parts: _Parts, name: str) -> str:
    """The workbook part named by the package relationships, or an explanation of what
    the zip is instead."""
    names = parts.names
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        if "spreadsheet" in mimetype:
            raise WorkbookError(
                f"{name} is an OpenDocument spreadsheet (.ods); open it and save it as "
                "Excel Workbook (.xlsx)."
            )
        raise WorkbookError(f"{name} is an OpenDocument file ({mimetype}), not a workbook.")
    target = ""
    package_rels = parts.find("_rels/.rels")
    if package_rels is not None:
        root = _parse(archive, package_rels, name)
        for rel in _relationships(root):
            if rel.get("Type", "").endswith("/officeDocument"):
                target = rel.get("Target", "").lstrip("/")
    if target.endswith(".bin") or parts.find("xl/workbook.bin"):
        raise WorkbookError(
            f"{name} is an Excel binary workbook (.xlsb); save it as Excel Workbook (.xlsx)."
        )
    found = parts.find(target) if target else None
    if found is None:
        found = parts.find("xl/workbook.xml")
    if found is None:
        if "word/document.xml" in names:
            raise WorkbookError(f"{name} is a Word document, not an Excel workbook.")
        if "ppt/presentation.xml" in names:
            raise WorkbookError(f"{name} is a PowerPoint presentation, not an Excel workbook.")
        raise WorkbookError(f"{name} is a zip archive but not an Excel workbook (.xlsx).")
    return found


def _sheet_parts(
    archive: zipfile.ZipFile, workbook_part: str, parts: _Parts, name: str
) -> dict[str, list[str]]:
    """Each sheet's name and the parts a reader might take for it, in workbook order.

    Read as permissively as python-calamine reads them: any element whose local name
    is "sheet", in any namespace or none, with its relationship id in any attribute
    whose local name is "id"; a target as written after the workbook's folder, and
    also normalised. A sheet the checks would not see is a sheet they cannot bound.
    """
    root = _parse(archive, workbook_part, name)
    folder, base = posixpath.split(workbook_part)
    targets: dict[str, list[str]] = {}
    rels_part = parts.find(posixpath.join(folder, "_rels", base + ".rels"))
    if rels_part is not None:
        for rel in _relationships(_parse(archive, rels_part, name)):
            target = rel.get("Target", "")
            if target.startswith("/"):
                spellings = [target.lstrip("/")]
            else:
                joined = f"{folder}/{target}" if folder else target
                spellings = [joined, posixpath.normpath(joined)]
            found = [part for part in map(parts.find, spellings) if part is not None]
            targets[rel.get("Id", "")] = list(dict.fromkeys(found))
    sheets: dict[str, list[str]] = {}
    for sheet in root.iter():
        if _local(sheet.tag) != "sheet":
            continue
        ids = [value for key, value in sheet.attrib.items() if _local(key) == "id"]
        found = [part for rel_id in ids for part in targets.get(rel_id, [])]
        if found:
            title = sheet.get("name", "")
            sheets.setdefault(title, [])
            sheets[title].extend(part for part in found if part not in sheets[title])
    return sheets


def _parse(archive: zipfile.ZipFile, part: str, name: str) -> Element:
    """Parse a small structural part with defusedxml: any DTD or entity is refused."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    data = archive.read(part)
    try:
        return fromstring(data, forbid_dtd=True)  # type: ignore[no-any-return]
    except DefusedXmlException as exc:
        raise WorkbookError(_hostile_xml(name, part, type(exc).__name__)) from None
    except ParseError as exc:
        raise WorkbookError(
            f"{name} is damaged: the part {part} is not valid XML ({exc})."
        ) from None


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Refuse a DTD in any XML part (Excel never writes one; it is how billion-laughs and
    external-entity attacks start) and XML not in UTF-8 (where the check could not see it).

    A DTD may only stand before the first element, so only the prolog is read.
    """
    with archive.open(info) as stream:
        head = stream.read(4096)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
            raise WorkbookError(
                f"{name}: the part {info.filename} is not UTF-8 XML as Excel writes it; refused."
            )
        prolog = head
        while _ELEMENT_START.search(prolog) is None:
            more = stream.read(65536)
            if not more:
                break
            prolog += more
            if len(prolog) > MAX_ENTRY_BYTES:
                break
    match = _ELEMENT_START.search(prolog)
    before = prolog[: match.start()] if match else prolog
    if b"<!DOCTYPE" in before or b"<!ENTITY" in before:
        raise WorkbookError(_hostile_xml(name, info.filename, "DTD"))


def _hostile_xml(name: str, part: str, kind: str) -> str:
    return (
        f"{name}: the part {part} declares XML entities or a document type ({kind}), which "
        "Excel never writes; it may be a 'billion laughs' attack and was refused."
    )


def _explain_not_zip(path: Path, head: bytes, handle: BinaryIO) -> str:
    name = path.name
    if head.startswith(OLE2_SIGNATURE):
        return _explain_ole2(path, handle)
    if head.startswith(b"%PDF"):
        return f"{name} is a PDF document, not an Excel workbook."
    handle.seek(0)
    sample = handle.read(65536)
    text = _as_text(sample)
    if text is None:
        return f"{name} is not an Excel workbook (.xlsx): it is not even a zip archive."
    lowered = text.lstrip().lower()
    if lowered.startswith(("<html", "<!doctype html", "<table", "<?xml")):
        return (
            f"{name} is a web page or XML file named like a workbook; open it in Excel "
            "and save it as Excel Workbook (.xlsx)."
        )
    first = text.splitlines()[0] if text.splitlines() else ""
    if any(sep in first for sep in (",", ";", "\t")):
        return (
            f"{name} is a CSV text file, not an Excel workbook; open it in Excel and save it "
            "as Excel Workbook (.xlsx), then import that file."
        )
    return f"{name} is a text file, not an Excel workbook (.xlsx)."


def _as_text(sample: bytes) -> str | None:
    if b"\x00" in sample:
        return None
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return sample.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _explain_ole2(path: Path, handle: BinaryIO) -> str:
    """An OLE2 compound file is either an encrypted .xlsx or an old binary .xls: its
    directory names its streams (in UTF-16), which tells them apart."""
    name = path.name
    found = _find_utf16(handle, ("EncryptedPackage", "EncryptionInfo", "Workbook", "Book"))
    if "EncryptedPackage" in found or "EncryptionInfo" in found:
        return (
            f"{name} is password-protected (encrypted); open it in Excel, remove the password "
            "(File › Info › Protect Workbook › Encrypt with Password), save, and import again."
        )
    if "Workbook" in found or "Book" in found:
        return (
            f"{name} is an Excel 97-2003 workbook (.xls), not .xlsx; open it in Excel and save "
            "it as Excel Workbook (.xlsx)."
        )
    return (
        f"{name} is an old Office binary file (OLE2), not an .xlsx workbook: a password-"
        "protected workbook or an .xls. Open it in Excel and save it as Excel Workbook (.xlsx) "
        "without a password."
    )


def _find_utf16(handle: BinaryIO, words: Iterable[str]) -> set[str]:
    needles = {word: word.encode("utf-16-le") for word in words}
    found: set[str] = set()
    handle.seek(0)
    carry = b""
    read = 0
    while read < MAX_FILE_BYTES:
        chunk = handle.read(1 << 20)
        if not chunk:
            break
        read += len(chunk)
        window = carry + chunk
        found.update(word for word, needle in needles.items() if needle in window)
        carry = window[-64:]
    return found
