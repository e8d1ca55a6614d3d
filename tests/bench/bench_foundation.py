"""Foundation benchmarks: creating the demo plan, opening plans small and large.

Run: /work/venv/bin/python tests/bench/bench_foundation.py
Prints one line per figure (median of several runs). Target: opening a plan of 5,000
people takes under 0.5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

OPEN_TARGET_S = 0.5
COLD_OPEN = """
import sys, time
started = time.perf_counter()
from planner.plan import open_plan
imported = time.perf_counter()
plan = open_plan(sys.argv[1])
opened = time.perf_counter()
plan.close()
print(imported - started, opened - imported)
"""


def median_of(runs: int, work: Callable[[], float]) -> float:
    return statistics.median(work() for _ in range(runs))


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def report(what: str, seconds: float, target: float | None = None) -> None:
    verdict = ""
    if target is not None:
        verdict = f"  (target < {target:.2f} s: {'ok' if seconds < target else 'MISSED'})"
    print(f"{what:<58} {seconds:8.3f} s{verdict}")


def cold_open(path: Path) -> tuple[float, float]:
    """(import time, open time) in a fresh interpreter, as the app starts."""
    out = subprocess.run(
        [sys.executable, "-c", COLD_OPEN, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    from planner.demo.synthetic import build_synthetic_plan
    from planner.plan import open_plan

    folder = Path(tempfile.mkdtemp(prefix="bench-foundation-"))
    print(f"Foundation benchmarks (median of runs; files in {folder})")

    demo_files = [folder / f"demo{n}.sqlite" for n in range(3)]
    init_times = []
    for path in demo_files:
        init_times.append(
            timed(
                lambda path=path: subprocess.run(
                    [sys.executable, "-m", "planner.cli.main", "--db", str(path), "init", "--demo"],
                    check=True,
                    capture_output=True,
                )
            )
        )
    report("planner init --demo (subprocess, median of 3)", statistics.median(init_times))

    demo = demo_files[0]
    open_plan(demo).close()  # warm the imports and caches of this process
    report(
        "open + close the demo plan (in process, median of 7)",
        median_of(7, lambda: timed(lambda: open_plan(demo).close())),
    )
    colds = [cold_open(demo) for _ in range(3)]
    report(
        "import planner.plan (fresh interpreter, median of 3)",
        statistics.median(c[0] for c in colds),
    )
    report(
        "open the demo plan (fresh interpreter, median of 3)",
        statistics.median(c[1] for c in colds),
    )

    for people, assignments in ((5000, 40000), (10000, 40000)):
        path = folder / f"synthetic-{people}.sqlite"
        with open_plan(path, create=True) as plan:
            built = timed(
                lambda plan=plan, people=people, assignments=assignments: build_synthetic_plan(
                    plan, people=people, assignments=assignments
                )
            )
        report(f"build synthetic plan: {people:,} people, {assignments:,} assignments", built)
        in_process = median_of(7, lambda path=path: timed(lambda: open_plan(path).close()))
        report(
            f"open + close a plan of {people:,} people (in process)",
            in_process,
            OPEN_TARGET_S if people == 5000 else None,
        )
        colds = [cold_open(path) for _ in range(3)]
        report(
            f"open a plan of {people:,} people (fresh interpreter)",
            statistics.median(c[1] for c in colds),
            OPEN_TARGET_S if people == 5000 else None,
        )
        read_only = median_of(
            7, lambda path=path: timed(lambda: open_plan(path, read_only=True).close())
        )
        report(f"open + close read-only, {people:,} people (in process)", read_only)


if __name__ == "__main__":
    main()
