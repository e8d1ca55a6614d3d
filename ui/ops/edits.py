"""Edits from the window: dialogs and confirmations → operations on the worker → the
undo stack (as Anki's ``CollectionOp``: the GUI thread never waits for the database).

A tab asks ``Edits`` to add, edit, delete, assign or move; ``Edits`` opens the dialog or
asks the question, and submits the operation to the single worker. When it comes back:
done → an ``OperationCommand`` goes on the undo stack and the window is told what changed
(the ChangeSet); refused → the field problems go back to the open dialog and nothing
reaches the stack; a conflict (someone else changed the row) → the dialog closes and a
reload is offered, never an overwrite; anything else → one plain sentence. Undo and redo
run the same way (``submit``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from planner.app import (
    ENTITY_INFO,
    FIELDS,
    AssignPerson,
    ChangeSet,
    CreateRecord,
    DeleteRecord,
    EditRotation,
    MoveRotation,
    Operation,
    PlanSession,
    Progress,
    UpdateRecord,
)
from planner.errors import ConflictError, NotFoundError, PlannerError, ValidationError
from ui.ops.runner import TaskRunner
from ui.ops.undo import Direction, OperationCommand
from ui.widgets.assign import AssignDialog
from ui.widgets.form import EntityDialog, FormDialog
from ui.widgets.messages import Messages

translate = QCoreApplication.translate


def describe_dependents(counts: Mapping[str, int]) -> str:
    """'It also deletes 3 credentials, 1 absence and 2 assignments.'"""
    singular = {e.plural: e.label for e in ENTITY_INFO.values()}
    parts = [
        f"{n:,} {singular.get(plural, plural) if n == 1 else plural}"
        for plural, n in counts.items()
        if n
    ]
    if not parts:
        return translate("Edits", "Nothing else is deleted with it.")
    if len(parts) == 1:
        listed = parts[0]
    else:
        listed = translate("Edits", "{some} and {last}").format(
            some=", ".join(parts[:-1]), last=parts[-1]
        )
    return translate("Edits", "It also deletes {listed}.").format(listed=listed)


class Edits(QObject):
    """The window's edits. ``session`` gives the open plan; ``announce`` tells the
    window what changed; ``reload`` shows the plan as saved now (and clears the undo
    stack)."""

    def __init__(
        self,
        parent: QWidget,
        *,
        runner: TaskRunner,
        messages: Messages,
        undo_stack: QUndoStack,
        session: Callable[[], PlanSession],
        announce: Callable[[ChangeSet], None],
        reload: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._runner = runner
        self._messages = messages
        self._stack = undo_stack
        self._session = session
        self._announce = announce
        self._reload = reload
        self._choices: dict[str, list[tuple[int, str]]] = {}

    @property
    def session(self) -> PlanSession:
        return self._session()

    # -- reference choices (cached until their entity changes) ----------------------------

    def forget(self, entities: Iterable[str] | None) -> None:
        if entities is None:
            self._choices.clear()
        else:
            for name in entities:
                self._choices.pop(name, None)

    def choices(self, entity: str) -> list[tuple[int, str]]:
        if entity not in self._choices:
            self._choices[entity] = self.session.choices(entity)
        return self._choices[entity]

    def _choices_for(self, entity: str) -> dict[str, list[tuple[int, str]]]:
        return {s.ref: self.choices(s.ref) for s in FIELDS[entity] if s.kind == "ref"}

    # -- running operations --------------------------------------------------------------

    def run(
        self,
        operation: Operation[ChangeSet],
        *,
        dialog: FormDialog | None = None,
    ) -> None:
        """Run ``operation`` on the worker as an undoable step. Its outcome goes to
        ``dialog`` (closed when done, problems shown when refused) or, without one, to a
        box."""
        session = self.session

        def done(change_set: ChangeSet) -> None:
            if change_set.changes:
                self._stack.push(OperationCommand(self, change_set))  # announces it
            if dialog is not None:
                dialog.saved()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError) and dialog is not None:
                dialog.refused(exc.problems)
            elif isinstance(exc, ConflictError | NotFoundError):
                if dialog is not None:
                    dialog.reject()  # its values are stale: never save them over the new
                self.offer_reload(exc)
            else:
                if dialog is not None:
                    dialog.failed()
                self._messages.error(self._parent, exc)

        self._runner.run(
            operation.description,
            lambda progress: session.run(operation, progress),
            done,
            failed,
            quiet=True,
        )

    # -- undo and redo (OperationCommand's Steps) ---------------------------------------------

    def announce(self, change_set: ChangeSet) -> None:
        self.forget(change_set.entities())
        self._announce(change_set)

    def submit(self, command: OperationCommand, direction: Direction) -> None:
        state = command.state
        session = self.session

        def work(_progress: Progress) -> ChangeSet | None:
            source = state.done if direction is Direction.UNDO else state.undone
            if source is None:
                return None  # an earlier step of this command failed: nothing to revert
            return session.revert(source)

        def done(result: ChangeSet | None) -> None:
            if result is None:
                return
            if direction is Direction.UNDO:
                state.undone = result
            else:
                state.done = result
            self.announce(result)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError | NotFoundError) and self.offer_reload(exc):
                return  # reloaded: the stack is cleared
            if not isinstance(exc, ConflictError | NotFoundError):
                self._messages.error(self._parent, exc)
            self._put_back(command, direction)

        title = (
            translate("Edits", "Undoing") if direction is Direction.UNDO
            else translate("Edits", "Redoing")
        )  # fmt: skip
        self._runner.run(title, work, done, failed, quiet=True)

    def _put_back(self, command: OperationCommand, direction: Direction) -> None:
        """A step failed: the plan is where it was, so the stack goes back there too
        (moving without running anything); if the history moved on since, it no longer
        matches the plan and is cleared."""
        stack = self._stack
        position = next((i for i in range(stack.count()) if stack.command(i) is command), None)
        if direction is Direction.UNDO and position is not None and stack.index() == position:
            command.skip_next_step()
            stack.redo()
        elif (
            direction is Direction.REDO and position is not None and (stack.index() == position + 1)
        ):
            command.skip_next_step()
            stack.undo()
        else:
            stack.clear()

    # -- questions ------------------------------------------------------------------------

    def offer_reload(self, exc: PlannerError) -> bool:
        """Someone else changed what the window shows: offer to reload (True: reloaded)."""
        if self._messages.ask_reload(self._parent, exc.message):
            self._reload()
            return True
        return False

    def _current(self, entity: str, row_id: int, version: int | None) -> dict[str, Any] | None:
        """The record as saved now, or None (after offering a reload) when the window
        shows an older version of it than the plan holds."""
        try:
            current = self.session.get(entity, row_id)
        except NotFoundError as exc:
            self.offer_reload(exc)
            return None
        if version is not None and current.get("version") != version:
            name = self.session.describe(entity, current)
            self.offer_reload(
                ConflictError(
                    translate(
                        "Edits",
                        "The {kind} {name} was changed by someone else since the window showed it.",
                    ).format(kind=ENTITY_INFO[entity].label, name=name)
                )
            )
            return None
        return current

    def _show(self, dialog: FormDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal and non-blocking: the window keeps repainting

    # -- the actions ---------------------------------------------------------------------

    def add(
        self,
        entity: str,
        values: Mapping[str, Any] | None = None,
        locked: Iterable[str] = (),
    ) -> EntityDialog:
        dialog: EntityDialog

        def submit(raw: dict[str, Any]) -> None:
            self.run(CreateRecord(entity, raw), dialog=dialog)

        dialog = EntityDialog(
            self._parent,
            entity,
            translate("Edits", "Add {kind}").format(kind=ENTITY_INFO[entity].label),
            submit,
            values=values,
            choices=self._choices_for(entity),
            locked=locked,
        )
        self._show(dialog)
        return dialog

    def edit(
        self, entity: str, row_id: int, version: int | None, locked: Iterable[str] = ()
    ) -> EntityDialog | None:
        current = self._current(entity, row_id, version)
        if current is None:
            return None
        shown_version = current["version"]
        name = self.session.describe(entity, current)
        dialog: EntityDialog

        def submit(raw: dict[str, Any]) -> None:
            operation: Operation[ChangeSet] = (
                EditRotation(row_id, shown_version, raw)  # its people follow new dates
                if entity == "rotation"
                else UpdateRecord(entity, row_id, shown_version, raw)
            )
            self.run(operation, dialog=dialog)

        dialog = EntityDialog(
            self._parent,
            entity,
            translate("Edits", "Edit {kind} {name}")
            .format(kind=ENTITY_INFO[entity].label, name=name)
            .strip(),
            submit,
            values=current,
            choices=self._choices_for(entity),
            locked=locked,
        )
        self._show(dialog)
        return dialog

    def delete(self, entity: str, row_id: int, version: int | None) -> bool:
        """Ask, then delete (True: the delete was started)."""
        current = self._current(entity, row_id, version)
        if current is None:
            return False
        name = self.session.describe(entity, current)
        details = describe_dependents(self.session.dependents(entity, row_id))
        text = translate("Edits", "Delete the {kind} {name}?").format(
            kind=ENTITY_INFO[entity].label, name=name
        )
        if not self._messages.confirm_delete(self._parent, text, details):
            return False
        self.run(DeleteRecord(entity, row_id, current["version"]))
        return True

    def assign(self, values: Mapping[str, Any] | None = None) -> AssignDialog:
        dialog: AssignDialog

        def submit(raw: dict[str, Any]) -> None:
            self.run(AssignPerson(**raw), dialog=dialog)

        dialog = AssignDialog(
            self._parent,
            submit,
            {name: self.choices(name) for name in ("person", "rotation", "mission")},
            values=values,
        )
        self._show(dialog)
        return dialog

    def move_rotation(self, row_id: int, version: int | None) -> bool:
        """Ask for the new start, then move the rotation and its people (True: started)."""
        current = self._current("rotation", row_id, version)
        if current is None:
            return False
        start = self._messages.ask_date(
            self._parent,
            translate("Edits", "Move rotation {code}").format(code=current["code"]),
            translate("Edits", "New start (its people move with it):"),
            current["starts_on"],
        )
        if start is None or start == current["starts_on"]:
            return False
        self.run(MoveRotation(row_id, current["version"], start))
        return True
