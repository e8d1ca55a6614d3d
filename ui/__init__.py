"""The Qt desktop application: one face over planner's services, built by concern.

- ``ui.shell``: the main window, its action registry, menus and toolbar, what the window
  remembers between runs.
- ``ui.ops``: the op runner (one worker thread), the undoable edits, the checks.
- ``ui.feature``: what every feature package is given (a ``FeatureContext``) and gives
  back (a ``Mounted``: tabs, docks, actions, status widgets).
- one package per feature (``overview``, ``findings``, ``missions``, ``authorisations``,
  ``units``, ``personnel``, ``files``, ``settings``), mounted by ``ui.catalogue``; features
  import neither each other nor the shell.
- ``ui.widgets``: shared widgets (table panel, forms, editors, dialogs, messages).
"""

from typing import Final

APP_TITLE: Final = "Rotation Planner"
"""The application's name: the same in every language, so not translated."""

APP_ID: Final = "rotation-planner"
"""Its machine name: the desktop file, the icon, the settings folder."""
