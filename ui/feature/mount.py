"""What a feature package gives the shell: a ``Feature``.

``actions(ctx)`` is asked for when the window is made (the menus and the toolbar are
whole before any plan is open; an action that needs a plan waits, greyed); ``mount(ctx)``
when the first plan arrives: the tabs (in order), docks and status-bar widgets. A feature
package's ``__init__`` imports only Qt and ``ui.feature``: its widgets, and with them the
planner, load in ``mount``. ``ui.catalogue`` lists the features in the window's order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDockWidget, QWidget

from ui.feature.actions import ActionSpec
from ui.feature.context import FeatureContext

if TYPE_CHECKING:
    from ui.feature.tab import FeatureTab


@dataclass(frozen=True)
class Mounted:
    tabs: Sequence[FeatureTab] = ()
    docks: Sequence[QDockWidget] = ()
    status_widgets: Sequence[QWidget] = ()


def _no_actions(_ctx: FeatureContext) -> Sequence[ActionSpec]:
    return ()


def _nothing_mounted(_ctx: FeatureContext) -> Mounted:
    return Mounted()


@dataclass(frozen=True)
class Feature:
    name: str
    mount: Callable[[FeatureContext], Mounted] = _nothing_mounted
    actions: Callable[[FeatureContext], Sequence[ActionSpec]] = _no_actions
