"""The window's actions as typed objects: every action has an ``Action`` member, and the
shell or a feature describes it with an ``ActionSpec`` (text, menu, icon, shortcut, when
it is enabled, what it does). The shell's ``ActionRegistry`` makes one QAction of each
and puts it in its menu and, if asked, on the toolbar.

Adding an action: a member here, and an ``ActionSpec`` in the ``Mounted`` of the feature
that does it (see ``ui.feature.mount``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from ui.resources import Icon


class Action(Enum):
    # File
    NEW_PLAN = auto()
    OPEN_PLAN = auto()
    RECENT_PLANS = auto()
    IMPORT = auto()
    EXPORT_PLAN = auto()
    EXPORT_ROSTER = auto()
    BACKUP = auto()
    QUIT = auto()
    # Edit
    UNDO = auto()
    REDO = auto()
    DELETE = auto()
    FIND = auto()
    ASSIGN = auto()
    MOVE_ROTATION = auto()
    # View
    RELOAD = auto()
    # Plan
    CHECK = auto()
    PLAN_SETTINGS = auto()
    # Help
    SHORTCUTS = auto()
    ABOUT = auto()


class Menu(Enum):
    """The menus, in the menu bar's order."""

    FILE = auto()
    EDIT = auto()
    VIEW = auto()
    PLAN = auto()
    HELP = auto()


class Needs(Enum):
    """When an action is enabled."""

    NOTHING = auto()  # always
    PLAN = auto()  # a plan is open
    WRITABLE = auto()  # a plan is open for writing
    TAB = auto()  # the current tab offers it (FeatureTab.tab_actions), plan writable


Shortcut = QKeySequence.StandardKey | str


@dataclass(frozen=True)
class ActionSpec:
    """What an action is. ``text`` is translated by whoever makes the spec.

    ``group``: actions of one menu are sorted by group (then as given), with a separator
    between groups. ``toolbar``: the position on the toolbar (None: not on it), with a
    separator where the tens change. ``submenu``: fills the action's submenu each time it
    opens (File ▸ Open recent) instead of ``triggered``."""

    action: Action
    text: str
    menu: Menu
    triggered: Callable[[], object] | None = None
    group: int = 0
    shortcut: Shortcut | None = None
    icon: Icon | None = None
    tip: str = ""
    needs: Needs = Needs.PLAN
    toolbar: int | None = None
    submenu: Callable[[QMenu], None] | None = None
