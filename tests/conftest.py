"""Shared fixtures. Tests never touch the real user's data directory: HOME and the XDG
folders point into a temporary folder before anything reads them."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_SANDBOX = Path(tempfile.mkdtemp(prefix="planner-tests-home-"))
os.environ["HOME"] = str(_SANDBOX)
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["XDG_CACHE_HOME"] = str(_SANDBOX / "cache")
os.environ.pop("PLANNER_DB", None)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from planner.plan import Plan, open_plan  # noqa: E402 - after the environment is set


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Plan]:
    """An empty plan in a temporary file."""
    opened = open_plan(tmp_path / "plan.sqlite", create=True)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def demo_plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan, built once per test session; copy it before changing it."""
    from planner.demo import build_demo_plan

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with open_plan(path, create=True) as made:
        build_demo_plan(made)
    return path


@pytest.fixture
def demo_plan(demo_plan_file: Path, tmp_path: Path) -> Iterator[Plan]:
    """A private copy of the demo plan, open."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_plan_file, copy)
    opened = open_plan(copy)
    try:
        yield opened
    finally:
        opened.close()
