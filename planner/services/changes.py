"""Moved to ``planner.changes`` (the window and the app layer share it); kept for the
imports that still name it here."""

from planner.changes import Change, ChangeKind, ChangeSet

__all__ = ["Change", "ChangeKind", "ChangeSet"]
