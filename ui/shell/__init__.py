"""The window's shell: main window, action registry, menus and toolbar, settings."""
