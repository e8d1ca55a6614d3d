"""Fixed vocabularies of the domain (DESIGN.md section 2) and small helpers over them."""

from __future__ import annotations

import re
from typing import Final

RANKS: Final[tuple[str, ...]] = (
    "Private",
    "Lance Corporal",
    "Junior Sergeant",
    "Sergeant",
    "Senior Sergeant",
    "Sergeant Major",
    "Lieutenant",
    "Senior Lieutenant",
    "Captain",
    "Major",
    "Lieutenant Colonel",
    "Colonel",
    "Major General",
    "Lieutenant General",
    "Colonel General",
    "General",
)
RANK_ORDER: Final[dict[str, int]] = {rank: i for i, rank in enumerate(RANKS)}

SEXES: Final[tuple[str, ...]] = ("F", "M")
CATEGORIES: Final[tuple[str, ...]] = ("unit", "observer", "staff")
INDIVIDUAL_CATEGORIES: Final[frozenset[str]] = frozenset({"observer", "staff"})
ROTATION_STATUSES: Final[tuple[str, ...]] = (
    "draft",
    "approved",
    "deployed",
    "completed",
    "cancelled",
)
ASSIGNMENT_STATUSES: Final[tuple[str, ...]] = (
    "planned",
    "confirmed",
    "deployed",
    "completed",
    "cancelled",
)
CEFR_LEVELS: Final[tuple[str, ...]] = ("A1", "A2", "B1", "B2", "C1", "C2")
GENDER_GROUPS: Final[tuple[str, ...]] = ("contingent", "individual")
REQUIREMENT_SCOPES: Final[tuple[str, ...]] = ("all", "unit", "observer", "staff", "individual")
# How long a required credential must be valid, relative to an assignment:
# "start": on the start date; "tour": start through end; "tour+margin": start through
# end + passport_margin_days.
REQUIREMENT_SPANS: Final[tuple[str, ...]] = ("start", "tour", "tour+margin")
KNOWN_CREDENTIAL_KINDS: Final[tuple[str, ...]] = (
    "passport",
    "medical",
    "predeployment-training",
    "screening",
    "driving-licence",
)

_LANGUAGE_ITEM = re.compile(r"^([a-z]{2,3})\s*:\s*([ABC][12])$", re.IGNORECASE)


def parse_languages(text: str | None) -> dict[str, str]:
    """Parse ``"en:B2, fr:A2"`` into ``{"en": "B2", "fr": "A2"}``.

    Raises ValueError naming the item that is not ``code:LEVEL``.
    """
    result: dict[str, str] = {}
    if not text or not text.strip():
        return result
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        match = _LANGUAGE_ITEM.match(item)
        if match is None:
            raise ValueError(f"'{item}' is not a language as code:LEVEL (for example en:B2)")
        result[match.group(1).lower()] = match.group(2).upper()
    return result


def format_languages(languages: dict[str, str]) -> str:
    return ", ".join(f"{code}:{level}" for code, level in sorted(languages.items()))


def normalise_languages(text: str | None) -> str:
    """Canonical stored form of a languages list (sorted, lower-case codes)."""
    return format_languages(parse_languages(text))


def cefr_at_least(level: str | None, minimum: str) -> bool:
    if level is None or level not in CEFR_LEVELS:
        return False
    return CEFR_LEVELS.index(level) >= CEFR_LEVELS.index(minimum)


def split_categories(text: str | None) -> frozenset[str]:
    """Categories stored as ``"observer,staff"``; empty means every category."""
    if not text:
        return frozenset()
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def join_categories(categories: frozenset[str] | set[str] | list[str]) -> str:
    return ",".join(c for c in CATEGORIES if c in set(categories))
