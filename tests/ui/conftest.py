"""Fixtures for the window's tests: private QSettings, the English catalogue, a window on
the demo plan, and the planner's answers to the window's questions (the window's
``Messages`` service, recorded: pytest-qt's advice for modal dialogs)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from planner.app import PlanSession
from planner.plan import Plan
from ui.resources import install_translations
from ui.shell.window import MainWindow
from ui.widgets.messages import Messages
from ui.widgets.roster_dialog import RosterTarget


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


class RecordingMessages(Messages):
    """The window's Messages with the planner's answers given in advance: each question
    is recorded (kind, text, details) and answered from the fields; each notice (error
    box, report, table of row errors) is the real widget, recorded and opened."""

    def __init__(self) -> None:
        super().__init__()
        self.delete = True
        self.reload = True
        self.read_only = True
        self.date: dt.date | None = None
        self.open_path: Path | None = None
        self.save_path: Path | None = None
        self.roster: RosterTarget | None = None
        self.plan_to_open: str | None = None
        self.new_plan: str | None = None
        self.asked: list[tuple[str, str, str]] = []
        self.shown: list[QWidget] = []
        self.waited: list[str] = []

    def questions(self, kind: str) -> list[tuple[str, str]]:
        return [(text, details) for k, text, details in self.asked if k == kind]

    # -- notices -------------------------------------------------------------------------

    def present(self, notice: QWidget) -> None:
        self.shown.append(notice)
        super().present(notice)

    def boxes(self) -> list[QMessageBox]:
        return [w for w in self.shown if isinstance(w, QMessageBox)]

    def errors(self) -> list[QMessageBox]:
        """The error boxes shown, oldest first."""
        icons = (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical)
        return [box for box in self.boxes() if box.icon() in icons]

    def infos(self) -> list[QMessageBox]:
        return [box for box in self.boxes() if box.icon() == QMessageBox.Icon.Information]

    def last_error(self) -> QMessageBox:
        errors = self.errors()
        assert errors, "no error was shown"
        return errors[-1]

    def last_info(self) -> QMessageBox:
        infos = self.infos()
        assert infos, "no report was shown"
        return infos[-1]

    def warn_and_wait(self, parent: QWidget | None, text: str) -> None:
        self.waited.append(text)

    # -- questions -----------------------------------------------------------------------

    def confirm_delete(self, parent: QWidget | None, text: str, details: str) -> bool:
        self.asked.append(("delete", text, details))
        return self.delete

    def ask_reload(self, parent: QWidget | None, message: str) -> bool:
        self.asked.append(("reload", message, ""))
        return self.reload

    def ask_open_read_only(self, parent: QWidget | None, message: str) -> bool:
        self.asked.append(("lock", message, ""))
        return self.read_only

    def ask_date(
        self, parent: QWidget | None, title: str, label: str, current: dt.date
    ) -> dt.date | None:
        self.asked.append(("date", title, label))
        return self.date

    def ask_roster_target(
        self, parent: QWidget | None, rotations: list[str], missions: list[str]
    ) -> RosterTarget | None:
        self.asked.append(("roster", ", ".join(rotations), ", ".join(missions)))
        return self.roster

    def choose_plan_to_open(self, parent: QWidget | None) -> str | None:
        self.asked.append(("open plan", "", ""))
        return self.plan_to_open

    def choose_new_plan(self, parent: QWidget | None) -> str | None:
        self.asked.append(("new plan", "", ""))
        return self.new_plan

    def ask_open_path(self, parent: QWidget | None, title: str) -> Path | None:
        self.asked.append(("open file", title, ""))
        return self.open_path

    def ask_save_path(self, parent: QWidget | None, title: str, suggested: str) -> Path | None:
        self.asked.append(("save file", title, suggested))
        return self.save_path


@pytest.fixture(scope="session", autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """The window's English catalogue (its plural forms), as the application installs."""
    translators = install_translations(qapp, QLocale(QLocale.Language.English))
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.fixture
def answers() -> RecordingMessages:
    """The planner's answers and what the window showed (pass it to the window)."""
    return RecordingMessages()


@pytest.fixture
def demo_session(demo_plan: Plan) -> PlanSession:
    """The private copy of the demo plan, as the window opens it (planner.app)."""
    return PlanSession(demo_plan)


@pytest.fixture
def window(
    qtbot: Any, demo_session: PlanSession, answers: RecordingMessages
) -> Iterator[MainWindow]:
    """The real main window on a private copy of the demo plan, shown offscreen."""
    shown = MainWindow(demo_session, restore=False, messages=answers)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.runner.wait_idle(60)
    shown.close()


@pytest.fixture
def settle(window: MainWindow) -> Callable[[], None]:
    """Wait until every edit, undo, redo and check on the worker is done."""

    def wait(timeout_s: float = 120) -> None:
        assert window.runner.wait_idle(timeout_s)
        checks = window.checks
        while checks is not None and checks.running:
            assert window.runner.wait_idle(timeout_s)

    return wait
