"""Benchmarks of the plan workbook (issue 4); a plain script, not collected by pytest.

    /work/venv/bin/python tests/bench/bench_excel.py [--people 10000] [--assignments 40000]
                                                     [--repeat 3] [--no-openpyxl-read]

Builds a synthetic plan, then measures, each as the best of --repeat runs:
- import of its workbook into an empty plan, and the same import again (nothing changes),
  against a bare python-calamine read of the same cells (≤ 2×), the reader the import
  uses; each import run alternates with a bare read, so that a busy machine slows both
  alike. The bare read is timed as a plain program runs it (the cycle collector on) and,
  for reference, with the collector paused as the import pauses it;
- a bare openpyxl read-only read of the same cells, for comparison (once);
- export of the whole plan vs a bare openpyxl write-only dump of the same cells (≤ 1.3×);
- export of a 500-person roster (< 0.5 s), with the full check the command line runs and
  with the findings the window already holds;
- how long refusing hostile files takes (a zip bomb: well under a second);
- peak memory (max RSS) of an import and of an export, each in a fresh process (< 300 MB).
It ends with a summary of every figure against its target.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from big_roster import ROSTER_SIZE, add_big_rotation
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from planner.demo.synthetic import build_synthetic_plan
from planner.excel import export_plan, export_roster, import_workbook
from planner.excel.columns import SHEETS
from planner.excel.records import key_names, load_records, sort_key
from planner.plan import Plan, open_plan


def best(repeat: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def same_cells(plan: Plan) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The cells the export writes, as plain values (loaded before any timing)."""
    with plan.read() as session:
        names = key_names(session)
        out = []
        for sheet in SHEETS:
            records = load_records(session, sheet, names)
            records.sort(key=sort_key(sheet))
            rows = [[None if v == "" else v for v in r.values] for r in records]
            out.append((sheet.title, sheet.headers, rows))
    return out


def bare_dump(cells: list[tuple[str, list[str], list[list[Any]]]], path: Path) -> None:
    workbook = Workbook(write_only=True)
    for title, header, rows in cells:
        ws = workbook.create_sheet(title)
        ws.append(header)
        for row in rows:
            ws.append(row)
    workbook.save(path)


def calamine_read(path: Path) -> int:
    workbook = CalamineWorkbook.from_path(str(path))
    return sum(len(workbook.get_sheet_by_name(n).to_python()) for n in workbook.sheet_names)


def cell_count(path: Path) -> int:
    workbook = CalamineWorkbook.from_path(str(path))
    grids = [workbook.get_sheet_by_name(n).to_python() for n in workbook.sheet_names]
    return sum(len(grid) * len(grid[0]) for grid in grids if grid)


def calamine_read_paused(path: Path) -> int:
    """The bare read with the cycle collector paused, as the import runs."""
    gc.disable()
    try:
        return calamine_read(path)
    finally:
        gc.enable()


