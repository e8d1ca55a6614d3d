"""Deciding what an import does: rows converted, checked against each other and against
the plan, and sorted into creates, updates and unchanged — without writing anything.

Everything the plan already holds is loaded once (one query per table), so checking
50,000 rows costs no query per row. References are natural keys here (a mission code, a
service number); planner.excel.write turns them into ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from planner.excel.columns import REF_KEY, SHEETS, SheetSpec
from planner.excel.convert import CONVERTERS, shown
from planner.excel.errors import CellError
from planner.excel.reader import SheetRows
from planner.excel.records import Record
from planner.fields import FieldSpec
from planner.services.validation import DATE_ORDER

# Assignment fields that may be empty in the sheet because the rotation supplies them.
_FROM_ROTATION = frozenset({"mission_id", "starts_on", "ends_on"})
_QUOTED_VALUE = re.compile(r"^'(?P<value>.*)' (?P<rest>(?:is|are) .*)$", re.DOTALL)


@dataclass
class Incoming:
    row: int  # Excel row number
    values: dict[str, Any]  # the sheet's columns, converted
    ok: bool = True


@dataclass
class Update:
    id: int
    version: int
    values: dict[str, Any]


@dataclass
class Changes:
    """What to write for one sheet (refs still as natural keys)."""

    spec: SheetSpec
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0


def convert_rows(sheet: SheetRows, errors: list[CellError]) -> list[Incoming]:
    """Phase one: every cell converted to its stored value; problems listed per cell."""
    spec = sheet.spec
    converters = CONVERTERS[spec.entity]
    derived = _FROM_ROTATION if spec.entity == "assignment" else frozenset()
    plan = [
        (f, sheet.columns[f.name], converters[f.name], f.required and f.name not in derived)
        for f in spec.fields
        if f.name in sheet.columns
    ]
    title = sheet.title
    result: list[Incoming] = []
    for number, cells in sheet.rows:
        values: dict[str, Any] = {}
        ok = True
        width = len(cells)
        for spec_field, index, convert, required in plan:
            raw = cells[index] if index < width else ""
            try:
                value = convert(raw)
            except ValueError as exc:
                errors.append(_cell_error(title, number, spec_field, raw, str(exc)))
                ok = False
                continue
            if value is None and required:
                errors.append(CellError(title, number, spec_field.label, "", "is required"))
                ok = False
            values[spec_field.name] = value
        result.append(Incoming(number, values, ok))
    return result


def _cell_error(title: str, row: int, spec_field: FieldSpec, raw: Any, message: str) -> CellError:
    value = shown(raw)
    match = _QUOTED_VALUE.match(message)
    if match and match.group("value").strip() == value.strip():
        message = match.group("rest")  # the value is shown once, beside the column
    return CellError(title, row, spec_field.label, value, message)


class Merger:
    """Phase two, sheet by sheet in dependency order."""

    def __init__(
        self,
        existing: dict[str, list[Record]],
        incoming: dict[str, tuple[str, list[Incoming]]],
        errors: list[CellError],
    ) -> None:
        self.existing = existing
        self.incoming = incoming  # entity → (sheet title, rows)
        self.errors = errors
        self.known: dict[str, set[Any]] = {}
        for spec in SHEETS:
            if spec.entity in REF_KEY:
                self.known[spec.entity] = self._declared_keys(spec)
        self.rotations = self._rotation_facts()

    def run(self) -> list[Changes]:
        return [self._merge(spec) for spec in SHEETS if spec.entity in self.incoming]

    def _declared_keys(self, spec: SheetSpec) -> set[Any]:
        position = [f.name for f in spec.fields].index(REF_KEY[spec.entity])
        keys = {record.values[position] for record in self.existing[spec.entity]}
        for row in self.incoming.get(spec.entity, ("", []))[1]:
            value = row.values.get(REF_KEY[spec.entity])
            if value is not None:
                keys.add(value)
        return keys

    def _facts(self, entity: str, fields: tuple[str, ...]) -> dict[Any, tuple[Any, ...]]:
        """{natural key: selected values} from the plan, overlaid by the workbook."""
        spec = next(s for s in SHEETS if s.entity == entity)
        names = [f.name for f in spec.fields]
        key_at = names.index(REF_KEY[entity])
        wanted = [names.index(name) for name in fields]
        facts = {
            r.values[key_at]: tuple(r.values[i] for i in wanted) for r in self.existing[entity]
        }
        for row in self.incoming.get(entity, ("", []))[1]:
            key = row.values.get(REF_KEY[entity])
            if key is None:
                continue
            before = facts.get(key, (None,) * len(fields))
            facts[key] = tuple(
                row.values.get(name, old) for name, old in zip(fields, before, strict=True)
            )
        return facts

    def _rotation_facts(self) -> dict[str, tuple[str | None, Any, Any]]:
        """rotation code → (mission code of its unit, starts on, ends on)."""
        unit_mission = {code: v[0] for code, v in self._facts("unit", ("mission_id",)).items()}
        return {
            code: (unit_mission.get(unit), start, end)
            for code, (unit, start, end) in self._facts(
                "rotation", ("unit_id", "starts_on", "ends_on")
            ).items()
        }

    def _merge(self, spec: SheetSpec) -> Changes:
        title, rows = self.incoming[spec.entity]
        changes = Changes(spec)
        names = [f.name for f in spec.fields]
        width = len(names)
        key_positions = [names.index(name) for name in spec.key]
        by_key = {tuple(r.values[i] for i in key_positions): r for r in self.existing[spec.entity]}
        check = _EXTRA_CHECKS.get(spec.entity)
        refs = [(f, self.known[f.ref]) for f in spec.fields if f.kind == "ref"]
        labels = {f.name: f.label for f in spec.fields}
        defaults = {f.name: f.default for f in spec.fields}
        in_order, key_of = _getter(names), _getter(list(spec.key))
        assignments = spec.entity == "assignment"
        errors = self.errors
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows:
            if not row.ok:
                continue
            values = row.values
            errors_before = len(errors)
            for ref, known in refs:
                key = values.get(ref.name)
                if key is not None and key not in known:
                    self._error(title, row, labels[ref.name], key, _no_such(ref))
            if assignments and len(errors) == errors_before:
                self._complete_assignment(title, row)
            if len(errors) > errors_before:
                continue
            key = key_of(values)
            if key in seen:
                self._error(
                    title, row, "", "", f"repeats row {seen[key]} ({_describe_key(spec, key)})"
                )
                continue
            seen[key] = row.row
            old = by_key.get(key)
            # The common case of a repeated import: every column given, nothing changed.
            if old is not None and len(values) == width and in_order(values) == old.values:
                changes.unchanged += 1
                continue
            if old is None:
                merged = {**defaults, **values}
            else:
                merged = dict(zip(names, old.values, strict=True))
                merged.update(values)
            if not self._valid(spec, title, row, merged, labels, check):
                continue
            if old is None:
                changes.creates.append(merged)
            elif in_order(merged) != old.values:
                changes.updates.append(Update(old.id, old.version, merged))
            else:
                changes.unchanged += 1
        return changes

    def _complete_assignment(self, title: str, row: Incoming) -> None:
        """An assignment with a rotation takes the rotation's dates where its own are
        empty, and its mission must be the mission of the rotation's unit."""
        values = row.values
        rotation = values.get("rotation_id")
        if rotation is not None:
            mission, start, end = self.rotations[rotation]
            if values.get("starts_on") is None:
                values["starts_on"] = start
            if values.get("ends_on") is None:
                values["ends_on"] = end
            if values.get("mission_id") is None:
                values["mission_id"] = mission
            elif mission is not None and values["mission_id"] != mission:
                self._error(
                    title,
                    row,
                    "Mission",
                    values["mission_id"],
                    f"is not the mission of rotation {rotation} (its unit serves {mission})",
                )
        for name, label in (("mission_id", "Mission"), ("starts_on", "Starts on")):
            if values.get(name) is None:
                self._error(title, row, label, "", "is required (or give a rotation)")

    def _valid(
        self,
        spec: SheetSpec,
        title: str,
        row: Incoming,
        merged: dict[str, Any],
        labels: dict[str, str],
        check: Callable[[dict[str, Any]], list[tuple[str, str]]] | None,
    ) -> bool:
        problems: list[tuple[str, str]] = []
        for entity, first, second, message in DATE_ORDER:
            if entity != spec.entity:
                continue
            start, end = merged.get(first), merged.get(second)
            if start is not None and end is not None and end < start:
                problems.append((second, message))
        if spec.entity == "assignment" and merged.get("ends_on") is None:
            problems.append(("ends_on", "is required (or give a rotation)"))
        if check is not None:
            problems.extend(check(merged))
        for name, message in problems:
            self._error(title, row, labels[name], merged.get(name), message)
        return not problems

    def _error(self, title: str, row: Incoming, column: str, value: Any, message: str) -> None:
        self.errors.append(CellError(title, row.row, column, shown(value), message))


