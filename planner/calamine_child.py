"""python-calamine in a child process, under memory and time limits (started by
planner.excel.reader; ``python -m planner.calamine_child``).

Why a child: python-calamine is native code that trusts numbers a file announces (how
many shared strings, how large a sheet) and aborts the whole process when an allocation
fails — no Python exception, nothing to catch. The checks of planner.excel.safety bound
what they know of, but a bound on every allocation of a native library, across its
versions, cannot be proven complete. So it runs here, where an abort, a memory limit or
the time limit ends only this process, and the window or command that asked is told
in one line.

Protocol: the parent writes one pickled request on stdin ({"path", "sheets", "memory",
"cpu", "parent", "max_cells"}); the child answers with frames (8-byte little-endian
length, then a pickle): ("sheet", title, rows, merged ranges, typed cells) for each sheet asked
for (dates and times taken out of the rows as numbers, see ``untyped``),
then ("done",); or ("error", kind, message) and stops. It imports nothing of planner
but this module, to start fast.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import struct
import sys
from typing import Any, BinaryIO


def _limit(request: dict[str, Any]) -> None:
    """Memory (address space) and CPU limits, no core dump, and death with the parent."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(request["cpu"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    # The whole process within the limit (its start, about 20 MB, included).
    limit = max(int(request["memory"]), _address_space() + 64 * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed if the parent dies
        if os.getppid() != request["parent"]:
            os._exit(3)  # the parent died before the line above


def _address_space() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 64 * 1024 * 1024


def _send(out: BinaryIO, frame: tuple[Any, ...]) -> None:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: a grid has no shared or cyclic objects; twice as fast
    pickler.dump(frame)
    data = buffer.getbuffer()
    out.write(struct.pack("<Q", len(data)))
    out.write(data)
    out.flush()


_PLAIN = (str, float, int, bool, type(None))


def untyped(rows: list[list[Any]]) -> list[tuple[int, int, int, tuple[int, ...]]]:
    """Take the dates, times and durations out of ``rows`` (they become None), as plain
    numbers: (row, column, kind, parts), kind 0 date, 1 datetime, 2 time, 3 timedelta.
    The frames then hold only built-in types, which the parent unpickles without
    looking up a single class (and refuses any)."""
    import datetime as dt

    found: list[tuple[int, int, int, tuple[int, ...]]] = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            kind = type(value)
            if kind in _PLAIN:
                continue
            row[c] = None
            if kind is dt.datetime:
                parts = (value.toordinal(), value.hour, value.minute, value.second)
                found.append((r, c, 1, (*parts, value.microsecond)))
            elif kind is dt.date:
                found.append((r, c, 0, (value.toordinal(),)))
            elif kind is dt.time:
                found.append((r, c, 2, (value.hour, value.minute, value.second, value.microsecond)))
            elif kind is dt.timedelta:
                found.append((r, c, 3, (value.days, value.seconds, value.microseconds)))
            else:
                row[c] = str(value)
    return found


def too_many(cells: int) -> str:
    return (
        f"its plan sheets hold more than {cells:,} cells together (rows × columns from A1); "
        "delete stray cells far below or to the right of the data, or split the workbook"
    )


def main() -> int:
    request: dict[str, Any] = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    _limit(request)
    try:
        try:
            workbook = CalamineWorkbook.from_path(request["path"])
        except PasswordError:
            _send(out, ("error", "password", "it is password-protected; remove the password"))
            return 0
        except (CalamineError, OSError, ValueError) as exc:
            _send(out, ("error", "unreadable", f"it cannot be read as a workbook ({exc})"))
            return 0
        try:
            known = set(workbook.sheet_names)
            budget = int(request["max_cells"])  # of all the sheets: the parent holds them all
            for title in request["sheets"]:
                if title not in known:
                    _send(out, ("error", "unreadable", f"the sheet {title} cannot be found"))
                    return 0
                try:
                    sheet = workbook.get_sheet_by_name(title)
                    rows = sheet.to_python(skip_empty_area=False)
                    merged = list(sheet.merged_cell_ranges or [])
                except CalamineError as exc:
                    _send(out, ("error", "unreadable", f"the sheet {title} cannot be read ({exc})"))
                    return 0
                budget -= len(rows) * max(map(len, rows), default=0)
                if budget < 0:
                    _send(out, ("error", "size", too_many(request["max_cells"])))
                    return 0
                typed = untyped(rows)
                _send(out, ("sheet", title, rows, [tuple(map(tuple, m)) for m in merged], typed))
                del rows, merged, sheet
        finally:
            workbook.close()
        _send(out, ("done",))
    except MemoryError:
        return 4  # past the memory limit: the parent sees no 'done', and the status
    except BrokenPipeError:
        return 5  # the parent stopped reading (it gave up, or was killed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
