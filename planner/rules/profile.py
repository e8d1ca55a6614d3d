"""Rules about observers and staff officers: language and observer-profile
(DESIGN.md section 3). Unit members are not checked here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from planner.domain import CEFR_LEVELS, INDIVIDUAL_CATEGORIES, RANK_ORDER, parse_languages
from planner.rules.findings import Finding
from planner.rules.rows import AssignmentRow, MissionRow, PersonRow, RuleSettings
from planner.rules.text import (
    CATEGORY_WORDS,
    MAX_DAY,
    MIN_DAY,
    Subject,
    finding,
    language_name,
    span_text,
)


def _languages(person: PersonRow) -> dict[str, str]:
    try:
        return parse_languages(person.languages)
    except ValueError:  # a damaged entry counts as no language known
        return {}


def _full_years(since: dt.date, on: dt.date) -> int:
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


def anniversary(day: dt.date, years: int) -> int:
    """The first day (ordinal) on which ``years`` full years have passed since ``day``
    (someone born on 29 February has their birthday on 1 March in common years)."""
    year = day.year + years
    if year > dt.MAXYEAR:
        return MAX_DAY + 1
    if year < dt.MINYEAR:
        return MIN_DAY
    try:
        return day.replace(year=year).toordinal()
    except ValueError:
        return dt.date(year, 3, 1).toordinal()


class Fit(NamedTuple):
    """Start days (ordinals, inclusive) on which a person fits the observer profile, and
    the languages they have at the minimum level: a quick test that a start passes both
    rules, so that only doubtful assignments get the full check."""

    first: int
    last: int
    languages: frozenset[str]


@lru_cache(maxsize=4096)
def _known_at(languages: str, minimum: str) -> frozenset[str]:
    """The languages of a ``languages`` entry known at ``minimum`` or better: cached,
    since officers share a few entries and a full check asks for each of them."""
    needed = CEFR_LEVELS.index(minimum) if minimum in CEFR_LEVELS else 0
    try:
        known = parse_languages(languages)
    except ValueError:  # a damaged entry counts as no language known
        return frozenset()
    return frozenset(
        code
        for code, level in known.items()
        if level in CEFR_LEVELS and CEFR_LEVELS.index(level) >= needed
    )


def fit(person: PersonRow | None, settings: RuleSettings) -> Fit:
    if person is None:
        return Fit(MAX_DAY, MIN_DAY, frozenset())
    languages = _known_at(person.languages or "", settings.language_min_level)
    first, last = MIN_DAY, MAX_DAY
    if person.birth_date is not None:
        first = anniversary(person.birth_date, settings.individual_min_age)
        last = anniversary(person.birth_date, settings.individual_max_age + 1) - 1
    if settings.min_years_commissioned > 0:
        if person.commissioned_on is None:
            return Fit(MAX_DAY, MIN_DAY, languages)
        first = max(first, anniversary(person.commissioned_on, settings.min_years_commissioned))
    if RANK_ORDER.get(person.rank, 0) < RANK_ORDER.get(settings.min_rank, 0):
        return Fit(MAX_DAY, MIN_DAY, languages)
    return Fit(first, last, languages)


def language_findings(
    assignments: Sequence[AssignmentRow],
    person: PersonRow | None,
    s: Subject,
    missions: dict[int, MissionRow],
    min_level: str,
    out: list[Finding],
) -> None:
    """An observer or staff officer without the mission language at ``min_level``."""
    known: dict[str, str] | None = None
    needed = CEFR_LEVELS.index(min_level) if min_level in CEFR_LEVELS else 0
    for a in assignments:
        if a.category not in INDIVIDUAL_CATEGORIES:
            continue
        mission = missions.get(a.mission_id)
        language = mission.language if mission is not None else ""
        if not language:
            continue
        if known is None:
            known = _languages(person) if person is not None else {}
        level = known.get(language)
        if level in CEFR_LEVELS and CEFR_LEVELS.index(level) >= needed:
            continue
        has = person.languages if person is not None and person.languages else "none recorded"
        out.append(
            finding(
                "language",
                "warning",
                f"{s.mission(a)}: {s.who}, {CATEGORY_WORDS[a.category]} "
                f"{span_text(a.first, a.last)}, does not have {language_name(language)} at "
                f"{min_level} or better (languages: {has}).",
                mission=s.mission(a),
                person=s.person,
                first=a.first,
                last=a.last,
                detail=f"{language}:{min_level}",
            )
        )


def profile_findings(
    assignments: Sequence[AssignmentRow],
    person: PersonRow | None,
    s: Subject,
    settings: RuleSettings,
    out: list[Finding],
) -> None:
    """observer-profile: age, years since commissioning and rank on the start date."""
    if person is None:
        return
    min_rank = RANK_ORDER.get(settings.min_rank, 0)
    for a in assignments:
        if a.category not in INDIVIDUAL_CATEGORIES:
            continue
        reasons = []
        start = a.starts_on
        if person.birth_date is not None:
            age = _full_years(person.birth_date, start)
            if age < settings.individual_min_age:
                reasons.append(f"aged {age}, under {settings.individual_min_age}")
            elif age > settings.individual_max_age:
                reasons.append(f"aged {age}, over {settings.individual_max_age}")
        if settings.min_years_commissioned > 0:
            if person.commissioned_on is None:
                reasons.append("no commissioning date recorded")
            else:
                years = _full_years(person.commissioned_on, start)
                if years < settings.min_years_commissioned:
                    reasons.append(
                        f"{years} years since commissioning, fewer than "
                        f"{settings.min_years_commissioned}"
                    )
        if RANK_ORDER.get(person.rank, 0) < min_rank:
            reasons.append(f"rank {person.rank} is below {settings.min_rank}")
        if not reasons:
            continue
        text = "; ".join(reasons)
        out.append(
            finding(
                "observer-profile",
                "warning",
                f"{s.mission(a)}: {s.who}, {CATEGORY_WORDS[a.category]} from {start}, does not "
                f"fit the profile: {text}.",
                mission=s.mission(a),
                person=s.person,
                first=a.first,
                last=a.last,
                detail=text,
            )
        )
