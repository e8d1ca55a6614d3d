"""Running operations, undo and redo, and checks off the GUI thread."""
