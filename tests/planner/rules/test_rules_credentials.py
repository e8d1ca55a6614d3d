"""The credential rule against the plan's requirements table and settings."""

from __future__ import annotations

from rules_builder import Build, D, span

from planner.rules.rows import Requirement


def _setup(build: Build, *, credentials: bool = False) -> None:
    build.mission("M1")
    build.authorisation("A", D(2000, 1, 1), {"M1": (None, "")})
    build.person("P1", credentials=credentials)


def _give(build: Build, *kinds: str) -> None:
    for kind in kinds:
        build.credential("P1", kind, D(2000, 1, 1), D(2040, 1, 1))


def test_passport_must_last_the_margin_after_the_tour() -> None:
    build = Build()
    _setup(build)
    _give(build, "medical", "predeployment-training", "screening")
    build.credential("P1", "passport", D(2015, 1, 1), D(2020, 10, 31))
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1", category="staff")
    found = build.findings("credential")
    # The tour ends 2020-06-30; 180 days later is 2020-12-27.
    assert [(f.person, f.detail, span(f), f.value) for f in found] == [
        ("P1", "passport", ("2020-11-01", "2020-12-27"), 57)
    ]
    assert found[0].message == (
        "Major Given SurnameP1 (P1) has no valid passport from 2020-11-01 to 2020-12-27; "
        "M1 needs one through 180 days after the tour."
    )
    build.settings(passport_margin_days=100)  # now needed through 2020-10-08 only
    assert build.findings("credential") == []


def test_a_missing_credential_is_reported_over_the_whole_span() -> None:
    build = Build()
    _setup(build)
    _give(build, "passport", "predeployment-training", "screening")
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1", category="staff")
    found = build.findings("credential")
    assert [(f.detail, span(f)) for f in found] == [("medical", ("2020-01-01", "2020-06-30"))]


def test_a_renewal_with_a_gap_is_reported_for_the_gap_only() -> None:
    build = Build()
    _setup(build)
    _give(build, "passport", "predeployment-training", "screening")
    build.credential("P1", "medical", D(2019, 1, 1), D(2020, 3, 31))
    build.credential("P1", "medical", D(2020, 4, 15), D(2022, 1, 1))
    build.credential("P1", "medical", None, D(2018, 1, 1))  # no issue date: valid before
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1", category="staff")
    found = build.findings("credential")
    assert [(f.detail, span(f), f.value) for f in found] == [
        ("medical", ("2020-04-01", "2020-04-14"), 14)
    ]


def test_a_renewal_the_day_after_expiry_leaves_no_gap() -> None:
    build = Build()
    _setup(build)
    _give(build, "passport", "predeployment-training", "screening")
    build.credential("P1", "medical", D(2019, 1, 1), D(2020, 3, 31))
    build.credential("P1", "medical", D(2020, 4, 1), D(2022, 1, 1))
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1", category="staff")
    assert build.findings("credential") == []


def test_start_date_credentials_are_valid_through_their_expiry_day() -> None:
    build = Build()
    _setup(build)
    _give(build, "passport", "medical")
    build.credential("P1", "predeployment-training", D(2018, 1, 1), D(2020, 1, 1))
    build.credential("P1", "screening", D(2018, 1, 1), D(2019, 12, 31))
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1", category="staff")
    found = build.findings("credential")
    assert [(f.detail, span(f)) for f in found] == [("screening", ("2020-01-01", "2020-01-01"))]
    assert found[0].message.endswith("M1 needs one on the first day.")


def test_driving_licence_is_required_of_observers_only() -> None:
    build = Build()
    _setup(build)
    _give(build, "passport", "medical", "predeployment-training", "screening")
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1", category="staff")
    build.assign("P1", D(2022, 1, 1), D(2022, 6, 30), mission="M1", category="observer")
    found = build.findings("credential")
    assert [(f.detail, span(f)) for f in found] == [
        ("driving-licence", ("2022-01-01", "2022-01-01"))
    ]


def test_the_requirements_table_is_the_plans_own() -> None:
    build = Build()
    _setup(build)
    _give(build, "passport", "predeployment-training", "screening")
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1", category="staff")
    assert [f.detail for f in build.findings("credential")] == ["medical"]
    # Medical only for units now; a course every staff officer needs on the first day.
    build.requirements = (
        *(r._replace(applies_to="unit") if r.kind == "medical" else r for r in build.requirements),
        Requirement("kazcent-course", "individual", "start"),
    )
    found = build.findings("credential")
    assert [(f.detail, span(f)) for f in found] == [
        ("kazcent-course", ("2020-01-01", "2020-01-01"))
    ]
    assert "no valid kazcent course on 2020-01-01" in found[0].message


def test_the_longer_span_wins_when_two_requirements_name_one_kind() -> None:
    build = Build()
    _setup(build)
    _give(build, "passport", "medical", "screening")
    build.credential("P1", "predeployment-training", D(2018, 1, 1), D(2020, 3, 31))
    build.requirements = (
        *build.requirements,
        Requirement("predeployment-training", "staff", "tour"),
    )
    build.assign("P1", D(2020, 1, 1), D(2020, 6, 30), mission="M1", category="staff")
    found = build.findings("credential")
    assert [(f.detail, span(f)) for f in found] == [
        ("predeployment-training", ("2020-04-01", "2020-06-30"))
    ]
