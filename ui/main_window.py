"""The main window: the tabs of the plan, the findings and undo-history docks, the menus.

The window can exist without a plan (it is shown before the plan is opened, so that it
appears at once; and after a plan failed to open). Everything that needs SQLAlchemy or the
rules is imported when the first plan arrives, in ``set_plan``.

After every change (an edit, its undo or redo, an import) ``after_change(change_set)``
reloads only the tabs that show what changed (the visible one now, the others when next
shown) and asks the CheckController for an incremental check off the GUI thread.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QUndoView,
)

from ui import settings as app_settings
from ui.menus import build_menus
from ui.worker import TaskRunner

if TYPE_CHECKING:
    from planner.plan import Plan
    from planner.services import ChangeSet
    from ui.editing import Editing
    from ui.views.base import PlanView

APP_TITLE = "Rotation Planner"
NO_PLAN_TEXT = (
    "<p style='font-size: 12pt'>No plan is open.</p>"
    "<p>Open one with <b>File ▸ Open plan</b>, or start one with <b>File ▸ New plan</b>.</p>"
)
# Which tab shows each kind of record a finding can name.
TAB_OF_KIND = {"mission": 1, "authorisation": 2, "unit": 3, "rotation": 3, "person": 4}


class MainWindow(QMainWindow):
    plan_opened = Signal()  # a plan is attached and the visible tab is filled

    def __init__(self, plan: Plan | None = None, *, restore: bool = True) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.plan: Plan | None = None
        self.findings: list[Any] = []
        self.views: list[PlanView] = []
        self.overview: Any = None
        self.findings_dock: Any = None
        self.checks: Any = None
        self.settings_dialog: Any = None
        self.last_error_box: QMessageBox | None = None
        self._editing: Editing | None = None
        # Tab index → what changed since it was last shown: {entity: ids}, or None for all.
        self._stale: dict[int, dict[str, set[int]] | None] = {}
        self.undo_stack = QUndoStack(self)
        self.runner = TaskRunner(self)

        self.pages = QStackedWidget()
        self.no_plan = QLabel(NO_PLAN_TEXT)
        self.no_plan.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_plan.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.pages.addWidget(self.no_plan)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)

        self.undo_view = QUndoView(self.undo_stack)
        self.undo_view.setEmptyLabel("Plan as opened")
        self.undo_dock = QDockWidget("Undo history", self)
        self.undo_dock.setObjectName("undoDock")
        self.undo_dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.undo_dock)

        self.findings_label = QLabel()
        self.statusBar().addPermanentWidget(self.findings_label)
        self.actions_: dict[str, Any] = build_menus(self)
        self._restored = restore and app_settings.restore_geometry(self)
        if not self._restored:
            self._first_geometry()
        if restore:
            app_settings.restore_dock_state(self)
        self._update_title()
        self._update_actions()
        if plan is not None:
            self.set_plan(plan, remember=False)

    def _first_geometry(self) -> None:
        """No saved geometry: fill a laptop screen (1366×768), else a comfortable size."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        if available.width() <= 1440 or available.height() <= 820:
            self.setGeometry(available)
        else:
            self.resize(1280, 800)
            self.move(available.center() - self.rect().center())

    # -- plan ----------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.plan is None or self.plan.read_only

    @property
    def editing(self) -> Editing:
        assert self._editing is not None, "no plan is open"
        return self._editing

    def set_plan(self, plan: Plan, *, remember: bool = True) -> None:
        """Show ``plan`` (closing the one shown before, with a backup)."""
        old = self.plan
        self._stop_checks()  # nothing of the old plan may land in the new one's docks
        if old is not None and old is not plan:
            self._close_plan(old)
        self.plan = plan
        self.undo_stack.clear()
        self.findings = []
        if not self.views:
            self._build_plan_widgets()
        assert self._editing is not None
        self._editing.forget(None)
        self._start_checks()
        for view in self.views:
            view.apply_read_only()
        self._stale = {i: None for i in range(self.tabs.count())}
        self.pages.setCurrentWidget(self.tabs)
        if remember and plan.location.path is not None:
            app_settings.add_recent_plan(str(plan.location.path))
        self._update_title()
        self._update_actions()
        self._tab_shown(self.tabs.currentIndex())
        self.statusBar().showMessage(
            f"Opened {plan.name}{' read-only' if plan.read_only else ''}.", 5000
        )
        self.plan_opened.emit()

    def _build_plan_widgets(self) -> None:
        # Imported here, not at the top: the window is shown before these load.
        from ui.editing import Editing
        from ui.findings import FindingsDock
        from ui.overview import OverviewWidget
        from ui.views.authorisations import AuthorisationsView
        from ui.views.missions import MissionsView
        from ui.views.personnel import PersonnelView
        from ui.views.units import UnitsView

        self._editing = Editing(self)
        self.overview = OverviewWidget(runner=self.runner)
        self.overview.activated.connect(self.show_record)
        self.overview.findings_requested.connect(self._show_findings_of)
        self.tabs.blockSignals(True)
        self.tabs.addTab(self.overview, "Overview")
        self.views = [MissionsView(self), AuthorisationsView(self), UnitsView(self)]
        self.views.append(PersonnelView(self))
        for view in self.views:
            self.tabs.addTab(view, view.title)
        self.tabs.setCurrentIndex(min(app_settings.saved_tab(), self.tabs.count() - 1))
        self.tabs.blockSignals(False)
        self.findings_dock = FindingsDock(self)
        self.findings_dock.activated.connect(self.show_record)
        if not self.restoreDockWidget(self.findings_dock):
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
            # tabify(a, b) puts b on top: the findings are what a planner looks at.
            self.tabifyDockWidget(self.undo_dock, self.findings_dock)
            QTimer.singleShot(0, self.findings_dock, self.findings_dock.raise_)
            # The tables get the height; the findings a strip they can grow from.
            self.resizeDocks([self.findings_dock], [210], Qt.Orientation.Vertical)
        self.actions_["view_menu"].insertAction(
            self.actions_["view_undo"], self.findings_dock.toggleViewAction()
        )

    def _stop_checks(self) -> None:
        if self.checks is not None:
            self.checks.findings_changed.disconnect(self._findings_changed)
            self.checks.deleteLater()
            self.checks = None

    def _start_checks(self) -> None:
        from ui.checking import CheckController

        self._stop_checks()
        assert self.plan is not None
        self.checks = CheckController(self.plan, self.runner, self)
        self.checks.findings_changed.connect(self._findings_changed)
        self.findings_label.setText("Checking…")
        # The first check runs on the worker once the window has painted (and not at all
        # if the controller is gone by then: the context object cancels the timer).
        checks = self.checks
        QTimer.singleShot(0, checks, lambda: checks.refresh(None))

    def _close_plan(self, plan: Plan, *, closing: bool = False) -> None:
        from planner.errors import PlannerError

        self.runner.wait_idle(30)
        try:
            plan.close(backup=True)
        except (PlannerError, OSError) as exc:
            error = (
                exc
                if isinstance(exc, PlannerError)
                else PlannerError(f"The backup on closing failed: {exc.strerror or exc}.")
            )
            if not closing:
                self.show_error(error)
                return
            # The window is going away: a box that waits, or the planner never sees it.
            QMessageBox.warning(self, APP_TITLE, f"{error.message} The plan itself is saved.")

    def open_target(self, target: str, *, create: bool = False, remember: bool = True) -> bool:
        """Open the plan at ``target``; if another process holds it, say who and offer to
        open it read-only or not at all."""
        from planner.engine import locate
        from planner.errors import PlanLockedError, PlannerError
        from planner.plan import open_plan
        from ui.dialogs import prompts

        try:
            if self.plan is not None and locate(target).url == self.plan.location.url:
                self.statusBar().showMessage(f"{self.plan.name} is already open.", 5000)
                return True
        except PlannerError:
            pass  # open_plan below says what is wrong with the target
        try:
            plan = open_plan(target, create=create)
        except PlanLockedError as exc:
            if not prompts.ask_open_read_only(self, exc.message):
                return False
            try:
                plan = open_plan(target, read_only=True)
            except PlannerError as again:
                self.show_error(again)
                return False
        except PlannerError as exc:
            self.show_error(exc)
            return False
        self.set_plan(plan, remember=remember)
        return True

    def reload(self) -> None:
        """Show the plan as it is saved now; the undo history no longer applies."""
        self.undo_stack.clear()
        self.after_change(None)

    # -- changes -------------------------------------------------------------------------

    def after_change(self, change_set: ChangeSet | None) -> None:
        """Refresh what shows the changed entities (None: everything) and recheck."""
        if self.plan is None:
            return
        entities = None if change_set is None else change_set.entities()
        if self._editing is not None:
            self._editing.forget(entities)
        for index, view in enumerate(self.views, start=1):
            if not view.needs(entities):
                continue
            pending = self._stale.get(index, {})
            if change_set is None or pending is None:
                self._stale[index] = None
            else:
                for entity in change_set.entities():
                    pending[entity] = pending.get(entity, set()) | change_set.ids(entity)
                self._stale[index] = pending
        self._tab_shown(self.tabs.currentIndex())
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.view.refresh(entities)
        if change_set is not None and change_set.description:
            self.statusBar().showMessage(change_set.description, 5000)
        if self.checks is not None:
            self.findings_label.setText("Checking…")
            self.checks.refresh(change_set)

    def _tab_shown(self, index: int) -> None:
        if self.plan is None or index < 1 or index not in self._stale:
            return
        pending = self._stale.pop(index)
        view = self.views[index - 1]
        if pending is None:
            view.refresh(None)
        else:
            view.refresh(set(pending), pending)

    def _findings_changed(self, findings: list[Any]) -> None:
        from ui.findings_model import summary_text

        self.findings = findings
        self.findings_dock.set_findings(findings)
        self.findings_label.setText(summary_text(findings))
        if self.plan is not None:
            self.overview.refresh(self.plan, findings)

    # -- navigation ----------------------------------------------------------------------

    def show_record(self, kind: str, key: str) -> bool:
        """Select the mission, authorisation, unit, rotation or person named ``key``."""
        tab = TAB_OF_KIND.get(kind)
        if tab is None or self.plan is None:
            return False
        self.tabs.setCurrentIndex(tab)
        return self.views[tab - 1].select(kind, key)

    def _show_findings_of(self, severity: str) -> None:
        self.findings_dock.show()
        self.findings_dock.raise_()
        self.findings_dock.set_severity_filter(severity)

    def current_view(self) -> PlanView | None:
        index = self.tabs.currentIndex()
        return self.views[index - 1] if self.plan is not None and index >= 1 else None

    # -- messages ------------------------------------------------------------------------

    def show_error(self, exc: BaseException) -> None:
        from ui.errors import show_error

        show_error(self, exc)

    def _update_title(self) -> None:
        if self.plan is None:
            self.setWindowTitle(APP_TITLE)
            return
        suffix = " (read-only)" if self.plan.read_only else ""
        self.setWindowTitle(f"{self.plan.name}{suffix} — {APP_TITLE}")

    def _update_actions(self) -> None:
        has_plan = self.plan is not None
        for name in ("import", "export_plan", "export_roster", "backup", "check", "settings"):
            self.actions_[name].setEnabled(has_plan)
        for name in ("import", "delete"):
            self.actions_[name].setEnabled(has_plan and not self.read_only)
        self.actions_["find"].setEnabled(has_plan)

    # -- menu actions --------------------------------------------------------------------

    def file_action(self, name: str) -> None:
        """Import, export and backup (ui.file_actions) run on the worker with progress."""
        if self.plan is None:
            return
        module = importlib.import_module("ui.file_actions")
        getattr(module, name)(self)

    def check_now(self) -> None:
        """Plan ▸ Check plan: a full check with a progress dialog that can be cancelled."""
        if self.checks is not None:
            self.findings_label.setText("Checking…")
            self.checks.check_now()

    def delete_selected(self) -> None:
        """Edit ▸ Delete: the selected row of the table that has the focus, and no other
        (a Delete pressed in the findings dock must not delete a record elsewhere)."""
        view = self.current_view()
        panel = view.panel_with_focus() if view is not None else None
        if panel is None or self.read_only:
            self.statusBar().showMessage("Select a row in a table to delete it.", 5000)
            return
        panel.delete_selected()

    def find_in_table(self) -> None:
        view = self.current_view()
        if view is None:
            self.tabs.setCurrentIndex(len(self.views))
            view = self.current_view()
        if view is not None:
            search = view.focused_panel().search
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            search.selectAll()

    def open_settings(self) -> None:
        from ui.views.plan_settings import PlanSettingsDialog

        if self.plan is None:
            return
        if self.settings_dialog is None:
            self.settings_dialog = PlanSettingsDialog(self)
        self.settings_dialog.view.refresh(None)
        self.settings_dialog.view.apply_read_only()
        self.settings_dialog.show()
        self.settings_dialog.raise_()

    # -- closing -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        app_settings.save_window_state(self, self.tabs.currentIndex() if self.views else None)
        # Stop the worker while the window and its children are whole: the running job
        # (a check, or an import or export the planner walks away from) is cancelled and
        # rolls back, queued work is dropped, and the plan is closed only once the worker
        # no longer uses it.
        self._stop_checks()
        self.runner.shutdown()
        if self.plan is not None:
            self._close_plan(self.plan, closing=True)
        event.accept()
