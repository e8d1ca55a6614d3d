"""Dialogs of the window: add/edit forms built from planner.fields, assigning, questions."""
