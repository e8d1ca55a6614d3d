"""double-booked, unavailable and short-rest, and how a person counts in headcounts."""

from __future__ import annotations

from rules_builder import Build, D, span

from planner.rules.headcount import Run, mission_headcount


def _two_missions(build: Build) -> None:
    build.mission("M1")
    build.mission("M2")
    build.authorisation("A", D(2000, 1, 1), {"M1": (None, ""), "M2": (None, "")})


def test_a_person_on_two_missions_on_the_same_day() -> None:
    build = Build()
    _two_missions(build)
    build.person("P1")
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1")
    build.assign("P1", D(2020, 6, 30), D(2020, 12, 31), mission="M2")
    found = build.findings("double-booked")
    assert [(f.person, f.mission, span(f), f.value) for f in found] == [
        ("P1", "M2", ("2020-06-30", "2020-06-30"), 1)
    ]
    assert found[0].message == (
        "Major Given SurnameP1 (P1) is on M1 and M2 at the same time on 2020-06-30."
    )
    # That day the person counts on both missions.
    runs = mission_headcount(build.snapshot())
    assert runs == {
        "M1": [Run(D(2020, 1, 1), D(2020, 6, 30), 1)],
        "M2": [Run(D(2020, 6, 30), D(2020, 12, 31), 1)],
    }


def test_overlapping_assignments_on_one_mission_count_the_person_once() -> None:
    build = Build()
    _two_missions(build)
    build.person("P1")
    build.person("P2")
    build.assign("P1", D(2020, 1, 1), D(2020, 3, 31), mission="M1")
    build.assign("P1", D(2020, 3, 1), D(2020, 4, 30), mission="M1")
    build.assign("P2", D(2020, 3, 15), D(2020, 3, 20), mission="M1")
    runs = mission_headcount(build.snapshot())
    assert runs["M1"] == [
        Run(D(2020, 1, 1), D(2020, 3, 14), 1),
        Run(D(2020, 3, 15), D(2020, 3, 20), 2),
        Run(D(2020, 3, 21), D(2020, 4, 30), 1),
    ]
    found = build.findings("double-booked")
    assert [span(f) for f in found] == [("2020-03-01", "2020-03-31")]


def test_every_overlapping_pair_is_reported_and_cancelled_ones_are_not() -> None:
    build = Build()
    _two_missions(build)
    build.person("P1")
    build.assign("P1", D(2020, 1, 1), D(2020, 1, 31), mission="M1")
    build.assign("P1", D(2020, 1, 10), D(2020, 1, 20), mission="M2")
    build.assign("P1", D(2020, 1, 15), D(2020, 2, 10), mission="M2", status="confirmed")
    build.assign("P1", D(2020, 1, 1), D(2020, 12, 31), mission="M2", status="cancelled")
    found = build.findings("double-booked")
    assert sorted(span(f) for f in found) == [
        ("2020-01-10", "2020-01-20"),
        ("2020-01-15", "2020-01-20"),
        ("2020-01-15", "2020-01-31"),
    ]


def test_short_rest_counts_the_days_between_two_tours() -> None:
    build = Build()
    _two_missions(build)
    for number in ("P1", "P2", "P3"):
        build.person(number)
        build.assign(number, D(2019, 7, 1), D(2020, 6, 30), mission="M1")
    build.assign("P1", D(2021, 6, 30), D(2021, 12, 31), mission="M2")  # 364 days' rest
    build.assign("P2", D(2021, 7, 1), D(2021, 12, 31), mission="M2")  # 365: enough
    build.assign("P3", D(2020, 7, 1), D(2020, 12, 31), mission="M1")  # back to back
    found = build.findings("short-rest")
    assert [(f.person, span(f), f.value, f.limit) for f in found] == [
        ("P3", ("2020-07-01", "2020-07-01"), 0, 365),
        ("P1", ("2020-07-01", "2021-06-29"), 364, 365),
    ]
    assert found[1].message == (
        "Major Given SurnameP1 (P1) has 364 days of rest between M1, ending 2020-06-30, "
        "and M2, starting 2021-06-30; the minimum is 365."
    )
    assert build.findings("double-booked") == []


def test_short_rest_follows_the_settings() -> None:
    build = Build()
    _two_missions(build)
    build.person("P1")
    build.assign("P1", D(2020, 1, 1), D(2020, 1, 31), mission="M1")
    build.assign("P1", D(2020, 3, 1), D(2020, 3, 31), mission="M2")  # 29 days' rest
    build.settings(min_rest_days=30)
    assert [f.value for f in build.findings("short-rest")] == [29]
    build.settings(min_rest_days=29)
    assert build.findings("short-rest") == []


def test_an_absence_during_an_assignment_makes_the_person_unavailable() -> None:
    build = Build()
    _two_missions(build)
    build.person("P1")
    build.assign("P1", D(2020, 1, 1), D(2020, 3, 10), mission="M1")
    build.absence("P1", D(2020, 3, 10), D(2020, 3, 20), reason="Staff course")
    build.absence("P1", D(2020, 5, 1), D(2020, 5, 5))
    found = build.findings("unavailable")
    assert [(f.person, f.mission, span(f), f.detail) for f in found] == [
        ("P1", "M1", ("2020-03-10", "2020-03-10"), "Staff course")
    ]
    assert found[0].message == (
        "Major Given SurnameP1 (P1) is away (Staff course) on 2020-03-10 while posted to M1."
    )
