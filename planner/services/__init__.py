"""One function per planner action. Each validates, runs in one transaction and returns
the ChangeSet it made, which ``revert`` undoes exactly."""

from planner.services.assignments import assign_person, set_assignment_status, unassign_person
from planner.services.changes import Change, ChangeSet
from planner.services.crud import create, delete, dependents, get, revert, update
from planner.services.rotations import move_rotation, resize_rotation, set_rotation_status

__all__ = [
    "Change",
    "ChangeSet",
    "assign_person",
    "create",
    "delete",
    "dependents",
    "get",
    "move_rotation",
    "resize_rotation",
    "revert",
    "set_assignment_status",
    "set_rotation_status",
    "unassign_person",
    "update",
]
