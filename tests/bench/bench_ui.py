"""Desktop benchmarks: start-up on a plan of 5,000 people against a bare PySide6 window,
an edit's refresh of the Overview on that plan, and searching the personnel table of
50,000 people on each keystroke.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_ui.py [--runs N]
     [--only start|edit|search]

Targets: the window shown in under 1.5 s and at most 1.5 times a bare PySide6 window
showing an empty table, measured in the same run (issue 5); the planner can work — plan
open and the first tab filled — in under 0.5 s on 5,000 people, and an edit refreshes the
Overview in under 50 ms there (issue 9); a keystroke in the personnel search under 50 ms
at 50,000 rows (issue 5). Each figure is printed beside its target, PASS or MISS.

Start-up is measured from outside: the parent starts a fresh interpreter and timestamps
each line the child prints ("shown", then "ready" when the plan is open and the visible
tab filled, then "checked" when the first check is in). Both children use the same
QSettings sandbox and the same platform plugin.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START_TARGET_S = 1.5
START_RATIO = 1.5
READY_TARGET_S = 0.5
OVERVIEW_TARGET_S = 0.050
KEYSTROKE_TARGET_S = 0.050


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1280, 760)
window.show()
QApplication.processEvents()
print("shown", flush=True)
"""

APP = """
import sys
from PySide6.QtCore import QSettings, QTimer
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
from PySide6.QtWidgets import QApplication
from ui import app as desktop

qt = QApplication([])
window = desktop.start(desktop.parse_args([sys.argv[1]]))
print("shown", flush=True)  # start() returns once the window has painted

def ready():
    print("ready", flush=True)
    def checked(_findings):
        print("checked", flush=True)
        qt.quit()
    assert window.checks is not None
    window.checks.findings_changed.connect(checked)

window.plan_opened.connect(ready)
QTimer.singleShot(120_000, qt.quit)
qt.exec()
"""


def timed_child(script: str, *args: str) -> dict[str, float]:
    """Seconds from starting the interpreter to each line the child prints."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    marks: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        marks[line.strip()] = time.perf_counter() - started
    child.wait(timeout=180)
    return marks


def build_plan(folder: Path, people: int) -> Path:
    from planner.demo.synthetic import build_synthetic_plan
    from planner.plan import open_plan

    path = folder / f"synthetic-{people}.sqlite"
    with open_plan(path, create=True) as plan:
        build_synthetic_plan(plan, people=people)
    return path


def bench_start(folder: Path, runs: int) -> bool:
    plan = build_plan(folder, 5000)
    bare: list[float] = []
    shown: list[float] = []
    ready: list[float] = []
    checked: list[float] = []
    timed_child(BARE)  # warm the file cache for both
    for run in range(runs):
        settings = folder / f"settings-{run}"
        settings.mkdir()
        bare.append(timed_child(BARE)["shown"])
        marks = timed_child(APP, str(plan), str(settings))
        shown.append(marks["shown"])
        ready.append(marks.get("ready", float("nan")))
        checked.append(marks.get("checked", float("nan")))
    bare_s, shown_s = statistics.median(bare), statistics.median(shown)
    ratio = shown_s / bare_s
    # The minimum as well: on a shared machine it is the figure least disturbed by others.
    print(
        f"bare PySide6 window with an empty table shown: {bare_s:.3f} s "
        f"(median of {runs}; min {min(bare):.3f} s)"
    )
    shown_ok = shown_s < START_TARGET_S and ratio <= START_RATIO
    print(
        f"rotation-planner on 5,000 people, window shown: {shown_s:.3f} s "
        f"({ratio:.2f}x bare; min {min(shown):.3f} s = {min(shown) / min(bare):.2f}x; "
        f"target < {START_TARGET_S} s and <= {START_RATIO}x) {verdict(shown_ok)}"
    )
    ready_s = statistics.median(ready)
    ready_ok = ready_s < READY_TARGET_S
    print(
        f"  plan open and first tab filled:  {ready_s:.3f} s (min {min(ready):.3f} s; "
        f"target < {READY_TARGET_S} s) {verdict(ready_ok)}"
    )
    print(f"  first check in (background):     {statistics.median(checked):.3f} s")
    return shown_ok and ready_ok


def bench_edit(folder: Path, edits: int) -> bool:
    """An edit in the window on 5,000 people, as a planner makes it: the operation on
    the worker, then the Overview refreshed from the facts its recheck published. The
    figure is from the edit's ChangeSet reaching the window to the Overview shown."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    app = QApplication.instance() or QApplication([])
    from planner.app import PlanSession, UpdateRecord
    from ui.overview.tab import OverviewTab
    from ui.shell.window import MainWindow

    path = folder / "synthetic-5000.sqlite"
    if not path.exists():
        build_plan(folder, 5000)
    session = PlanSession.open(path)
    window = MainWindow(session, restore=False)
    window.resize(1366, 768)
    window.show()
    window.tabs.setCurrentIndex(0)
    assert window.runner.wait_idle(120)
    page = window.tab(OverviewTab).page
    with session.plan.read() as db:
        from sqlalchemy import select

        from planner.models import Assignment

        row = db.execute(
            select(Assignment.id, Assignment.ends_on).where(Assignment.status != "cancelled")
        ).first()
    assert row is not None
    assignment_id, ends_on = row
    marks: dict[str, float] = {}
    window.events.changed.connect(lambda _cs: marks.setdefault("announced", time.perf_counter()))
    page.refreshed.connect(lambda: marks.setdefault("shown", time.perf_counter()))
    refresh, total = [], []
    import datetime as dt

    for n in range(edits):
        version = session.get("assignment", assignment_id)["version"]
        end = ends_on - dt.timedelta(days=1 + n % 2)  # one day shorter, then two, ...
        marks.clear()
        started = time.perf_counter()
        window.edits.run(UpdateRecord("assignment", assignment_id, version, {"ends_on": end}))
        while "shown" not in marks:
            app.processEvents()
        assert window.runner.wait_idle(30)
        refresh.append(marks["shown"] - marks["announced"])
        total.append(marks["shown"] - started)
    window.close()
    median = statistics.median(refresh)
    ok = median < OVERVIEW_TARGET_S
    print(
        f"an edit on 5,000 people refreshes the Overview in {median * 1000:.1f} ms "
        f"(median of {edits}; min {min(refresh) * 1000:.1f} ms; recheck on the worker and "
        f"facts shown; target < {OVERVIEW_TARGET_S * 1000:.0f} ms) {verdict(ok)}"
    )
    print(f"  the whole edit, operation included: {statistics.median(total) * 1000:.1f} ms")
    return ok


