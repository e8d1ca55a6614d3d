"""gender-target: shares of women by calendar year and group against the targets."""

from __future__ import annotations

import pytest
from rules_builder import Build, D, span

from planner.rules.gender import target_share
from planner.rules.rows import DEFAULT_GENDER_TARGETS, GenderTargetRow


@pytest.mark.parametrize(
    ("group", "year", "share"),
    [
        ("contingent", 2021, 0.08),
        ("contingent", 2028, 0.15),
        ("contingent", 2024, 0.08 + 0.07 * 3 / 7),  # on the straight line
        ("individual", 2025, 0.18 + 0.07 * 4 / 7),
        ("contingent", 2019, 0.08),  # before the first year: the first year's
        ("individual", 2035, 0.25),  # after the last: the last year's
    ],
)
def test_targets_interpolate_between_years_and_hold_outside(
    group: str, year: int, share: float
) -> None:
    assert target_share(DEFAULT_GENDER_TARGETS, group, year) == pytest.approx(share)


def test_no_target_for_a_group_means_no_check() -> None:
    assert target_share((GenderTargetRow(2021, "individual", 0.2),), "contingent", 2021) is None


def _unit_year(build: Build, women: int, men: int, year: int = 2024) -> None:
    build.mission("M1")
    build.authorisation("A", D(2000, 1, 1), {"M1": (None, "")})
    build.unit("U1", "M1")
    build.rotation("R1", "U1", D(year, 3, 1), D(year, 8, 31))
    for n in range(women + men):
        number = f"P{n}"
        build.person(number, sex="F" if n < women else "M")
        build.assign(number, rotation="R1")


def test_a_year_below_the_target_gets_a_note() -> None:
    # 2024 contingent target: 11 %; 1 woman in 10 is 10 %, 2 would meet it.
    build = Build()
    _unit_year(build, women=1, men=9)
    found = build.findings("gender-target")
    assert [(span(f), f.severity, f.value, f.limit, f.detail) for f in found] == [
        (("2024-01-01", "2024-12-31"), "info", 1, 2, "contingent")
    ]
    assert found[0].message == (
        "2024: 1 of the 10 unit members deployed are women (10.0 %), below the target of "
        "11.0 %; 2 would meet it."
    )


def test_a_year_at_the_target_gets_none() -> None:
    build = Build()
    _unit_year(build, women=2, men=8)
    assert build.findings("gender-target") == []


def test_groups_and_years_are_counted_apart() -> None:
    # One woman in the contingent meets nothing on her own; a man as an observer over
    # New Year counts in 2023 and 2024 of the individual group.
    build = Build()
    _unit_year(build, women=2, men=8)
    build.person("OBS")
    build.assign("OBS", D(2023, 12, 1), D(2024, 1, 31), mission="M1", category="observer")
    build.person("CANCELLED", sex="M")
    build.assign(
        "CANCELLED",
        D(2024, 5, 1),
        D(2024, 5, 2),
        mission="M1",
        category="unit",
        status="cancelled",
    )
    found = build.findings("gender-target")
    assert [(f.start, f.detail, f.value, f.limit) for f in found] == [
        ("2023-01-01", "individual", 0, 1),
        ("2024-01-01", "individual", 0, 1),
    ]
