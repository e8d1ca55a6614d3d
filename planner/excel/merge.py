"""Deciding what an import does: rows checked against each other and against the plan,
and sorted into creates, updates and unchanged — without writing anything.

Everything the plan already holds is loaded once (one query per table), so checking
50,000 rows costs no query per row. References are natural keys here (a mission code, a
service number); planner.excel.write turns them into ids.

Each sheet is first merged column by column (planner.excel.merge_columns), which either
proves every row right or gives up; then this module's row-by-row merge, the reference,
runs and lists every problem with its row.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from planner.excel.changes import (
    LANGUAGE_CODE,
    Changes,
    Facts,
    Rotations,
    Row,
    Update,
    as_columns,
)
from planner.excel.columns import REF_KEY, SHEETS, SheetSpec, split_keys
from planner.excel.convert import shown
from planner.excel.errors import CellError
from planner.excel.incoming import Incoming
from planner.excel.merge_columns import merge_columns
from planner.excel.records import Record, by_key
from planner.fields import FieldSpec
from planner.services.validation import DATE_ORDER


class Merger:
    """Phase two, sheet by sheet in dependency order."""

    def __init__(
        self,
        existing: dict[str, list[Record]],
        incoming: dict[str, Incoming],
        errors: list[CellError],
    ) -> None:
        self.existing = existing
        self.incoming = incoming  # entity → its sheet's converted rows
        self.errors = errors
        self.known: dict[str, set[Any]] = {}
        for spec in SHEETS:
            if spec.entity in REF_KEY:
                self.known[spec.entity] = self._declared_keys(spec)
        self.rotations = self._rotation_facts()
        self.facts = Facts(self.known, self.rotations, self._listed())

    def run(self) -> list[Changes]:
        result = []
        for spec in SHEETS:
            sheet = self.incoming.get(spec.entity)
            if sheet is None:
                continue
            changes = None
            if sheet.ok is None:  # every row converted: try the column-wise merge
                changes = merge_columns(sheet, self.existing[spec.entity], self.facts)
            result.append(changes if changes is not None else self._merge(sheet))
        return result

    def _declared_keys(self, spec: SheetSpec) -> set[Any]:
        position = [f.name for f in spec.fields].index(REF_KEY[spec.entity])
        keys = {record.values[position] for record in self.existing[spec.entity]}
        sheet = self.incoming.get(spec.entity)
        if sheet is not None:
            keys |= sheet.keys_of(REF_KEY[spec.entity])
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
        sheet = self.incoming.get(entity)
        for _number, values, _ok in sheet.rows() if sheet is not None else ():
            key = values.get(REF_KEY[entity])
            if key is None:
                continue
            before = facts.get(key, (None,) * len(fields))
            facts[key] = tuple(
                values.get(name, old) for name, old in zip(fields, before, strict=True)
            )
        return facts

    def _rotation_facts(self) -> Rotations:
        """rotation code → (mission code of its unit, starts on, ends on)."""
        unit_mission = {code: v[0] for code, v in self._facts("unit", ("mission_id",)).items()}
        return {
            code: (unit_mission.get(unit), start, end)
            for code, (unit, start, end) in self._facts(
                "rotation", ("unit_id", "starts_on", "ends_on")
            ).items()
        }

    def _listed(self) -> dict[Any, set[Any]]:
        """authorisation reference → the mission codes it lists, in the plan (read only
        when the workbook has clauses to check) or in the Authorised missions sheet."""
        listed: dict[Any, set[Any]] = {}
        if "ceiling_clause" not in self.incoming:
            return listed
        spec = next(s for s in SHEETS if s.entity == "authorised_mission")
        names = [f.name for f in spec.fields]
        at, mission_at = names.index("authorisation_id"), names.index("mission_id")
        for record in self.existing.get("authorised_mission", []):
            listed.setdefault(record.values[at], set()).add(record.values[mission_at])
        sheet = self.incoming.get("authorised_mission")
        for _number, values, _ok in sheet.rows() if sheet is not None else ():
            reference, mission = values.get("authorisation_id"), values.get("mission_id")
            if reference is not None and mission is not None:
                listed.setdefault(reference, set()).add(mission)
        return listed

    def _merge(self, sheet: Incoming) -> Changes:
        """Row by row: the reference for what an import does, and the way every problem
        is found and listed with its row. A row with a cell that did not convert is
        still checked with its other cells (each of its problems is listed), and then
        left out."""
        spec, title = sheet.spec, sheet.title
        changes = Changes(spec)
        names = [f.name for f in spec.fields]
        width = len(names)
        existing = by_key(self.existing[spec.entity], [names.index(name) for name in spec.key])
        check = _EXTRA_CHECKS.get(spec.entity)
        refs = [(f, self.known[f.ref]) for f in spec.fields if f.kind == "ref"]
        several = [(f, self.known[f.ref]) for f in spec.fields if f.kind == "refs"]
        labels = {f.name: f.label for f in spec.fields}
        defaults = {f.name: f.default for f in spec.fields}
        in_order = _getter(names)
        key_names = frozenset(spec.key)
        given = frozenset(sheet.columns)
        assignments = spec.entity == "assignment"
        clauses = spec.entity == "ceiling_clause"
        errors = self.errors
        seen: dict[tuple[Any, ...], int] = {}
        creates: list[Row] = []
        for number, values, ok in sheet.rows():
            # The columns whose cell in this row did not convert (its error is listed).
            bad = frozenset() if ok else given.difference(values)
            errors_before = len(errors)
            for ref, known in refs:
                key = values.get(ref.name)
                if key is not None and key not in known:
                    self._error(title, number, labels[ref.name], key, _no_such(ref))
            for field, known in several:
                for key in split_keys(values.get(field.name)):
                    if key not in known:
                        self._error(title, number, labels[field.name], key, _no_such(field))
            if clauses and len(errors) == errors_before:
                self._check_listed(title, number, values, labels["missions"])
            if assignments and len(errors) == errors_before:
                self._complete_assignment(title, number, values, bad)
            # A key given twice is an error of the second row, whatever else is wrong.
            key = tuple(map(values.get, spec.key))
            if None in key or bad & key_names:
                continue  # no key to compare: its bad or empty cell is listed already
            if key in seen:
                self._error(
                    title, number, "", "", f"repeats row {seen[key]} ({_describe_key(spec, key)})"
                )
                continue
            seen[key] = number
            if len(errors) > errors_before:
                continue
            old = existing.get(key)
            # The common case of a repeated import: every column given, nothing changed.
            if ok and old is not None and len(values) == width and in_order(values) == old.values:
                changes.unchanged += 1
                continue
            if old is None:
                merged = {**defaults, **values}
            else:
                merged = dict(zip(names, old.values, strict=True))
                merged.update(values)
            for name in bad:
                merged[name] = None  # not what the row says: checked by no rule
            if not self._valid(spec, title, number, merged, labels, check, bad) or not ok:
                continue
            row = in_order(merged)
            if old is None:
                creates.append(row)
            elif row != old.values:
                changes.updates.append(Update(old.id, old.version, row))
            else:
                changes.unchanged += 1
        changes.new = as_columns(creates)
        return changes

    def _check_listed(self, title: str, number: int, values: dict[str, Any], label: str) -> None:
        """A clause names only missions its authorisation lists (in the plan or in the
        Authorised missions sheet)."""
        reference = values.get("authorisation_id")
        listed = self.facts.listed.get(reference, set())
        for key in split_keys(values.get("missions")):
            if key not in listed:
                self._error(
                    title,
                    number,
                    label,
                    key,
                    f"is not one of the missions authorisation {reference} lists (in the plan "
                    "or the Authorised missions sheet)",
                )

    def _complete_assignment(
        self, title: str, number: int, values: dict[str, Any], bad: frozenset[str]
    ) -> None:
        """An assignment with a rotation takes the rotation's dates where its own are
        empty, and its mission must be the mission of the rotation's unit. ``bad``: the
        fields whose cell did not convert (neither empty nor completed)."""
        rotation = values.get("rotation_id")
        if rotation is not None:
            mission, start, end = self.rotations[rotation]
            if values.get("starts_on") is None and "starts_on" not in bad:
                values["starts_on"] = start
            if values.get("ends_on") is None and "ends_on" not in bad:
                values["ends_on"] = end
            if values.get("mission_id") is None:
                values["mission_id"] = mission
            elif mission is not None and values["mission_id"] != mission:
                self._error(
                    title,
                    number,
                    "Mission",
                    values["mission_id"],
                    f"is not the mission of rotation {rotation} (its unit serves {mission})",
                )
        for name, label in (("mission_id", "Mission"), ("starts_on", "Starts on")):
            if values.get(name) is None and name not in bad:
                self._error(title, number, label, "", "is required (or give a rotation)")

    def _valid(
        self,
        spec: SheetSpec,
        title: str,
        number: int,
        merged: dict[str, Any],
        labels: dict[str, str],
        check: Callable[[dict[str, Any]], list[tuple[str, str]]] | None,
        bad: frozenset[str] = frozenset(),
    ) -> bool:
        problems: list[tuple[str, str]] = []
        for entity, first, second, message in DATE_ORDER:
            if entity != spec.entity:
                continue
            start, end = merged.get(first), merged.get(second)
            if start is not None and end is not None and end < start:
                problems.append((second, message))
        if spec.entity == "assignment" and merged.get("ends_on") is None and "ends_on" not in bad:
            problems.append(("ends_on", "is required (or give a rotation)"))
        if check is not None:
            problems.extend(check(merged))
        for name, message in problems:
            self._error(title, number, labels[name], merged.get(name), message)
        return not problems

    def _error(self, title: str, number: int, column: str, value: Any, message: str) -> None:
        self.errors.append(CellError(title, number, column, shown(value), message))


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
        if not LANGUAGE_CODE.fullmatch(language.lower()):
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
