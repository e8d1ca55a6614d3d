"""``rotation-planner [PLAN] [--demo]``: start the desktop application."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from planner.errors import PlannerError
from planner.plan import Plan, default_target, open_plan
from planner.queries.counts import entity_counts


def open_demo_plan() -> Plan:
    """A fresh demo plan in a temporary folder, so the real plan is never touched."""
    from planner.demo import build_demo_plan

    folder = Path(tempfile.mkdtemp(prefix="rotation-planner-demo-"))
    plan = open_plan(folder / "demo.sqlite", create=True)
    build_demo_plan(plan)
    return plan


class MainWindow(QMainWindow):
    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.setWindowTitle(f"{plan.name} — Rotation Planner")
        counts = entity_counts(plan)
        text = "<br>".join(f"{label}: <b>{count:,}</b>" for label, count in counts.items())
        self.setCentralWidget(QLabel(text))
        self.resize(900, 600)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rotation-planner")
    parser.add_argument("plan", nargs="?", help="plan file or database URL")
    parser.add_argument("--demo", action="store_true", help="open a fresh demo plan")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        plan = (
            open_demo_plan()
            if args.demo
            else open_plan(args.plan or default_target(), create=args.plan is None)
        )
    except PlannerError as exc:
        QMessageBox.critical(None, "Rotation Planner", str(exc))
        return 2
    window = MainWindow(plan)
    window.show()
    status = app.exec()
    plan.close(backup=True)
    return int(status)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
