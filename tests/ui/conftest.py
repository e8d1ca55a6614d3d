"""Fixtures for the window's tests: private QSettings, a window on the demo plan, and
answers to the window's questions (pytest-qt's advice for modal dialogs: replace the
function that asks)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from planner.plan import Plan


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every QSettings of the test writes into its own temporary folder, never the
    user's configuration."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(folder / "system"))
    yield folder


@dataclass
class Answers:
    """What the planner answers to each question, and what was asked."""

    delete: bool = True
    reload: bool = True
    read_only: bool = True
    date: Any = None
    asked: list[tuple[str, str, str]] = field(default_factory=list)

    def questions(self, kind: str) -> list[tuple[str, str]]:
        return [(text, details) for k, text, details in self.asked if k == kind]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    from ui.dialogs import prompts

    given = Answers()

    def confirm_delete(_parent: Any, text: str, details: str) -> bool:
        given.asked.append(("delete", text, details))
        return given.delete

    def ask_reload(_parent: Any, message: str) -> bool:
        given.asked.append(("reload", message, ""))
        return given.reload

    def ask_open_read_only(_parent: Any, message: str) -> bool:
        given.asked.append(("lock", message, ""))
        return given.read_only

    def ask_date(_parent: Any, title: str, label: str, current: Any) -> Any:
        given.asked.append(("date", title, label))
        return given.date

    monkeypatch.setattr(prompts, "confirm_delete", confirm_delete)
    monkeypatch.setattr(prompts, "ask_reload", ask_reload)
    monkeypatch.setattr(prompts, "ask_open_read_only", ask_open_read_only)
    monkeypatch.setattr(prompts, "ask_date", ask_date)
    return given


@pytest.fixture
def window(qtbot: Any, demo_plan: Plan, answers: Answers) -> Iterator[Any]:
    """The real main window on a private copy of the demo plan, shown offscreen."""
    from ui.main_window import MainWindow

    shown = MainWindow(demo_plan, restore=False)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.runner.wait_idle(60)
    shown.close()
