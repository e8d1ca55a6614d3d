"""language and observer-profile for observers and staff officers."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from rules_builder import Build, D, span

from planner.rules.profile import _full_years, anniversary, fit
from planner.rules.rows import PersonRow, RuleSettings


def _french_mission(build: Build) -> None:
    build.mission("FR1", language="fr")
    build.unit("U1", "FR1")
    build.rotation("U1-R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    build.authorisation("A", D(2000, 1, 1), {"FR1": (None, "")})


def test_an_observer_needs_the_mission_language_at_the_minimum_level() -> None:
    build = Build()
    _french_mission(build)
    build.person("P1", languages="en:C1, fr:A2")
    build.person("P2", languages="en:C1, fr:B1")
    build.person("P3", languages="en:B1")  # a unit member: not checked
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="FR1", category="observer")
    build.assign("P2", D(2020, 1, 1), D(2020, 6, 30), mission="FR1", category="staff")
    build.assign("P3", rotation="U1-R1")
    found = build.findings("language")
    assert [(f.person, f.mission, span(f), f.detail) for f in found] == [
        ("P1", "FR1", ("2020-01-01", "2020-06-30"), "fr:B1")
    ]
    assert found[0].message == (
        "FR1: Major Given SurnameP1 (P1), military observer from 2020-01-01 to 2020-06-30, "
        "does not have French at B1 or better (languages: en:C1, fr:A2)."
    )
    build.settings(language_min_level="B2")
    assert [f.person for f in build.findings("language")] == ["P1", "P2"]


def test_age_is_taken_on_the_start_date_inclusive() -> None:
    build = Build()
    _french_mission(build)
    start = D(2020, 3, 1)
    build.person("YOUNG", born=D(1995, 3, 2))  # 24 on the start date
    build.person("TWENTYFIVE", born=D(1995, 3, 1))  # 25 that very day
    build.person("FIFTYFIVE", born=D(1964, 3, 2), commissioned=D(1990, 1, 1))  # 55
    build.person("OLD", born=D(1964, 3, 1), commissioned=D(1990, 1, 1))  # 56
    build.person("LEAPLING", born=D(1996, 2, 29), commissioned=D(2015, 7, 1))
    for number in ("YOUNG", "TWENTYFIVE", "FIFTYFIVE", "OLD"):
        build.assign(number, start, D(2020, 8, 31), mission="FR1", category="staff")
    # Born on 29 February: 25 on 1 March 2021, not on 28 February.
    build.assign("LEAPLING", D(2021, 2, 28), D(2021, 8, 31), mission="FR1", category="staff")
    found = {f.person: f.detail for f in build.findings("observer-profile")}
    assert found == {
        "YOUNG": "aged 24, under 25",
        "OLD": "aged 56, over 55",
        "LEAPLING": "aged 24, under 25",
    }


def test_commissioning_and_rank() -> None:
    build = Build()
    _french_mission(build)
    build.person("NEW", commissioned=D(2016, 3, 2))  # 3 full years on 2020-03-01
    build.person("NONE", commissioned=None)
    build.person("JUNIOR", rank="Senior Lieutenant", born=D(1990, 1, 1))
    for number in ("NEW", "NONE", "JUNIOR"):
        build.assign(number, D(2020, 3, 1), D(2020, 8, 31), mission="FR1", category="observer")
    found = {f.person: f for f in build.findings("observer-profile")}
    assert {p: f.detail for p, f in found.items()} == {
        "NEW": "3 years since commissioning, fewer than 5",
        "NONE": "no commissioning date recorded",
        "JUNIOR": "rank Senior Lieutenant is below Captain",
    }
    assert found["JUNIOR"].message == (
        "FR1: Senior Lieutenant Given SurnameJUNIOR (JUNIOR), military observer from "
        "2020-03-01, does not fit the profile: rank Senior Lieutenant is below Captain."
    )
    build.settings(min_rank="Senior Lieutenant", min_years_commissioned=0)
    assert build.findings("observer-profile") == []


def _exact(person: PersonRow, settings: RuleSettings, start: dt.date) -> bool:
    """The profile rule written out plainly, as DESIGN.md states it."""
    from planner.domain import RANK_ORDER

    if person.birth_date is not None:
        age = _full_years(person.birth_date, start)
        if not settings.individual_min_age <= age <= settings.individual_max_age:
            return False
    if settings.min_years_commissioned > 0 and (
        person.commissioned_on is None
        or _full_years(person.commissioned_on, start) < settings.min_years_commissioned
    ):
        return False
    return RANK_ORDER[person.rank] >= RANK_ORDER[settings.min_rank]


dates = st.dates(min_value=D(1940, 1, 1), max_value=D(2030, 12, 31))


@given(
    born=st.one_of(st.none(), dates),
    commissioned=st.one_of(st.none(), dates),
    start=dates,
    rank=st.sampled_from(["Lieutenant", "Captain", "Colonel"]),
    min_years=st.integers(0, 6),
)
def test_the_quick_profile_window_agrees_with_the_rule(
    born: dt.date | None,
    commissioned: dt.date | None,
    start: dt.date,
    rank: str,
    min_years: int,
) -> None:
    person = PersonRow(1, "P1", "S", "G", "M", born, rank, commissioned, "en:B2")
    settings = RuleSettings(min_years_commissioned=min_years)
    window = fit(person, settings)
    assert (window.first <= start.toordinal() <= window.last) == _exact(person, settings, start)


def test_anniversary_of_a_leap_day() -> None:
    assert anniversary(D(2000, 2, 29), 1) == D(2001, 3, 1).toordinal()
    assert anniversary(D(2000, 2, 29), 4) == D(2004, 2, 29).toordinal()
