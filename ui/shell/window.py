"""The main window: the shell the feature packages are mounted in.

The window can exist without a plan (it is shown before the plan is opened, so that it
appears at once; and after a plan failed to open). The features (``ui.catalogue``), and
with them SQLAlchemy and the rules, are loaded when the first plan arrives.

The window is the features' ``FeatureContext``: it runs the checks, owns the undo stack,
the worker and the edits, and announces what happens (``events``): a plan opened, a
ChangeSet (each tab refreshes itself from it), findings and the overview's figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QUndoView,
    QWidget,
)

from ui import APP_TITLE
from ui.feature.actions import Action, ActionSpec, Menu, Needs
from ui.feature.context import PlanEvents
from ui.ops.runner import TaskRunner
from ui.resources import Icon, icon
from ui.shell import settings as app_settings
from ui.shell.menus import MenuBar, show_about, show_shortcuts
from ui.shell.registry import ActionRegistry
from ui.widgets.messages import Messages

if TYPE_CHECKING:
    from planner.app import ChangeSet, Finding, PlanSession
    from ui.feature.mount import Feature
    from ui.feature.tab import FeatureTab
    from ui.ops.checks import CheckController
    from ui.ops.edits import Edits

T = TypeVar("T", bound=QWidget)
Std = QKeySequence.StandardKey


class MainWindow(QMainWindow):
    plan_opened = Signal()  # a plan is attached and the visible tab is filled

    def __init__(
        self,
        session: PlanSession | None = None,
        *,
        restore: bool = True,
        messages: Messages | None = None,
        features: Sequence[Feature] | None = None,
    ) -> None:
        """``messages``: every box and question (tests pass a recording one);
        ``features``: the feature packages to mount (default: ``ui.catalogue``)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon(Icon.APP))
        self._session: PlanSession | None = None
        self.findings: list[Finding] = []
        self.tabs_: list[FeatureTab] = []
        self.docks: list[QDockWidget] = []
        self.checks: CheckController | None = None
        self._edits: Edits | None = None
        if features is None:
            from ui.catalogue import features as catalogue

            features = catalogue()
        self._features = features
        self._messages = messages or Messages(self)
        self._events = PlanEvents(self)
        self.undo_stack = QUndoStack(self)
        self._runner = TaskRunner(
            self,
            report=lambda exc: self._messages.error(self, exc),
            status=lambda text: self.status(text),
        )

        self.pages = QStackedWidget()
        self.no_plan = QLabel(
            self.tr(
                "<p style='font-size: 12pt'>No plan is open.</p><p>Open one with "
                "<b>File ▸ Open plan</b>, or start one with <b>File ▸ New plan</b>.</p>"
            )
        )
        self.no_plan.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_plan.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.pages.addWidget(self.no_plan)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)

        self.undo_view = QUndoView(self.undo_stack)
        self.undo_view.setEmptyLabel(self.tr("Plan as opened"))
        self.undo_dock = QDockWidget(self.tr("Undo history"), self)
        self.undo_dock.setObjectName("undoDock")
        self.undo_dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.undo_dock)

        self.registry = ActionRegistry(self)
        for spec in self._shell_actions():
            self.registry.add(spec, self._undo_action(spec.action))
        for feature in self._features:
            for spec in feature.actions(self):
                self.registry.add(spec)
        self.menus = MenuBar(self, self.registry)
        self.menus.rebuild(None, [self.undo_dock])
        self._restored = restore and app_settings.restore_geometry(self)
        if not self._restored:
            self._first_geometry()
        if restore:
            app_settings.restore_dock_state(self)
        self._update_title()
        self._update_actions()
        if session is not None:
            self.set_session(session, remember=False)

    def _shell_actions(self) -> list[ActionSpec]:
        return [
            ActionSpec(Action.NEW_PLAN, self.tr("&New plan…"), Menu.FILE, self.new_plan,
                       shortcut=Std.New, needs=Needs.NOTHING),
            ActionSpec(Action.OPEN_PLAN, self.tr("&Open plan…"), Menu.FILE, self.open_plan_file,
                       shortcut=Std.Open, icon=Icon.OPEN, needs=Needs.NOTHING),
            ActionSpec(Action.RECENT_PLANS, self.tr("Open &recent"), Menu.FILE,
                       submenu=self._fill_recent, needs=Needs.NOTHING),
            ActionSpec(Action.QUIT, self.tr("&Quit"), Menu.FILE, self.close, group=9,
                       shortcut=Std.Quit, needs=Needs.NOTHING),
            ActionSpec(Action.UNDO, self.tr("&Undo"), Menu.EDIT, shortcut=Std.Undo,
                       icon=Icon.UNDO, toolbar=0),
            ActionSpec(Action.REDO, self.tr("&Redo"), Menu.EDIT, shortcut=Std.Redo,
                       icon=Icon.REDO, toolbar=1),
            ActionSpec(Action.DELETE, self.tr("&Delete"), Menu.EDIT, self.delete_selected,
                       group=1, shortcut=Std.Delete, needs=Needs.WRITABLE),
            ActionSpec(Action.FIND, self.tr("&Find"), Menu.EDIT, self.find_in_table, group=1,
                       shortcut=Std.Find),
            ActionSpec(Action.ASSIGN, self.tr("&Assign…"), Menu.EDIT, group=2, icon=Icon.ASSIGN,
                       tip=self.tr("Assign a person to a rotation or an individual post"),
                       needs=Needs.TAB, toolbar=40),
            ActionSpec(Action.MOVE_ROTATION, self.tr("&Move rotation…"), Menu.EDIT, group=2,
                       icon=Icon.MOVE,
                       tip=self.tr("Move the selected rotation and its people to a new start"),
                       needs=Needs.TAB, toolbar=41),
            ActionSpec(Action.RELOAD, self.tr("Re&load from the plan"), Menu.VIEW, self.reload,
                       shortcut=Std.Refresh),
            ActionSpec(Action.CHECK, self.tr("&Check plan"), Menu.PLAN, self.check_now,
                       shortcut="Ctrl+Shift+C", icon=Icon.CHECK,
                       tip=self.tr("Check every rule over the whole plan"), toolbar=10),
            ActionSpec(Action.SHORTCUTS, self.tr("&Keyboard shortcuts"), Menu.HELP,
                       lambda: show_shortcuts(self, self._messages), shortcut=Std.HelpContents,
                       needs=Needs.NOTHING),
            ActionSpec(Action.ABOUT, self.tr("&About {app}").format(app=APP_TITLE), Menu.HELP,
                       lambda: show_about(self, self._messages), needs=Needs.NOTHING),
        ]  # fmt: skip

    def _undo_action(self, action: Action) -> QAction | None:
        """Undo and Redo follow the stack: enabled when it can, naming the step."""
        stack = self.undo_stack
        if action is Action.UNDO:
            undo = QAction(self.tr("&Undo"), self)
            undo.setEnabled(False)
            undo.triggered.connect(stack.undo)
            stack.canUndoChanged.connect(undo.setEnabled)
            stack.undoTextChanged.connect(
                lambda text: undo.setText(
                    self.tr("&Undo {step}").format(step=text) if text else self.tr("&Undo")
                )
            )
            return undo
        if action is Action.REDO:
            redo = QAction(self.tr("&Redo"), self)
            redo.setEnabled(False)
            redo.triggered.connect(stack.redo)
            stack.canRedoChanged.connect(redo.setEnabled)
            stack.redoTextChanged.connect(
                lambda text: redo.setText(
                    self.tr("&Redo {step}").format(step=text) if text else self.tr("&Redo")
                )
            )
            return redo
        return None

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

    # -- FeatureContext ------------------------------------------------------------------

    @property
    def events(self) -> PlanEvents:
        return self._events

    @property
    def messages(self) -> Messages:
        return self._messages

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    @property
    def edits(self) -> Edits:
        assert self._edits is not None, "no plan is open"
        return self._edits

    @property
    def session(self) -> PlanSession:
        assert self._session is not None, "no plan is open"
        return self._session

    @property
    def has_plan(self) -> bool:
        return self._session is not None

    @property
    def read_only(self) -> bool:
        return self._session is None or self._session.read_only

    def dialog_parent(self) -> QWidget:
        return self

    def status(self, text: str, timeout_ms: int = 5000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # -- plan ----------------------------------------------------------------------------

    def set_session(self, session: PlanSession, *, remember: bool = True) -> None:
        """Show the plan of ``session`` (closing the one shown before, with a backup)."""
        old = self._session
        self._stop_checks()  # nothing of the old plan may land in the new one's docks
        if old is not None and old is not session:
            self._close_session(old)
        self._session = session
        self.undo_stack.clear()
        self.findings = []
        if self._edits is None:
            self._mount()
        self.edits.forget(None)
        self.pages.setCurrentWidget(self.tabs)
        self._events.plan_opened.emit()  # the visible tab fills itself now
        self._start_checks()
        if remember and session.path is not None:
            app_settings.add_recent_plan(str(session.path))
        self._update_title()
        self._update_actions()
        if session.read_only:
            self.status(self.tr("Opened {plan} read-only.").format(plan=session.name))
        else:
            self.status(self.tr("Opened {plan}.").format(plan=session.name))
        self.plan_opened.emit()

    def _mount(self) -> None:
        """Make the edits and mount the feature packages (loaded now, not at start)."""
        from ui.ops.edits import Edits

        self._edits = Edits(
            self,
            runner=self._runner,
            messages=self._messages,
            undo_stack=self.undo_stack,
            session=lambda: self.session,
            announce=self.after_change,
            reload=self.reload,
        )
        self.tabs.blockSignals(True)
        for feature in self._features:
            mounted = feature.mount(self)
            for tab in mounted.tabs:
                self.tabs_.append(tab)
                self.tabs.addTab(tab, tab.title)
            for dock in mounted.docks:
                self._add_dock(dock)
            for widget in mounted.status_widgets:
                self.statusBar().addPermanentWidget(widget)
        self.tabs.setCurrentIndex(min(app_settings.saved_tab(), self.tabs.count() - 1))
        self.tabs.blockSignals(False)
        self.menus.rebuild(self.tabs, [*self.docks, self.undo_dock])

    def _add_dock(self, dock: QDockWidget) -> None:
        self.docks.append(dock)
        if not self.restoreDockWidget(dock):
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            # tabify(a, b) puts b on top: a feature's dock is what a planner looks at.
            self.tabifyDockWidget(self.undo_dock, dock)
            QTimer.singleShot(0, dock, dock.raise_)
            # The tables get the height; the dock a strip it can grow from.
            self.resizeDocks([dock], [210], Qt.Orientation.Vertical)

    def _stop_checks(self) -> None:
        if self.checks is not None:
            self.checks.findings_changed.disconnect(self._findings_changed)
            self.checks.facts_changed.disconnect(self._events.facts_changed)
            self.checks.deleteLater()
            self.checks = None

    def _start_checks(self) -> None:
        from ui.ops.checks import CheckController

        self._stop_checks()
        checks = CheckController(
            self.session,
            self._runner,
            self,
            report=lambda exc: self._messages.error(self, exc, title=self.tr("Check")),
        )
        checks.findings_changed.connect(self._findings_changed)
        checks.facts_changed.connect(self._events.facts_changed)
        self.checks = checks
        self._events.checking.emit()
        # The first check runs on the worker once the window has painted (and not at all
        # if the controller is gone by then: the context object cancels the timer).
        QTimer.singleShot(0, checks, lambda: checks.refresh(None))

    def _close_session(self, session: PlanSession, *, closing: bool = False) -> None:
        from planner.errors import PlannerError

        self._runner.wait_idle(30)
        try:
            session.close(backup=True)
        except (PlannerError, OSError) as exc:
            error = (
                exc
                if isinstance(exc, PlannerError)
                else PlannerError(
                    self.tr("The backup on closing failed: {error}.").format(
                        error=exc.strerror or exc
                    )
                )
            )
            if not closing:
                self._messages.error(self, error)
                return
            # The window is going away: a box that waits, or the planner never sees it.
            self._messages.warn_and_wait(
                self, self.tr("{error} The plan itself is saved.").format(error=error.message)
            )

    def open_target(self, target: str, *, create: bool = False, remember: bool = True) -> bool:
        """Open the plan at ``target``; if another process holds it, say who and offer to
        open it read-only or not at all."""
        from planner.app import PlanSession
        from planner.errors import PlanLockedError, PlannerError

        if self._session is not None and self._session.is_same_plan(target):
            self.status(self.tr("{plan} is already open.").format(plan=self._session.name))
            return True
        try:
            session = PlanSession.open(target, create=create)
        except PlanLockedError as exc:
            if not self._messages.ask_open_read_only(self, exc.message):
                return False
            try:
                session = PlanSession.open(target, read_only=True)
            except PlannerError as again:
                self._messages.error(self, again)
                return False
        except PlannerError as exc:
            self._messages.error(self, exc)
            return False
        self.set_session(session, remember=remember)
        return True

    def new_plan(self) -> None:
        from planner.app import plan_exists
        from planner.errors import PlanOpenError

        path = self._messages.choose_new_plan(self)
        if not path:
            return
        if plan_exists(path):
            self._messages.error(
                self,
                PlanOpenError(
                    self.tr("{path} already holds a plan; open it with File ▸ Open plan.").format(
                        path=path
                    )
                ),
            )
            return
        self.open_target(path, create=True)

    def open_plan_file(self) -> None:
        path = self._messages.choose_plan_to_open(self)
        if path:
            self.open_target(path)

    def _fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        plans = app_settings.recent_plans()
        for target in plans:
            action = menu.addAction(target)
            action.triggered.connect(lambda _c=False, t=target: self.open_target(t))
        if not plans:
            menu.addAction(self.tr("No recent plans")).setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(self.tr("Clear the list")).triggered.connect(
                app_settings.clear_recent_plans
            )

    def reload(self) -> None:
        """Show the plan as it is saved now; the undo history no longer applies."""
        self.undo_stack.clear()
        self.after_change(None)

    # -- changes -------------------------------------------------------------------------

    def after_change(self, change_set: ChangeSet | None) -> None:
        """Announce a change (None: everything) to the tabs and recheck."""
        if self._session is None:
            return
        if self._edits is not None:
            self._edits.forget(None if change_set is None else change_set.entities())
        self._events.changed.emit(change_set)
        if change_set is not None and change_set.description:
            self.status(change_set.description)
        if self.checks is not None:
            self._events.checking.emit()
            self.checks.refresh(change_set)

    def _findings_changed(self, findings: list[Finding]) -> None:
        self.findings = findings
        self._events.findings_changed.emit(findings)

    # -- tabs and navigation -------------------------------------------------------------

    def tab(self, kind: type[T]) -> T:
        """The mounted tab (or dock) of type ``kind``."""
        for widget in (*self.tabs_, *self.docks):
            if isinstance(widget, kind):
                return widget
        raise LookupError(f"no {kind.__name__} is mounted")

    def current_tab(self) -> FeatureTab | None:
        index = self.tabs.currentIndex()
        return (
            self.tabs_[index]
            if self._session is not None and 0 <= index < len(self.tabs_)
            else None
        )

    def _tab_changed(self, _index: int) -> None:
        self._update_actions()

    def show_record(self, kind: str, key: str) -> bool:
        """Select the mission, authorisation, unit, rotation or person named ``key``."""
        if self._session is None:
            return False
        for index, tab in enumerate(self.tabs_):
            if kind in tab.shows:
                self.tabs.setCurrentIndex(index)
                return tab.select(kind, key)
        return False

    # -- title and actions ---------------------------------------------------------------

    def _update_title(self) -> None:
        if self._session is None:
            self.setWindowTitle(APP_TITLE)
        elif self._session.read_only:
            self.setWindowTitle(
                self.tr("{plan} (read-only) — {app}").format(plan=self._session.name, app=APP_TITLE)
            )
        else:
            self.setWindowTitle(
                self.tr("{plan} — {app}").format(plan=self._session.name, app=APP_TITLE)
            )

    def _update_actions(self) -> None:
        tab = self.current_tab()
        slots: Mapping[Action, Callable[[], object]] = tab.tab_actions() if tab else {}
        self.registry.update(
            has_plan=self._session is not None, writable=not self.read_only, tab_slots=slots
        )

    # -- menu actions --------------------------------------------------------------------

    def check_now(self) -> None:
        """Plan ▸ Check plan: a full check with a progress dialog that can be cancelled."""
        if self.checks is not None:
            self._events.checking.emit()
            self.checks.check_now()

    def delete_selected(self) -> None:
        """Edit ▸ Delete: the selected row of the table that has the focus, and no other
        (a Delete pressed in the findings dock must not delete a record elsewhere)."""
        tab = self.current_tab()
        panel = tab.panel_with_focus() if tab is not None else None
        if panel is None or self.read_only:
            self.status(self.tr("Select a row in a table to delete it."))
            return
        panel.delete_selected()

    def find_in_table(self) -> None:
        tab = self.current_tab()
        panel = tab.focused_panel() if tab is not None else None
        if panel is None:
            # The Overview has no table: Find searches the people.
            for index, other in enumerate(self.tabs_):
                if "person" in other.shows:
                    self.tabs.setCurrentIndex(index)
                    panel = other.focused_panel()
                    break
        if panel is not None:
            panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            panel.search.selectAll()

    # -- closing -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        app_settings.save_window_state(self, self.tabs.currentIndex() if self.tabs_ else None)
        # Stop the worker while the window and its children are whole: the running job
        # (a check, or an import or export the planner walks away from) is cancelled and
        # rolls back, queued work is dropped, and the plan is closed only once the worker
        # no longer uses it.
        self._stop_checks()
        self._runner.shutdown()
        if self._session is not None:
            self._close_session(self._session, closing=True)
        event.accept()
