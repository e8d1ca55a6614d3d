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

from planner import services
from planner.entities import ENTITIES
from planner.errors import ConflictError, NotFoundError, PlannerError, ValidationError
from planner.fields import FIELDS, coerce
from planner.plan import Plan
from planner.progress import Progress
from planner.queries.tables import ref_choices
from planner.services import ChangeSet
from planner.services.crud import describe_values
from ui.ops.runner import TaskRunner
from ui.ops.undo import Direction, OperationCommand
from ui.widgets.assign import AssignDialog
from ui.widgets.form import EntityDialog, FormDialog
from ui.widgets.messages import Messages

Work = Callable[[], ChangeSet]
"""An operation: one transaction on the worker, returning what it changed."""

translate = QCoreApplication.translate


def describe_dependents(counts: Mapping[str, int]) -> str:
    """'It also deletes 3 credentials, 1 absence and 2 assignments.'"""
    singular = {e.plural: e.label for e in ENTITIES.values()}
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


def update_rotation(
    plan: Any, row_id: int, version: int | None, current: Mapping[str, Any], raw: Mapping[str, Any]
) -> ChangeSet:
    """The rotation dialog's save: like ``services.update``, except that new dates go
    through ``move_rotation`` (both shift by the same days) or ``resize_rotation``, so the
    rotation's people follow it instead of being left outside it. One ChangeSet: one undo
    step."""
    specs = {spec.name: spec for spec in FIELDS["rotation"]}
    try:
        start = coerce(specs["starts_on"], raw.get("starts_on"))
        end = coerce(specs["ends_on"], raw.get("ends_on"))
    except ValueError:
        start = end = None
    old_start, old_end = current["starts_on"], current["ends_on"]
    if start is None or end is None or end < start or (start, end) == (old_start, old_end):
        # Same dates, or dates the service refuses (with its message under the field).
        return services.update(plan, "rotation", row_id, version, raw)
    # The other fields first, at the old dates: a problem in them stops here unsaved.
    others = services.update(
        plan, "rotation", row_id, version, {**raw, "starts_on": old_start, "ends_on": old_end}
    )
    edited = [c for c in others.changes if _differs(c.before, c.after)]
    if edited:
        version = others.changes[0].values["version"]
    try:
        if end - start == old_end - old_start:
            dates = services.move_rotation(plan, row_id, version, start)
        else:
            dates = services.resize_rotation(plan, row_id, version, start, end)
    except PlannerError:
        if edited:
            services.revert(plan, ChangeSet(others.description, tuple(edited)))
        raise
    text = dates.description
    if edited:
        text = translate("Edits", "{edit} (now {start} – {end}, its people with it)").format(
            edit=others.description, start=start, end=end
        )
    return ChangeSet(text, (*edited, *dates.changes))


def _differs(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> bool:
    """Whether an update changed anything but the version (an unchanged save does not)."""

    def values(row: Mapping[str, Any] | None) -> dict[str, Any]:
        return {k: v for k, v in (row or {}).items() if k != "version"}

    return values(before) != values(after)


class Edits(QObject):
    """The window's edits. ``plan`` gives the open plan; ``announce`` tells the window
    what changed; ``reload`` shows the plan as saved now (and clears the undo stack)."""

    def __init__(
        self,
        parent: QWidget,
        *,
        runner: TaskRunner,
        messages: Messages,
        undo_stack: QUndoStack,
        plan: Callable[[], Plan],
        announce: Callable[[ChangeSet], None],
        reload: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._runner = runner
        self._messages = messages
        self._stack = undo_stack
        self._plan = plan
        self._announce = announce
        self._reload = reload
        self._choices: dict[str, list[tuple[int, str]]] = {}

    @property
    def plan(self) -> Plan:
        return self._plan()

    # -- reference choices (cached until their entity changes) ----------------------------

    def forget(self, entities: Iterable[str] | None) -> None:
        if entities is None:
            self._choices.clear()
        else:
            for name in entities:
                self._choices.pop(name, None)

    def choices(self, entity: str) -> list[tuple[int, str]]:
        if entity not in self._choices:
            with self.plan.read() as session:
                self._choices[entity] = ref_choices(session, entity)
        return self._choices[entity]

    def _choices_for(self, entity: str) -> dict[str, list[tuple[int, str]]]:
        return {s.ref: self.choices(s.ref) for s in FIELDS[entity] if s.kind == "ref"}

    # -- running operations --------------------------------------------------------------

    def run(
        self,
        work: Work,
        *,
        dialog: FormDialog | None = None,
        title: str = "",
        then: Callable[[ChangeSet], None] | None = None,
    ) -> None:
        """Run ``work`` on the worker as an undoable step. Its outcome goes to ``dialog``
        (closed when done, problems shown when refused) or, without one, to a box."""

        def done(change_set: ChangeSet) -> None:
            if change_set.changes:
                self._stack.push(OperationCommand(self, change_set))  # announces it
            if dialog is not None:
                dialog.saved()
            if then is not None:
                then(change_set)

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
            title or translate("Edits", "Saving"),
            lambda _progress: work(),
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
        plan = self.plan

        def work(_progress: Progress) -> ChangeSet | None:
            source = state.done if direction is Direction.UNDO else state.undone
            if source is None:
                return None  # an earlier step of this command failed: nothing to revert
            return services.revert(plan, source)

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
            current = services.get(self.plan, entity, row_id)
        except NotFoundError as exc:
            self.offer_reload(exc)
            return None
        if version is not None and current.get("version") != version:
            name = describe_values(entity, current, self.plan)
            self.offer_reload(
                ConflictError(
                    translate(
                        "Edits",
                        "The {kind} {name} was changed by someone else since the window showed it.",
                    ).format(kind=ENTITIES[entity].label, name=name)
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
        plan = self.plan

        def submit(raw: dict[str, Any]) -> None:
            self.run(lambda: services.create(plan, entity, raw), dialog=dialog)

        dialog = EntityDialog(
            self._parent,
            entity,
            translate("Edits", "Add {kind}").format(kind=ENTITIES[entity].label),
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
        plan = self.plan
        name = describe_values(entity, current, plan)
        dialog: EntityDialog

        def save(raw: dict[str, Any]) -> ChangeSet:
            if entity == "rotation":  # its people follow new dates
                return update_rotation(plan, row_id, shown_version, current, raw)
            return services.update(plan, entity, row_id, shown_version, raw)

        def submit(raw: dict[str, Any]) -> None:
            self.run(lambda: save(raw), dialog=dialog)

        dialog = EntityDialog(
            self._parent,
            entity,
            translate("Edits", "Edit {kind} {name}")
            .format(kind=ENTITIES[entity].label, name=name)
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
        plan = self.plan
        name = describe_values(entity, current, plan)
        details = describe_dependents(services.dependents(plan, entity, row_id))
        text = translate("Edits", "Delete the {kind} {name}?").format(
            kind=ENTITIES[entity].label, name=name
        )
        if not self._messages.confirm_delete(self._parent, text, details):
            return False
        self.run(lambda: services.delete(plan, entity, row_id, current["version"]))
        return True

    def assign(self, values: Mapping[str, Any] | None = None) -> AssignDialog:
        dialog: AssignDialog
        plan = self.plan

        def submit(raw: dict[str, Any]) -> None:
            person_id = raw.pop("person_id")
            self.run(lambda: services.assign_person(plan, person_id, **raw), dialog=dialog)

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
        plan = self.plan
        self.run(lambda: services.move_rotation(plan, row_id, current["version"], start))
        return True