def calamine_rows(path: Path, sheet: str) -> list[list[Any]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return workbook.get_sheet_by_name(sheet).to_python()


def openpyxl_read(path: Path) -> int:
    workbook = load_workbook(path, read_only=True)
    count = sum(1 for ws in workbook.worksheets for _ in ws.iter_rows(values_only=True))
    workbook.close()
    return count


def fresh_plan(folder: Path, name: str) -> Plan:
    for suffix in ("", "-wal", "-shm"):
        (folder / f"{name}{suffix}").unlink(missing_ok=True)
    return open_plan(folder / name, create=True)


def high_water_mb() -> float:
    """Peak resident memory of this process so far (MB). /proc's VmHWM starts afresh at
    exec; ru_maxrss would also count the parent's memory at fork time."""
    try:
        for text in Path("/proc/self/status").read_text().splitlines():
            if text.startswith("VmHWM:"):
                return int(text.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, source: str, target: str) -> None:
    """Run one import or export in this fresh process and print its peak memory (MB)."""
    before = high_water_mb()
    if mode == "import":
        with open_plan(target, create=True) as plan:
            import_workbook(plan, Path(source))
    else:
        with open_plan(source) as plan:
            export_plan(plan, Path(target))
    print(json.dumps({"before_mb": before, "peak_mb": high_water_mb()}))


def peak_memory(mode: str, source: Path, target: Path) -> dict[str, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(source), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _refused(plan: Plan, path: Path) -> None:
    from planner.excel import WorkbookError

    try:
        import_workbook(plan, path)
    except WorkbookError:
        return
    raise AssertionError(f"{path.name} was not refused")


def line(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<58} {seconds:8.3f} s  {note}")


class Summary:
    """Every figure with its target, printed at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, value: float, unit: str, limit: float | None) -> None:
        """A figure; ``limit`` None: shown for information, the issue sets no target."""
        if limit is None:
            self.rows.append((what, f"{value:.2f}{unit}", "none", "(for information)"))
        else:
            met = "met" if value <= limit else "NOT MET"
            self.rows.append((what, f"{value:.2f}{unit}", f"≤ {limit:g}{unit}", met))

    def print(self) -> None:
        print("\nSummary (measured on a shared machine: other work slows some runs)")
        for what, value, target, verdict in self.rows:
            print(f"  {what:<52} {value:>10}  target {target:<10} {verdict}")


def measure_import(
    folder: Path, workbook: Path, repeat: int, summary: Summary, *, openpyxl_too: bool
) -> None:
    cells = cell_count(workbook)
    print(f"\nImport of that workbook ({workbook.stat().st_size / 1e6:.1f} MB, {cells:,} cells)")
    bare: list[float] = []
    paused: list[float] = []
    imports: list[float] = []
    report = None
    for attempt in range(repeat):
        bare.append(best(1, lambda: calamine_read(workbook)))
        paused.append(best(1, lambda: calamine_read_paused(workbook)))
        with fresh_plan(folder, f"import{attempt}.sqlite") as target:
            started = time.perf_counter()
            report = import_workbook(target, workbook)
            imports.append(time.perf_counter() - started)
    again: list[float] = []
    with open_plan(folder / "import0.sqlite") as target:
        for _ in range(repeat):
            bare.append(best(1, lambda: calamine_read(workbook)))
            again.append(best(1, lambda: import_workbook(target, workbook)))
    calamine, calamine_paused = min(bare), min(paused)
    imported, reimported = min(imports), min(again)
    assert report is not None
    records = sum(c.created for c in report.sheets.values())
    line("bare python-calamine read of the same cells", calamine)
    line("  the same, cycle collector paused (as the import runs)", calamine_paused)
    line("import_workbook into an empty plan", imported, f"({records:,} records)")
    line("the same import again (nothing changes)", reimported)
    print(
        f"  ratio to the bare read: import {imported / calamine:.2f} (target ≤ 2), again "
        f"{reimported / calamine:.2f}; to the read with the collector paused: "
        f"{imported / calamine_paused:.2f}, {reimported / calamine_paused:.2f}"
    )
    summary.add("import into an empty plan / bare calamine read", imported / calamine, "×", 2)
    summary.add("the same import again / bare calamine read", reimported / calamine, "×", None)
    summary.add(
        "import / the bare read with the collector paused", imported / calamine_paused, "×", None
    )
    if openpyxl_too:
        openpyxl_time = best(1, lambda: openpyxl_read(workbook))
        line("bare openpyxl read-only read of the same cells (once)", openpyxl_time)
        print(f"  ratio of the import to it {imported / openpyxl_time:.2f}")


def measure_export(folder: Path, repeat: int, summary: Summary) -> Path:
    workbook = folder / "plan.xlsx"
    with open_plan(folder / "source.sqlite") as plan:
        cells = same_cells(plan)
        count = sum(len(rows) * len(header) for _, header, rows in cells)
        print(f"\nExport of the whole plan ({count:,} cells)")
        exports: list[float] = []
        dumps: list[float] = []
        for _ in range(repeat):
            exports.append(best(1, lambda: export_plan(plan, workbook)))
            dumps.append(best(1, lambda: bare_dump(cells, folder / "bare.xlsx")))
    export, dump = min(exports), min(dumps)
    line("export_plan", export)
    line("bare openpyxl write-only dump of the same cells", dump)
    print(f"  ratio {export / dump:.2f} (target ≤ 1.3)")
    summary.add("export of the whole plan / bare openpyxl dump", export / dump, "×", 1.3)
    return workbook


def measure_roster(folder: Path, args: argparse.Namespace, summary: Summary) -> None:
    repeat = args.repeat
    print(f"\nRoster of {ROSTER_SIZE} people")
    roster = folder / "roster.xlsx"
    with open_plan(folder / "source.sqlite") as plan:
        code = add_big_rotation(plan)
        full = best(repeat, lambda: export_roster(plan, roster, rotation=code))
        from planner.app.checking import check_plan

        findings = check_plan(plan)
        held = best(repeat, lambda: export_roster(plan, roster, rotation=code, findings=findings))
    checks = len(calamine_rows(roster, "Checks")) - 1
    line(f"export_roster, with a full check of the {args.people:,}-person plan", full)
    line("export_roster, with the findings the window holds", held, "(target < 0.5 s)")
    print(f"  (the Checks sheet lists {checks:,} findings about these {ROSTER_SIZE} people)")
    with fresh_plan(folder, "small.sqlite") as plan:
        build_synthetic_plan(plan, people=2000, assignments=6000)
        code = add_big_rotation(plan)
        small = best(repeat, lambda: export_roster(plan, roster, rotation=code))
    line("export_roster, with a full check of a 2,000-person plan", small, "(target < 0.5 s)")
    summary.add("roster of 500, findings the window holds", held, " s", 0.5)
    summary.add("roster of 500, full check of a 2,000-person plan", small, " s", 0.5)


def measure_hostile(folder: Path, repeat: int, summary: Summary) -> None:
    print("\nHostile files refused (target: well under a second)")
    hostile_dir = Path(tempfile.mkdtemp(prefix="bench-hostile-", dir=folder))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planner" / "excel"))
    import test_hostile  # the builders of the hostile-file tests

    slowest = 0.0
    for case in ("zip bomb", "lying sizes", "far cell", "billion laughs in a sheet"):
        build = test_hostile.CASES[case][0]
        case_dir = hostile_dir / case.replace(" ", "-")
        case_dir.mkdir()
        path = build(case_dir)
        with fresh_plan(folder, "hostile.sqlite") as target:
            refused = best(repeat, partial(_refused, target, path))
        line(f"{case} ({path.stat().st_size / 1e6:.2f} MB file)", refused)
        slowest = max(slowest, refused)
    summary.add("slowest refusal of a hostile file", slowest, " s", 0.1)


def measure_memory(folder: Path, workbook: Path, summary: Summary) -> None:
    print("\nPeak memory (max RSS of a fresh process, target < 300 MB)")
    for mode, source, target in (
        ("import", workbook, folder / "memory.sqlite"),
        ("export", folder / "source.sqlite", folder / "memory.xlsx"),
    ):
        figures = peak_memory(mode, source, target)
        print(
            f"  {mode:<8} {figures['peak_mb']:7.1f} MB (the process held "
            f"{figures['before_mb']:.1f} MB before the work)"
        )
        summary.add(f"peak memory of an {mode} (fresh process)", figures["peak_mb"], " MB", 300)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--assignments", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-openpyxl-read", action="store_true", help="skip the slow read")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SOURCE", "TARGET"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-excel-"))
    print(f"Synthetic plan: {args.people:,} people, {args.assignments:,} assignments ({folder})")
    started = time.perf_counter()
    with open_plan(folder / "source.sqlite", create=True) as plan:
        build_synthetic_plan(plan, people=args.people, assignments=args.assignments)
    print(f"  built in {time.perf_counter() - started:.1f} s")
    summary = Summary()
    workbook = measure_export(folder, args.repeat, summary)
    measure_import(folder, workbook, args.repeat, summary, openpyxl_too=not args.no_openpyxl_read)
    measure_roster(folder, args, summary)
    measure_hostile(folder, args.repeat, summary)
    measure_memory(folder, workbook, summary)
    summary.print()


if __name__ == "__main__":
    main()