def _getter(names: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of ``names`` from a row dict, as a tuple (in C, for speed)."""
    if len(names) == 1:
        name = names[0]
        return lambda values: (values[name],)
    return itemgetter(*names)


def _no_such(ref: FieldSpec) -> str:
    sheet = next(s.title for s in SHEETS if s.entity == ref.ref)
    return f"is not in the plan nor in the {sheet} sheet"


def _describe_key(spec: SheetSpec, key: tuple[Any, ...]) -> str:
    parts = []
    for name, value in zip(spec.key, key, strict=True):
        parts.append(f"{spec.field_by_name(name).label} {shown(value)}")
    return ", ".join(parts)


def _check_mission(values: dict[str, Any]) -> list[tuple[str, str]]:
    language = values.get("language")
    if language:
        if not re.fullmatch(r"[a-z]{2,3}", language.lower()):
            return [("language", "is not a language code such as en or fr")]
        values["language"] = language.lower()
    return []


def _check_person(values: dict[str, Any]) -> list[tuple[str, str]]:
    birth, commissioned = values.get("birth_date"), values.get("commissioned_on")
    if birth and commissioned and commissioned < birth:
        return [("commissioned_on", "is before the birth date")]
    return []


_EXTRA_CHECKS: dict[str, Callable[[dict[str, Any]], list[tuple[str, str]]]] = {
    "mission": _check_mission,
    "person": _check_person,
}
