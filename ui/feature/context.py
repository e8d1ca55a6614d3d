"""What a feature package is given: a ``FeatureContext`` (the shell implements it) and
the ``PlanEvents`` it can listen to. A feature never imports the shell or another
feature; everything it needs of them comes through here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from planner.app import ChangeSet, PlanSession
    from ui.ops.edits import Edits
    from ui.ops.runner import TaskRunner
    from ui.widgets.messages import Messages


class PlanEvents(QObject):
    """What happens to the open plan, as the shell announces it."""

    plan_opened = Signal()  # a plan is attached (or another one; read-only may differ)
    # ChangeSet, or None: anything may have changed (a reload; an import's whole_plan)
    changed = Signal(object)
    checking = Signal()  # a check started; findings follow
    findings_changed = Signal(object)  # list[Finding], sorted
    facts_changed = Signal(object)  # PlanFacts: the figures the same check published
    findings_requested = Signal(str)  # the planner asked to see the findings of a severity


class FeatureContext(Protocol):
    """The shell, as a feature sees it."""

    @property
    def events(self) -> PlanEvents: ...

    @property
    def messages(self) -> Messages: ...

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def edits(self) -> Edits: ...

    @property
    def session(self) -> PlanSession:
        """The open plan, through planner.app (only asked for while one is open): every
        read a feature shows and every operation it runs."""
        ...

    @property
    def has_plan(self) -> bool: ...

    @property
    def read_only(self) -> bool: ...

    def dialog_parent(self) -> QWidget:
        """The widget dialogs and message boxes belong to."""
        ...

    def status(self, text: str, timeout_ms: int = 5000) -> None:
        """A passing message in the status bar."""
        ...

    def show_record(self, kind: str, key: str) -> bool:
        """Show the mission, authorisation, unit, rotation or person ``key``."""
        ...

    def after_change(self, change_set: ChangeSet | None) -> None:
        """Announce a change made outside the undo stack (an import: None)."""
        ...