def bench_search(folder: Path) -> bool:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    app = QApplication.instance() or QApplication([])
    from planner.app import PlanSession
    from ui.widgets.table_panel import PanelActions, TablePanel

    path = build_plan(folder, 50_000)
    with PlanSession.open(path, read_only=True) as session:
        started = time.perf_counter()
        table = session.personnel()
        loaded = time.perf_counter() - started
    panel = TablePanel("Personnel", PanelActions())
    panel.resize(1280, 600)
    panel.show()
    started = time.perf_counter()
    panel.load(table)
    app.processEvents()
    shown = time.perf_counter() - started
    typing = ["t", "to", "tok", "toka", "tokay", "tokaye", "tokayev", "tokayev a", "tokayev as"]
    typing += ["tokayev a", "tokayev", "", "k", "kz", "kz-", "kz-1", "kz-10", "kz-104", "major"]
    typing += ["major 19", "major 198", "captain fr:", ""]
    times = []
    panel.select_row(10)
    for text in typing:
        started = time.perf_counter()
        panel.search.setText(text)  # what one keystroke does: filter, relayout, repaint
        app.processEvents()
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    panel.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    sort_s = time.perf_counter() - started
    with PlanSession.open(path, read_only=True) as session:
        started = time.perf_counter()
        one = session.personnel({table.rows[123][0]})
        panel.update_rows(one, set())
        app.processEvents()
        patch_s = time.perf_counter() - started
        started = time.perf_counter()
        panel.load(session.personnel())
        app.processEvents()
        reload_s = time.perf_counter() - started
    median, worst = statistics.median(times), max(times)
    print(f"personnel of {len(table):,}: query {loaded:.3f} s, model and first paint {shown:.3f} s")
    print(
        f"search per keystroke on {len(table):,} rows: median {median * 1000:.1f} ms, "
        f"worst {worst * 1000:.1f} ms over {len(times)} keystrokes "
        f"(target < {KEYSTROKE_TARGET_S * 1000:.0f} ms) {verdict(worst < KEYSTROKE_TARGET_S)}"
    )
    print(f"sort by rank on {len(table):,} rows: {sort_s * 1000:.0f} ms")
    print(
        f"after editing one person: row patched in {patch_s * 1000:.0f} ms "
        f"(a full reload would take {reload_s * 1000:.0f} ms)"
    )
    panel.close()
    return worst < KEYSTROKE_TARGET_S


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=("start", "edit", "search"))
    parser.add_argument("--edits", type=int, default=9)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        folder = Path(tmp)
        ok = [
            args.only not in (None, "start") or bench_start(folder, args.runs),
            args.only not in (None, "edit") or bench_edit(folder, args.edits),
            args.only not in (None, "search") or bench_search(folder),
        ]
    print("targets met" if all(ok) else "TARGET MISSED")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
