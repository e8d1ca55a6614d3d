"""The core stays headless: nothing in planner/ imports Qt or the ui package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import planner

PLANNER_DIR = Path(planner.__file__).parent


def test_no_module_in_planner_imports_qt_or_ui() -> None:
    offenders = []
    for source in PLANNER_DIR.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("PySide6", "PyQt6", "PyQt5", "ui", "shiboken6"):
                    offenders.append(f"{source.relative_to(PLANNER_DIR)}: {name}")
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt() -> None:
    code = (
        "import importlib, pkgutil, sys, planner\n"
        "for m in pkgutil.walk_packages(planner.__path__, 'planner.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
