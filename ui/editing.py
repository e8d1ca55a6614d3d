"""Editing from the window: dialogs, confirmations and the undo stack, over the services.

Each view asks this controller to add, edit, delete or assign; the controller opens the
dialog, runs the service as a ServiceCommand on the window's undo stack, and handles what
can go wrong: field problems go back to the dialog, a conflict (someone else changed the
row) offers a reload and never overwrites, anything else is shown as a plain sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from planner import services
from planner.entities import ENTITIES
from planner.errors import ConflictError, NotFoundError, PlannerError, ValidationError
from planner.fields import FIELDS, coerce
from planner.queries.tables import ref_choices
from planner.services import ChangeSet
from planner.services.crud import describe_values
from ui.dialogs import prompts
from ui.dialogs.assign import AssignDialog
from ui.dialogs.form import EntityDialog, FormDialog
from ui.undo import ServiceCommand

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Action = Callable[[], ChangeSet]


def describe_dependents(counts: Mapping[str, int]) -> str:
    """'It also deletes 3 credentials, 1 absence and 2 assignments.'"""
    singular = {e.plural: e.label for e in ENTITIES.values()}
    parts = [
        f"{n:,} {singular.get(plural, plural) if n == 1 else plural}"
        for plural, n in counts.items()
        if n
    ]
    if not parts:
        return "Nothing else is deleted with it."
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"It also deletes {listed}."


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
        text = f"{others.description} (now {start} – {end}, its people with it)"
    return ChangeSet(text, (*edited, *dates.changes))


def _differs(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> bool:
    """Whether an update changed anything but the version (an unchanged save does not)."""

    def values(row: Mapping[str, Any] | None) -> dict[str, Any]:
        return {k: v for k, v in (row or {}).items() if k != "version"}

    return values(before) != values(after)


class Editing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._choices: dict[str, list[tuple[int, str]]] = {}
        self.last_dialog: FormDialog | None = None

    @property
    def plan(self) -> Any:
        return self.window.plan

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

    # -- running services ----------------------------------------------------------------

    def execute(self, action: Action) -> ChangeSet:
        """Run ``action`` (a service call) as an undoable command; errors propagate."""
        command = ServiceCommand(self.plan, action, self.window.after_change, self.report)
        change_set = command.perform()
        if change_set.changes:
            self.window.undo_stack.push(command)  # its first redo refreshes the window
        return change_set

    def run(self, action: Action) -> ChangeSet | None:
        """``execute`` for actions without a dialog: every error is handled here."""
        try:
            return self.execute(action)
        except PlannerError as exc:
            self.report(exc)
            return None

    def _submit_from(self, dialog: FormDialog, action: Action) -> bool:
        try:
            self.execute(action)
        except ValidationError:
            raise  # the dialog shows each problem next to its field
        except (ConflictError, NotFoundError) as exc:
            dialog.reject()  # its values are stale: never save them over the new ones
            self.offer_reload(exc)
            return False
        except PlannerError as exc:
            self.window.show_error(exc)
            return False
        return True

    def report(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError | NotFoundError):
            self.offer_reload(exc)
        else:
            self.window.show_error(exc)

    def offer_reload(self, exc: PlannerError) -> None:
        if prompts.ask_reload(self.window, exc.message):
            self.window.reload()

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
                    f"The {ENTITIES[entity].label} {name} was changed by someone else since "
                    "the window showed it."
                )
            )
            return None
        return current

    def _show(self, dialog: FormDialog) -> FormDialog:
        self.last_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal and non-blocking: the window keeps repainting
        return dialog

    # -- the actions ---------------------------------------------------------------------

    def add(
        self,
        entity: str,
        values: Mapping[str, Any] | None = None,
        locked: Iterable[str] = (),
    ) -> EntityDialog:
        label = ENTITIES[entity].label
        dialog: EntityDialog

        def submit(raw: dict[str, Any]) -> bool:
            return self._submit_from(dialog, lambda: services.create(self.plan, entity, raw))

        dialog = EntityDialog(
            self.window,
            entity,
            f"Add {label}",
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
        name = describe_values(entity, current, self.plan)
        dialog: EntityDialog

        def save(raw: dict[str, Any]) -> ChangeSet:
            if entity == "rotation":  # its people follow new dates
                return update_rotation(self.plan, row_id, shown_version, current, raw)
            return services.update(self.plan, entity, row_id, shown_version, raw)

        def submit(raw: dict[str, Any]) -> bool:
            return self._submit_from(dialog, lambda: save(raw))

        dialog = EntityDialog(
            self.window,
            entity,
            f"Edit {ENTITIES[entity].label} {name}".strip(),
            submit,
            values=current,
            choices=self._choices_for(entity),
            locked=locked,
        )
        self._show(dialog)
        return dialog

    def delete(self, entity: str, row_id: int, version: int | None) -> bool:
        current = self._current(entity, row_id, version)
        if current is None:
            return False
        name = describe_values(entity, current, self.plan)
        details = describe_dependents(services.dependents(self.plan, entity, row_id))
        text = f"Delete the {ENTITIES[entity].label} {name}?"
        if not prompts.confirm_delete(self.window, text, details):
            return False
        done = self.run(lambda: services.delete(self.plan, entity, row_id, current["version"]))
        return done is not None

    def assign(self, values: Mapping[str, Any] | None = None) -> AssignDialog:
        dialog: AssignDialog

        def submit(raw: dict[str, Any]) -> bool:
            person_id = raw.pop("person_id")
            return self._submit_from(
                dialog, lambda: services.assign_person(self.plan, person_id, **raw)
            )

        dialog = AssignDialog(
            self.window,
            submit,
            {name: self.choices(name) for name in ("person", "rotation", "mission")},
            values=values,
        )
        self._show(dialog)
        return dialog

    def move_rotation(self, row_id: int, version: int | None) -> ChangeSet | None:
        current = self._current("rotation", row_id, version)
        if current is None:
            return None
        start = prompts.ask_date(
            self.window,
            f"Move rotation {current['code']}",
            "New start (its people move with it):",
            current["starts_on"],
        )
        if start is None or start == current["starts_on"]:
            return None
        return self.run(
            lambda: services.move_rotation(self.plan, row_id, current["version"], start)
        )
