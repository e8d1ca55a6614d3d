"""Issue 14, class 6: every workbook is accepted or refused within 10 s and 400 MB,
whatever its shape; a plain script, not collected by pytest.

    .venv/bin/python tests/bench/bench_hostile_shapes.py

Each shape of tests/planner/excel/rawbook.py (and the crafted files of
test_reader_crafted.py) is imported by the command line in a fresh process; the wall
time and the peak memory (max RSS of the command and of its reader process) are printed
beside the targets as PASS or MISS.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "planner" / "excel"))

from rawbook import SHAPES
from test_reader_crafted import CASES

SECONDS, MEGABYTES = 10.0, 400.0
MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[2:], capture_output=True)\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(done.returncode)\n"
)


def measure(folder: Path, workbook: Path) -> tuple[int, float, float]:
    db = folder / "plan.sqlite"
    for leftover in (db, db.with_name("plan.sqlite-wal"), db.with_name("plan.sqlite-shm")):
        leftover.unlink(missing_ok=True)
    planner = [sys.executable, "-m", "planner.cli.main", "--db", str(db)]
    subprocess.run([*planner, "init"], check=True, capture_output=True)
    peak = folder / "peak"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(peak), *planner, "import", str(workbook)]
    )
    return done.returncode, time.perf_counter() - started, int(peak.read_text()) / 1024


def main() -> None:
    print(
        f"{'shape':<38} {'status':>6} {'seconds':>8} {'MB':>7}   "
        f"target ≤ {SECONDS:g} s, ≤ {MEGABYTES:g} MB"
    )
    with tempfile.TemporaryDirectory(prefix="bench-shapes-") as name:
        folder = Path(name)
        makers = {**SHAPES, **{case: make for case, (make, _said) in CASES.items()}}
        for shape, make in makers.items():
            workbook = make(folder / "shape.xlsx") if shape in SHAPES else make(folder)
            status, seconds, megabytes = measure(folder, workbook)
            verdict = "PASS" if seconds <= SECONDS and megabytes <= MEGABYTES else "MISS"
            print(f"{shape:<38} {status:>6} {seconds:>8.1f} {megabytes:>7.0f}   {verdict}")
            workbook.unlink()


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
