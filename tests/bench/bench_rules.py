"""Benchmark of the compliance engine on a large generated plan (issue 3).

Targets: a full check (``check_plan``: load + rules) under 0.3 s and at most 1.5 times
the time of loading the snapshot alone; a recheck after one edit to one rotation under
50 ms (median and worst); the facts published after that edit (``PlanFacts``, what the
Overview shows) under 50 ms; the first check of a freshly opened plan (open, read,
check, the checker's state made) under 1 s. Also prints peak memory, and with
``--roster`` the focused check and the export of a 500-person roster on a 10,000-person
plan (target: export under 0.5 s).

    /work/venv/bin/python tests/bench/bench_rules.py [--plan FILE] [--repeat N] [--roster]
        [--phases]

``--plan FILE`` reuses (or first builds) the generated plan there; otherwise it is built
in a temporary folder. Times are wall clock (best and median of --repeat runs), with the
process's CPU time beside them: on a shared machine the two differ, and the CPU time is
the steadier figure. A plain script, not collected by pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from big_roster import ROSTER_SIZE, add_big_rotation
from sqlalchemy import func, select

from planner.app.checking import PlanChecker, check_plan
from planner.demo.synthetic import build_synthetic_plan
from planner.models import Assignment, Credential, Person, Rotation
from planner.plan import Plan, open_plan
from planner.queries.scope import check_scope
from planner.queries.snapshot import load_snapshot
from planner.rules.engine import check
from planner.services import get, move_rotation, revert, set_rotation_status

SIZE = {"people": 5000, "missions": 25, "years": 20, "assignments": 40000}
ROSTER_PLAN = {"people": 10000, "assignments": 40000}


class Timing:
    """Wall-clock and CPU times of repeated runs."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall, self.cpu = wall, cpu

    @property
    def best(self) -> float:
        return min(self.wall)

    def line(self, label: str) -> float:
        print(
            f"  {label:<40} best {ms(self.best)}   median {ms(statistics.median(self.wall))}"
            f"   (CPU best {ms(min(self.cpu))})"
        )
        return self.best


def timed(
    work: Callable[[Any], Any], repeat: int, setup: Callable[[], Any] = lambda: None
) -> tuple[Timing, Any]:
    wall, cpu = [], []
    result = None
    for _ in range(repeat):
        given = setup()
        result = None
        gc.collect()  # each run starts from a settled heap, as in the window
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work(given)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return Timing(wall, cpu), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def peak_mib(work: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        kept = work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return peak / 2**20


def open_or_build(path: Path | None, size: dict[str, int], name: str = "synthetic") -> Plan:
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="bench-rules-")) / f"{name}.sqlite"
    if not path.exists():
        print(f"Building the synthetic plan at {path} …", flush=True)
        started = time.perf_counter()
        with open_plan(path, create=True) as made:
            build_synthetic_plan(made, **size)
        print(f"  built in {time.perf_counter() - started:.1f} s")
    return open_plan(path)


