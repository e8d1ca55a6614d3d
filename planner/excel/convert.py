"""Cell values (as python-calamine reads them) to stored values, column by column.

Each converter takes the common case (text in a text column, a date cell in a date
column, a listed choice) on a short path and hands anything else to planner.fields.coerce,
which gives the same values and the same reasons as the dialogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from planner.excel.columns import REF_KEY, SHEETS, join_keys
from planner.fields import KEY_FIELDS, FieldSpec, coerce, spec
from planner.limits import LARGEST_INT, check_date
from planner.textsafe import clean_text

Converter = Callable[[Any], Any]


def as_text(raw: object) -> str:
    """A cell shown as text: 12345.0 → "12345", a date → "2024-03-01"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    return str(raw)


def shown(raw: object) -> str:
    """A cell's value for an error message ("" when the cell is empty)."""
    if raw is None:
        return ""
    text = as_text(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def key_field(field: FieldSpec) -> FieldSpec:
    """The text field a reference is read as: the referred record's natural key."""
    target = spec(field.ref, REF_KEY[field.ref])
    return replace(field, kind="text", max_length=target.max_length, default=None)


def converter(field: FieldSpec) -> Converter:
    if field.kind == "ref":
        return _text(key_field(field))
    if field.kind == "refs":
        return _keys(key_field(field))
    if field.kind == "text":
        return _text(field)
    if field.kind == "date":
        return _date(field)
    if field.kind == "choice":
        return _choice(field)
    if field.kind == "int":
        return _int(field)
    return lambda raw: coerce(field, as_text(raw) if not isinstance(raw, str) else raw)


def _text(field: FieldSpec) -> Converter:
    default, limit = field.default, field.max_length
    key = field.name in KEY_FIELDS or field.kind == "ref"

    def convert(raw: Any) -> Any:
        if type(raw) is not str:
            if raw is None:
                return default
            raw = as_text(raw)
        text = raw.strip()
        if not text:
            return default
        if not (text.isascii() and text.isprintable()):
            text = clean_text(text, key=key)  # planner.textsafe
        if len(text) > limit:
            raise ValueError(f"is longer than {limit} characters")
        return text

    return convert


def _keys(field: FieldSpec) -> Converter:
    """Several natural keys ("UNTSO, UNFICYP") as join_keys writes them; empty is ""."""
    limit = field.max_length

    def convert(raw: Any) -> Any:
        text = raw if type(raw) is str else ("" if raw is None else as_text(raw))
        keys = [part.strip() for part in text.split(",") if part.strip()]
        for key in keys:
            if len(key) > limit:
                raise ValueError(f"'{key}' is longer than {limit} characters")
        return join_keys(keys)

    return convert


def _date(field: FieldSpec) -> Converter:
    default = field.default

    def convert(raw: Any) -> Any:
        kind = type(raw)
        if kind is dt.date:
            return check_date(raw)
        if raw is None or (kind is str and not raw.strip()):
            return default
        if kind in (int, float):
            raise ValueError(
                f"'{as_text(raw)}' is a number, not a date: format the cell as a date or type "
                "YYYY-MM-DD"
            )
        if kind is dt.time or kind is dt.timedelta:
            raise ValueError(f"'{raw}' is a time, not a date")
        return coerce(field, raw)

    return convert


def _choice(field: FieldSpec) -> Converter:
    lookup = {choice.lower(): choice for choice in field.choices}
    default = field.default

    def convert(raw: Any) -> Any:
        if type(raw) is str:
            found = lookup.get(raw.strip().lower())
            if found is not None:
                return found
            if not raw.strip():
                return default
        elif raw is None:
            return default
        return coerce(field, as_text(raw))

    return convert


def _int(field: FieldSpec) -> Converter:
    minimum = field.minimum

    def convert(raw: Any) -> Any:
        if (
            type(raw) is float
            and raw.is_integer()
            and (minimum is None or raw >= minimum)
            and raw <= LARGEST_INT
        ):
            return int(raw)
        if isinstance(raw, dt.date):
            raise ValueError(f"'{as_text(raw)}' is a date, not a whole number")
        return coerce(field, raw)

    return convert


CONVERTERS: dict[str, dict[str, Converter]] = {
    sheet.entity: {field.name: converter(field) for field in sheet.fields} for sheet in SHEETS
}
