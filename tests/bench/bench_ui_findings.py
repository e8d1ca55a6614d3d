"""Benchmarks of the findings dock and the overview (issue 5); a plain script, not
collected by pytest.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_ui_findings.py \
        [--people 5000] [--repeat 3]

On a synthetic plan, each the best of --repeat runs:
- the first (full) check by the session's checker, on what will be the worker thread;
- FindingsDock.set_findings with every finding, and the repaint after it: this runs on the
  GUI thread after every edit, so it must stay well under 100 ms;
- OverviewWidget.set_facts with the PlanFacts that check published (GUI thread): the
  Overview's whole cost after a check, since it reads nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow

from planner.app import PlanSession
from planner.demo.synthetic import build_synthetic_plan
from planner.plan import open_plan
from ui.findings.dock import FindingsDock
from ui.overview.page import OverviewWidget


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-ui-findings-"))
    plan = open_plan(folder / "plan.sqlite", create=True)
    build_synthetic_plan(plan, people=args.people)

    today = dt.date(2026, 11, 23)
    session = PlanSession(plan, today=lambda: today)
    result = session.checker.check()
    findings = list(result.findings)
    first_check = best(args.repeat, lambda: session.checker.check())

    window = QMainWindow()
    dock = FindingsDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    overview = OverviewWidget()
    window.setCentralWidget(overview)
    window.resize(1366, 768)
    window.show()
    app.processEvents()

    def refresh_dock() -> None:
        dock.set_findings(findings)
        app.processEvents()

    dock_time = best(args.repeat, refresh_dock)

    def show_overview() -> None:
        overview.set_facts(result.facts)
        app.processEvents()

    show_time = best(args.repeat, show_overview)
    print(f"people {args.people}, findings {len(findings)}")
    print(f"first full check (worker):          {first_check * 1000:8.1f} ms")
    print(f"findings dock refresh + paint (GUI): {dock_time * 1000:8.1f} ms")
    print(f"overview shown (GUI):                {show_time * 1000:8.1f} ms")
    plan.close()


if __name__ == "__main__":
    main()