def count(plan: Plan, model: type) -> int:
    with plan.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def rotation_edits(plan: Plan, checker: PlanChecker, count: int) -> tuple[list[float], list[float]]:
    """Move ``count`` rotations by a week, one at a time (every fourth: cancel it); time
    the checker's recheck after each edit (findings: the incremental check itself) and
    the facts it then publishes; each edit is undone afterwards."""
    with plan.read() as session:
        rotation_ids = list(session.scalars(select(Rotation.id).order_by(Rotation.id)))
    step = max(1, len(rotation_ids) // count)
    rechecks, facts = [], []
    pure = checker._checker  # the rules' own checker inside (to time its two halves)
    assert pure is not None
    for n, rotation_id in enumerate(rotation_ids[::step][:count]):
        row = get(plan, "rotation", rotation_id)
        if n % 4 == 3:
            change = set_rotation_status(plan, rotation_id, row["version"], "cancelled")
        else:
            change = move_rotation(
                plan, rotation_id, row["version"], row["starts_on"] + dt.timedelta(days=7)
            )
        start = time.perf_counter()
        wanted = pure.wanted(change)
        assert wanted is not None
        from planner.queries.patch import read_patch

        pure.apply(read_patch(plan, wanted))
        middle = time.perf_counter()
        pure.facts(dt.date(2026, 1, 1)).on()
        end = time.perf_counter()
        rechecks.append(middle - start)
        facts.append(end - middle)
        checker.refresh(revert(plan, change))  # leave the plan as it was, for the next run
    return rechecks, facts


def first_check(path: Path, repeat: int) -> Timing:
    """Open the plan afresh and make the window's checker check it (in this process:
    the imports are warm; the window makes its first check on its worker)."""

    def work(_: Any) -> None:
        with open_plan(path) as fresh:
            PlanChecker(fresh).refresh()

    return timed(work, repeat)[0]


def phases(plan: Plan, repeat: int) -> None:
    """Best time of each step of a full check (as ``parts.CheckState`` takes them), to
    show where the time beyond the snapshot load goes."""
    from itertools import pairwise

    from planner.rules.findings import sort_findings
    from planner.rules.gender import gender_findings
    from planner.rules.headcount import Headcounts, person_pieces
    from planner.rules.index import index_of
    from planner.rules.parts import CheckState, Context, check_unit, doubts_of
    from planner.rules.parts import person_findings as for_person
    from planner.rules.snapshot import paused_gc
    from planner.rules.vector import whole_plan_pass

    best: dict[str, float] = {}
    for _ in range(repeat):
        snapshot = load_snapshot(plan)
        gc.collect()
        marks = [("", time.perf_counter())]
        mark = marks.append  # (label, time) after each step
        with paused_gc():
            ix = index_of(snapshot)
            ctx = Context.of(ix)
            mark(("index and context", time.perf_counter()))
            counted = [a for a in ix.grouped_assignments() if a.counted]
            women = {p.id for p in ix.persons.values() if p.sex == "F"}
            quick = whole_plan_pass(ix, ctx, counted, women)
            counts = quick.counts
            assert counts is not None
            mark(("quick pass over every assignment, counting", time.perf_counter()))
            found, pieces = [], []
            doubts = doubts_of(counted, quick.doubts)
            for person_id, mine in doubts.items():
                start, stop = quick.rows_of[person_id]
                rows = counted[start:stop]
                found += for_person(ix, ctx, person_id, rows, mine)
                if mine.schedule:
                    pieces += person_pieces(rows)
            mark((f"full rules for the {len(doubts)} people in doubt", time.perf_counter()))
            state = CheckState.__new__(CheckState)
            state.ix = ix
            state.headcounts = Headcounts.from_deltas(ix, counts.mission_deltas, pieces)
            mark(("headcount sweeps and totals", time.perf_counter()))
            for mission in state.headcounts.runs:
                found += state.check_mission(mission)
            for authorisation in state.headcounts.totals:
                found += state.check_total(authorisation)
            mark(("ceiling findings", time.perf_counter()))
            for unit in ix.units:
                found += check_unit(ix, unit, counts.sizes)
            found += gender_findings(counts.gender, ix.gender_targets)
            sort_findings(found)
            mark(("units, gender targets, sort", time.perf_counter()))
        for (_, before), (label, after) in pairwise(marks):
            best[label] = min(best.get(label, after - before), after - before)
    print("Full check by step (best of each; snapshot loaded before):")
    for label, seconds in best.items():
        print(f"  {label:<48} {ms(seconds)}")
    print(f"  {'sum':<48} {ms(sum(best.values()))}")


def roster_part(repeat: int) -> list[tuple[str, bool, str]]:
    """The focused check and the roster export on a 10,000-person plan."""
    from planner.excel import export_roster

    folder = Path(tempfile.mkdtemp(prefix="bench-rules-roster-"))
    with open_or_build(folder / "roster.sqlite", ROSTER_PLAN, "roster") as plan:
        code = add_big_rotation(plan)
        print(f"Roster of {ROSTER_SIZE} people on a {ROSTER_PLAN['people']:,}-person plan:")
        scope, found = timed(lambda _: check_scope(plan, rotation=code), repeat)
        scope.line(f"check_scope (rotation {code})")
        print(f"  {'(findings about the roster)':<40} {len(found):>7}")
        out = folder / "roster.xlsx"
        export = timed(lambda _: export_roster(plan, out, rotation=code), repeat)[0]
        export.line("export_roster (its own findings)")
        full = timed(lambda _: check_plan(plan), max(1, repeat // 2))[0]
        full.line("check_plan of that plan (for scale)")
    return [("roster export < 0.5 s", export.best < 0.5, f"{export.best:.3f} s")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, help="generated plan to reuse or build")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--roster", action="store_true", help="also the roster of 500 on 10,000 people"
    )
    parser.add_argument(
        "--phases", action="store_true", help="also the time of each step of a full check"
    )
    args = parser.parse_args(argv)

    plan = open_or_build(args.plan, SIZE)
    print(
        f"Plan {plan.path}: {count(plan, Person):,} people, {count(plan, Assignment):,} "
        f"assignments, {count(plan, Credential):,} credentials, {count(plan, Rotation):,} "
        "rotations"
    )

    print("Times:")
    load = timed(lambda _: load_snapshot(plan), args.repeat)[0].line("load_snapshot")
    timing, findings = timed(lambda _: check_plan(plan), args.repeat)
    full = timing.line("check_plan (load + every rule)")
    timed(check, args.repeat, setup=lambda: load_snapshot(plan))[0].line(
        "check(snapshot), snapshot loaded before"
    )
    checker = PlanChecker(plan)
    checker.refresh()
    edits, facts = rotation_edits(plan, checker, 3 * args.repeat)
    for label, times in (
        ("recheck after one rotation edit", edits),
        ("facts after that edit", facts),
    ):
        print(
            f"  {label:<40} best {ms(min(times))}   median "
            f"{ms(statistics.median(times))}   worst {ms(max(times))}   ({len(times)} edits)"
        )
    recheck, worst = statistics.median(edits), max(edits)
    facts_time = statistics.median(facts)
    assert plan.path is not None
    path = plan.path
    plan.close()
    first = first_check(path, max(3, args.repeat // 2)).line("first check of a freshly opened plan")
    plan = open_plan(path)

    kinds = Counter(f.rule for f in findings)
    print(f"Findings: {len(findings)}  " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))

    if args.phases:
        phases(plan, args.repeat)

    print("Peak memory (tracemalloc; slows the runs it measures):")
    print(f"  {'load_snapshot':<40} {peak_mib(lambda: load_snapshot(plan)):7.1f} MiB")
    print(f"  {'check_plan':<40} {peak_mib(lambda: check_plan(plan)):7.1f} MiB")
    kept = peak_mib(lambda: PlanChecker(plan).refresh())
    print(f"  {'IncrementalChecker (kept state)':<40} {kept:7.1f} MiB")
    plan.close()

    ratio = full / load
    results = [
        ("full check < 0.3 s", full < 0.3, f"{full:.3f} s"),
        ("full check <= 1.5 x snapshot load", ratio <= 1.5, f"{ratio:.2f} x"),
        ("recheck after a rotation edit < 50 ms", recheck < 0.05, ms(recheck).strip()),
        ("worst recheck < 50 ms", worst < 0.05, ms(worst).strip()),
        ("facts after an edit < 50 ms", facts_time < 0.05, ms(facts_time).strip()),
        ("first check of a fresh plan < 1 s", first < 1.0, f"{first:.3f} s"),
    ]
    if args.roster:
        results += roster_part(args.repeat)
    print("Targets (best times; the recheck and facts: median):")
    for label, ok, figure in results:
        print(f"  {'PASS' if ok else 'MISS'}  {label:<40} {figure}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
