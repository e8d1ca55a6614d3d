"""The one set of limits every value of a plan is held to, whatever its way in (a dialog,
a workbook, a command-line argument) and whatever the database (SQLite or PostgreSQL).

- Dates: 1900-01-01 … 2199-12-31. A plan is about deployments of living people; the
  rules add days and months to dates (a tour, a rest period, a passport margin), and
  Python's dates end at 9999-12-31, so a date near that end made ``check`` and the roster
  export fail ("year 10000 is out of range"). Excel's own dates start in 1900: a year-1
  date could be exported but not imported again.
- Whole numbers: what a PostgreSQL ``integer`` column holds (−2,147,483,648 …
  2,147,483,647). SQLite would take 64 bits, but a plan must move between the two, and
  a number beyond 64 bits made SQLite's driver raise OverflowError.
- Text: each field's ``max_length`` (planner.fields), the length of its column in
  planner.models (tests/planner/test_limits.py holds the two to each other).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

FIRST_DATE: Final = dt.date(1900, 1, 1)
LAST_DATE: Final = dt.date(2199, 12, 31)
SMALLEST_INT: Final = -(2**31)
LARGEST_INT: Final = 2**31 - 1


def check_date(day: dt.date) -> dt.date:
    """``day`` if it is within the supported dates; else ValueError saying which they are."""
    if FIRST_DATE <= day <= LAST_DATE:
        return day
    raise ValueError(
        f"'{day.isoformat()}' is outside the dates a plan holds "
        f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})"
    )


def check_int(value: int) -> int:
    """``value`` if a plan can store it; else ValueError naming the limit."""
    if value > LARGEST_INT:
        return _too_large(value)
    if value < SMALLEST_INT:
        raise ValueError(
            f"{_shown(value)} is below the smallest number a plan holds ({SMALLEST_INT:,})"
        )
    return value


def _too_large(value: int) -> int:
    raise ValueError(
        f"{_shown(value)} is larger than the largest number a plan holds ({LARGEST_INT:,})"
    )


def _shown(value: int) -> str:
    if value.bit_length() > 80:  # str() of a huge number is slow, and refused past 4300 digits
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    return f"{value:,}"


def check_length(text: str, max_length: int) -> str:
    if len(text) > max_length:
        raise ValueError(f"is longer than {max_length} characters ({len(text):,})")
    return text
