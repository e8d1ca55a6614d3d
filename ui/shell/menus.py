"""The menu bar and the toolbar, made from the action registry.

The window has its menus from the start (File ▸ Open before any plan); the features'
actions join them when the features are mounted (with the first plan), and the menus are
then rebuilt in the registry's order. Standard shortcuts are the platform's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox, QTabWidget

from ui import APP_TITLE
from ui.feature.actions import Menu
from ui.shell.registry import ActionRegistry
from ui.widgets.messages import Messages


class MenuBar(QObject):
    """The window's menus and toolbar over ``registry``."""

    def __init__(self, window: QMainWindow, registry: ActionRegistry) -> None:
        super().__init__(window)
        self._window = window
        self._registry = registry
        bar = window.menuBar()
        self.menus: dict[Menu, QMenu] = {
            Menu.FILE: bar.addMenu(self.tr("&File")),
            Menu.EDIT: bar.addMenu(self.tr("&Edit")),
            Menu.VIEW: bar.addMenu(self.tr("&View")),
            Menu.PLAN: bar.addMenu(self.tr("&Plan")),
            Menu.HELP: bar.addMenu(self.tr("&Help")),
        }
        self.go_to_tab = QMenu(self.tr("Go to &tab"), window)
        self.tab_actions: list[QAction] = []
        self.toolbar = window.addToolBar(self.tr("Main actions"))
        self.toolbar.setObjectName("mainToolBar")  # saveState() needs it
        self.toolbar.setIconSize(QSize(22, 22))
        self.toolbar.setMovable(False)

    def rebuild(self, tabs: QTabWidget | None, docks: Sequence[QDockWidget]) -> None:
        """Fill the menus and the toolbar again from the registry (after a mount)."""
        for menu, qmenu in self.menus.items():
            qmenu.clear()
            groups = self._registry.in_menu(menu)
            if menu is Menu.VIEW:
                groups = [[self.go_to_tab.menuAction()], [d.toggleViewAction() for d in docks]]
                groups += self._registry.in_menu(menu)
            for number, group in enumerate(g for g in groups if g):
                if number:
                    qmenu.addSeparator()
                qmenu.addActions(group)
        self._fill_go_to_tab(tabs)
        self.toolbar.clear()
        for number, group in enumerate(self._registry.on_toolbar()):
            if number:
                self.toolbar.addSeparator()
            self.toolbar.addActions(group)

    def _fill_go_to_tab(self, tabs: QTabWidget | None) -> None:
        self.go_to_tab.clear()
        for action in self.tab_actions:
            action.deleteLater()
        self.tab_actions = []
        if tabs is None:
            self.go_to_tab.menuAction().setEnabled(False)
            return
        self.go_to_tab.menuAction().setEnabled(True)
        for index in range(tabs.count()):
            action = QAction(tabs.tabText(index), self._window)
            if index < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(partial(tabs.setCurrentIndex, index))
            self.go_to_tab.addAction(action)
            self.tab_actions.append(action)


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, shortcut) of every menu action that has a shortcut."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                sub = action.menu()
                assert isinstance(sub, QMenu)
                walk(sub, f"{path} ▸ {sub.title().replace('&', '')}")
            elif action.shortcut().toString():
                # The primary key only: the others are keyboard keys such as "Find".
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                rows.append((path, action.text().replace("&", "").rstrip("…"), keys))

    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            walk(menu, menu.title().replace("&", ""))
    return rows


def show_shortcuts(window: QMainWindow, messages: Messages) -> None:
    lines = "".join(
        f"<tr><td>{menu}</td><td>{text}</td><td><b>{keys}</b></td></tr>"
        for menu, text, keys in shortcut_rows(window)
    )
    box = QMessageBox(window)
    box.setWindowTitle(QCoreApplication.translate("Shortcuts", "Keyboard shortcuts"))
    box.setText(f"<table cellspacing='6'>{lines}</table>")
    messages.present(box)


def show_about(window: QMainWindow, messages: Messages) -> None:
    box = QMessageBox(window)
    box.setWindowTitle(QCoreApplication.translate("About", "About {app}").format(app=APP_TITLE))
    box.setIconPixmap(window.windowIcon().pixmap(64, 64))
    box.setText(
        QCoreApplication.translate(
            "About",
            "<h3>{app}</h3><p>Plans peacekeeping contingent rotations against the "
            "authorisations of parliament: who goes to which UN mission, when each "
            "contingent rotates, and whether the plan stays within every ceiling on every "
            "day.</p>",
        ).format(app=APP_TITLE)
    )
    messages.present(box)
