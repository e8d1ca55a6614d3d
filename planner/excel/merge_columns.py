"""The merge of a sheet done on whole columns: the fast way for a sheet with no problem.

Each check of the row-by-row merge (planner.excel.merge, the reference) is asked of a
whole column at once, in C through set, map and zip: every reference known, no key
given twice, dates in order, an assignment's rotation agreeing with its mission, a
clause's missions listed by its authorisation. Rows
are only put together, as tuples, once every check has passed. When any check finds a
possible problem, this merge gives up (returns None) without deciding anything, and the
row-by-row merge runs instead: it finds the same rows right, or lists each problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from operator import eq, lt, not_, or_
from typing import Any

from planner.excel.changes import LANGUAGE_CODE, Changes, Facts, Rotations, Row, Update
from planner.excel.columns import split_keys
from planner.excel.incoming import Incoming
from planner.excel.records import Record, by_key
from planner.services.validation import DATE_ORDER


def merge_columns(sheet: Incoming, existing: list[Record], facts: Facts) -> Changes | None:
    """What to write for ``sheet`` (every row converted), or None when some row may be
    wrong."""
    spec = sheet.spec
    count = len(sheet)
    columns = dict(sheet.columns)
    known = facts.known
    for spec_field in spec.fields:
        name, kind = spec_field.name, spec_field.kind
        if kind == "ref" and not sheet.keys_of(name) <= known[spec_field.ref]:
            return None
        if kind == "refs" and not _all_known(sheet, name, known[spec_field.ref]):
            return None
    if spec.entity == "ceiling_clause" and not _all_listed(columns, facts.listed):
        return None
    if spec.entity == "assignment" and not _complete_assignments(sheet, columns, facts.rotations):
        return None
    if not all(name in columns for name in spec.key):
        return None
    keys = list(zip(*(columns[name] for name in spec.key), strict=True))
    if len(set(keys)) != count:
        return None
    names = [f.name for f in spec.fields]
    existing_by_key = by_key(existing, [names.index(name) for name in spec.key])
    olds: list[Record | None] = (
        list(map(existing_by_key.get, keys)) if existing_by_key else [None] * count
    )
    full: dict[str, Sequence[Any]] = {}
    for index, spec_field in enumerate(spec.fields):
        column = columns.get(spec_field.name)
        if column is None:
            # A column left out: new records take its default, others keep their value.
            default = spec_field.default
            if existing_by_key:
                column = [default if old is None else old.values[index] for old in olds]
            else:
                column = [default] * count
        full[spec_field.name] = column
    checked = _checked(spec.entity, full, _Empties(sheet, full))
    if checked is None:
        return None
    if not existing_by_key:
        # No rows, no columns: as the row-by-row merge says it.
        return Changes(spec, new=list(checked.values()) if count else [])
    rows: list[Row] = list(zip(*checked.values(), strict=True))
    stored = [None if old is None else old.values for old in olds]
    same = list(map(eq, rows, stored))
    if any(checked[name] is not full[name] for name in names) and len(columns) == len(names):
        # As the row-by-row merge does: a row that gives every column and equals the
        # plan's as given is unchanged, before it is cleaned (a language lowered).
        given = zip(*full.values(), strict=True)
        same = list(map(or_, same, map(eq, given, stored)))
    new = list(map(not_, olds))
    changes = Changes(spec)
    for index in compress(range(count), map(not_, map(or_, new, same))):
        old = olds[index]
        assert old is not None
        changes.updates.append(Update(old.id, old.version, rows[index]))
    changes.unchanged = count - sum(new) - len(changes.updates)
    if any(new):
        changes.new = [list(compress(column, new)) for column in checked.values()]
    return changes


def _all_known(sheet: Incoming, name: str, known: set[Any]) -> bool:
    """Whether every key named in the column of several references ``name`` is known."""
    return all(set(split_keys(text)) <= known for text in sheet.keys_of(name))


def _all_listed(columns: dict[str, Sequence[Any]], listed: dict[Any, set[Any]]) -> bool:
    """Whether every clause names only missions its authorisation lists (a clause
    without a Missions column names none: every mission)."""
    missions = columns.get("missions")
    if missions is None:
        return True
    pairs = set(zip(columns["authorisation_id"], missions, strict=True))
    return all(set(split_keys(text)) <= listed.get(reference, set()) for reference, text in pairs)


class _Empties:
    """Whether a column has an empty value: asked of the distinct values the sheet's
    converted columns already know, and of the values of other columns."""

    def __init__(self, sheet: Incoming, columns: dict[str, Sequence[Any]]) -> None:
        self.sheet = sheet
        self.columns = columns

    def __call__(self, name: str) -> bool:
        column = self.columns.get(name)
        if column is None:
            return True
        if column is self.sheet.columns.get(name):
            return self.sheet.has_empty(name)
        return None in column


def _complete_assignments(
    sheet: Incoming, columns: dict[str, Sequence[Any]], rotations: Rotations
) -> bool:
    """An assignment with a rotation takes the rotation's mission and dates where its own
    are empty, and a mission it gives must be the rotation's unit's mission. False when
    a row is left without a mission or dates, or names another mission."""
    empty = _Empties(sheet, columns)
    if sheet.keys_of("rotation_id"):
        rotation = columns["rotation_id"]
        mission = columns["mission_id"]  # a required column: always there
        for code, given in set(zip(rotation, mission, strict=True)):
            if code is not None and given is not None:
                expected = rotations[code][0]
                if expected is not None and expected != given:
                    return False
        for at, name in enumerate(_COMPLETED):
            if empty(name):
                column = columns.get(name, [None] * len(sheet))
                columns[name] = [
                    rotations[code][at] if value is None and code is not None else value
                    for value, code in zip(column, rotation, strict=True)
                ]
    return not any(map(empty, _COMPLETED))


_COMPLETED = ("mission_id", "starts_on", "ends_on")


def _checked(
    entity: str, full: dict[str, Sequence[Any]], empty: _Empties
) -> dict[str, Sequence[Any]] | None:
    """The row checks of the row-by-row merge (planner.excel.merge.Merger._valid), on
    columns: None when a row may fail one; else the columns, with a mission's language
    in lower case as there (a new list; the others are the same lists)."""
    pairs = [(first, second) for name, first, second, _ in DATE_ORDER if name == entity]
    if entity == "person":
        pairs.append(("birth_date", "commissioned_on"))
    for first, second in pairs:
        if _any_before(full[second], full[first], empty(first) or empty(second)):
            return None
    if entity == "assignment" and empty("ends_on"):
        return None
    if entity == "mission":
        languages = full["language"]
        given = {language for language in set(languages) if language}
        if not all(LANGUAGE_CODE.fullmatch(language.lower()) for language in given):
            return None
        if any(language != language.lower() for language in given):
            lowered = [language.lower() if language else language for language in languages]
            return {**full, "language": lowered}
    return full


def _any_before(later: Sequence[Any], earlier: Sequence[Any], some_empty: bool) -> bool:
    """Whether some row's ``later`` value is before its ``earlier`` one (both given)."""
    if some_empty:
        return any(
            b < a for b, a in zip(later, earlier, strict=True) if a is not None and b is not None
        )
    return any(map(lt, later, earlier))
