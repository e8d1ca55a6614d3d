"""The layers of DESIGN.md section 1 hold: the import contracts of pyproject.toml
([tool.importlinter], checked by import-linter over every module and what it imports,
directly or not), and at run time the core loads no Qt and the rules no SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    out = capsys.readouterr().out
    assert status == 0, out
    assert "broken" not in out.split("Contracts:")[-1].replace("0 broken", "")


def _loaded_after(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return sorted(done.stdout.split())


def test_importing_the_whole_core_loads_no_qt() -> None:
    code = (
        "import importlib, pkgutil, sys, planner\n"
        "for m in pkgutil.walk_packages(planner.__path__, 'planner.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "print(*sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken'))))\n"
    )
    assert _loaded_after(code) == []


def test_importing_every_rule_loads_no_sqlalchemy() -> None:
    code = (
        "import importlib, pkgutil, sys, planner.rules\n"
        "for m in pkgutil.walk_packages(planner.rules.__path__, 'planner.rules.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(*sorted(n for n in sys.modules\n"
        "      if n.split('.')[0] in ('sqlalchemy', 'alembic', 'PySide6')\n"
        "      or n in ('planner.models', 'planner.plan')))\n"
    )
    assert _loaded_after(code) == []
