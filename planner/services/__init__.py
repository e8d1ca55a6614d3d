"""One function per planner action. Each validates, runs in one transaction and returns
the ChangeSet it made, which ``revert`` undoes exactly. Each also has an ``*_in`` form
(``create_record``, ``move_rotation_in`` …) that works inside the caller's transaction,
so that an operation of ``planner.app`` can compose several in one."""

from planner.changes import Change, ChangeSet
from planner.services.assignments import assign_person, set_assignment_status, unassign_person
from planner.services.crud import create, delete, dependents, get, revert, update
from planner.services.rotations import (
    edit_rotation,
    move_rotation,
    resize_rotation,
    set_rotation_status,
)

__all__ = [
    "Change",
    "ChangeSet",
    "assign_person",
    "create",
    "delete",
    "dependents",
    "edit_rotation",
    "get",
    "move_rotation",
    "resize_rotation",
    "revert",
    "set_assignment_status",
    "set_rotation_status",
    "unassign_person",
    "update",
]
