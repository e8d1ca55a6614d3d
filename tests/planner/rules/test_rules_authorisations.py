"""unauthorised-mission, category-not-authorised, mission-ceiling, total-ceiling and
mission-inactive on small plans whose answers are worked out by hand."""

from __future__ import annotations

from rules_builder import Build, D, span

from planner.rules.headcount import Run, authorisation_totals, governing_ceiling


def _people(build: Build, *numbers: str) -> None:
    for number in numbers:
        build.person(number)


def test_days_outside_every_authorisation_are_unauthorised() -> None:
    build = Build()
    build.mission("M1")
    build.authorisation("A", D(2020, 1, 1), {"M1": (None, "")}, until=D(2020, 6, 30))
    _people(build, "P1", "P2")
    build.assign("P1", D(2020, 3, 1), D(2020, 9, 30), mission="M1")
    build.assign("P2", D(2019, 12, 1), D(2020, 1, 31), mission="M1")
    found = build.findings("unauthorised-mission")
    # P2's days before A, then P1's days after A's last valid day (2020-06-30).
    assert [(f.person, span(f), f.value) for f in found] == [
        ("P2", ("2019-12-01", "2019-12-31"), 31),
        ("P1", ("2020-07-01", "2020-09-30"), 92),
    ]
    assert found[1].message == (
        "M1: Major Given SurnameP1 (P1) is deployed from 2020-07-01 to 2020-09-30, but no "
        "authorisation in force lists M1 on those days."
    )
    assert all(f.severity == "error" and f.mission == "M1" for f in found)


def test_a_mission_no_authorisation_lists_is_unauthorised_throughout() -> None:
    build = Build()
    build.mission("M1")
    build.mission("M2")
    build.authorisation("A", D(2020, 1, 1), {"M1": (None, "")})
    build.person("P1")
    build.assign("P1", D(2021, 1, 1), D(2021, 1, 1), mission="M2")
    found = build.findings("unauthorised-mission")
    assert [(f.mission, span(f), f.value) for f in found] == [
        ("M2", ("2021-01-01", "2021-01-01"), 1)
    ]
    assert "on 2021-01-01" in found[0].message


def test_category_not_allowed_by_the_governing_authorisation() -> None:
    build = Build()
    build.mission("M1")
    build.unit("U1", "M1")
    build.rotation("U1-R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    build.authorisation("A", D(2019, 1, 1), {"M1": (None, "observer,staff")})
    _people(build, "P1", "P2", "P3")
    build.assign("P1", rotation="U1-R1")
    build.assign("P2", D(2020, 1, 1), D(2020, 12, 31), mission="M1", category="staff")
    build.assign("P3", D(2020, 1, 1), D(2020, 12, 31), mission="M1", category="observer")
    found = build.findings("category-not-authorised")
    assert [(f.person, f.rotation, f.authorisation, span(f)) for f in found] == [
        ("P1", "U1-R1", "A", ("2020-01-01", "2020-06-30"))
    ]
    assert found[0].message == (
        "M1: Major Given SurnameP1 (P1) serves as a unit member from 2020-01-01 to "
        "2020-06-30, but authorisation A allows only observers and staff officers there."
    )


def test_a_later_authorisation_supersedes_an_earlier_one_for_its_missions_only() -> None:
    build = Build()
    build.mission("M1")
    build.mission("M2")
    build.authorisation("A", D(2018, 1, 1), {"M1": (10, ""), "M2": (1, "")})
    build.authorisation("B", D(2020, 1, 1), {"M1": (1, "observer")})
    _people(build, "P1", "P2", "P3")
    # Two observers on M1 across the change: over B's ceiling of 1 only from B on.
    build.assign("P1", D(2019, 12, 1), D(2020, 2, 29), mission="M1")
    build.assign("P2", D(2019, 12, 1), D(2020, 2, 29), mission="M1")
    # A staff officer on M2: A still governs M2, which allows every category.
    build.assign("P3", D(2021, 1, 1), D(2021, 6, 30), mission="M2", category="staff")

    snapshot = build.snapshot()
    assert governing_ceiling(snapshot, "M1", D(2019, 12, 31)) == ("A", 10)
    assert governing_ceiling(snapshot, "M1", D(2020, 1, 1)) == ("B", 1)
    assert governing_ceiling(snapshot, "M2", D(2020, 1, 1)) == ("A", 1)
    assert governing_ceiling(snapshot, "M2", D(2017, 12, 31)) == (None, None)
    assert governing_ceiling(snapshot, "NOPE", D(2020, 1, 1)) == (None, None)

    ceilings = build.findings("mission-ceiling")
    assert [(f.mission, f.authorisation, span(f), f.value, f.limit) for f in ceilings] == [
        ("M1", "B", ("2020-01-01", "2020-02-29"), 2, 1)
    ]
    assert build.findings("category-not-authorised") == []


def test_governing_ties_go_to_the_later_valid_from_then_the_later_created() -> None:
    build = Build()
    build.mission("M1")
    adopted = D(2019, 6, 1)
    build.authorisation("EARLY", D(2019, 1, 1), {"M1": (5, "")}, adopted=adopted)
    build.authorisation("LATE", D(2019, 2, 1), {"M1": (6, "")}, adopted=adopted)
    build.authorisation("TWIN", D(2019, 2, 1), {"M1": (7, "")}, adopted=adopted)
    snapshot = build.snapshot()
    assert governing_ceiling(snapshot, "M1", D(2019, 1, 31)) == ("EARLY", 5)
    assert governing_ceiling(snapshot, "M1", D(2019, 2, 1)) == ("TWIN", 7)


def test_ceiling_range_ends_on_the_authorisations_last_valid_day() -> None:
    build = Build()
    build.mission("M1")
    build.authorisation("A", D(2020, 1, 1), {"M1": (1, "")}, until=D(2020, 3, 31))
    build.authorisation("B", D(2020, 4, 1), {"M1": (5, "")})
    _people(build, "P1", "P2")
    build.assign("P1", D(2020, 2, 1), D(2020, 5, 31), mission="M1")
    build.assign("P2", D(2020, 2, 1), D(2020, 5, 31), mission="M1")
    found = build.findings("mission-ceiling")
    assert [(f.authorisation, span(f), f.value, f.limit) for f in found] == [
        ("A", ("2020-02-01", "2020-03-31"), 2, 1)
    ]
    assert found[0].message == (
        "M1: 2 deployed from 2020-02-01 to 2020-03-31, over the ceiling of 1 set by "
        "authorisation A."
    )


def test_ceiling_range_splits_where_the_governing_authorisation_changes() -> None:
    build = Build()
    build.mission("M1")
    build.authorisation("A", D(2020, 1, 1), {"M1": (1, "")}, until=D(2020, 3, 31))
    build.authorisation("B", D(2020, 4, 1), {"M1": (1, "")})
    _people(build, "P1", "P2", "P3")
    build.assign("P1", D(2020, 2, 1), D(2020, 5, 31), mission="M1")
    build.assign("P2", D(2020, 2, 1), D(2020, 5, 31), mission="M1")
    build.assign("P3", D(2020, 5, 10), D(2020, 5, 20), mission="M1")
    found = build.findings("mission-ceiling")
    assert [(f.authorisation, span(f), f.value) for f in found] == [
        ("A", ("2020-02-01", "2020-03-31"), 2),
        ("B", ("2020-04-01", "2020-05-31"), 3),  # the peak of a run that varies
    ]
    assert found[1].message.startswith("M1: up to 3 deployed from 2020-04-01 to 2020-05-31")


def test_total_ceiling_sums_the_missions_the_authorisation_governs() -> None:
    build = Build()
    build.mission("M1")
    build.mission("M2")
    build.authorisation("A", D(2019, 1, 1), {"M1": (None, ""), "M2": (None, "")}, total=3)
    _people(build, "P1", "P2", "P3", "P4")
    build.assign("P1", D(2020, 1, 1), D(2020, 1, 31), mission="M1")
    build.assign("P2", D(2020, 1, 1), D(2020, 1, 31), mission="M1")
    build.assign("P3", D(2020, 1, 15), D(2020, 2, 15), mission="M2")
    build.assign("P4", D(2020, 1, 15), D(2020, 2, 15), mission="M2")
    found = build.findings("total-ceiling")
    assert [(f.authorisation, span(f), f.value, f.limit) for f in found] == [
        ("A", ("2020-01-15", "2020-01-31"), 4, 3)
    ]
    assert found[0].message == (
        "Authorisation A: 4 deployed in total from 2020-01-15 to 2020-01-31 in the missions "
        "it governs, over its total ceiling of 3."
    )
    totals = authorisation_totals(build.snapshot())
    assert totals == {
        "A": [
            Run(D(2020, 1, 1), D(2020, 1, 14), 2),
            Run(D(2020, 1, 15), D(2020, 1, 31), 4),
            Run(D(2020, 2, 1), D(2020, 2, 15), 2),
        ]
    }


def test_total_ceiling_leaves_out_a_mission_another_authorisation_governs() -> None:
    build = Build()
    build.mission("M1")
    build.mission("M2")
    build.authorisation("A", D(2019, 1, 1), {"M1": (None, ""), "M2": (None, "")}, total=3)
    build.authorisation("B", D(2020, 1, 20), {"M2": (None, "")})
    _people(build, "P1", "P2", "P3", "P4")
    build.assign("P1", D(2020, 1, 1), D(2020, 1, 31), mission="M1")
    build.assign("P2", D(2020, 1, 1), D(2020, 1, 31), mission="M1")
    build.assign("P3", D(2020, 1, 15), D(2020, 2, 15), mission="M2")
    build.assign("P4", D(2020, 1, 15), D(2020, 2, 15), mission="M2")
    found = build.findings("total-ceiling")
    # From 2020-01-20 M2 counts towards B, and A's total drops back to 2.
    assert [(f.authorisation, span(f), f.value) for f in found] == [
        ("A", ("2020-01-15", "2020-01-19"), 4)
    ]
    totals = authorisation_totals(build.snapshot())
    assert totals["B"] == [Run(D(2020, 1, 20), D(2020, 2, 15), 2)]


def test_days_outside_the_mandate_are_reported() -> None:
    build = Build()
    build.mission("M1", start=D(2020, 3, 1), end=D(2020, 6, 30))
    build.authorisation("A", D(2019, 1, 1), {"M1": (None, "")})
    _people(build, "P1", "P2")
    build.assign("P1", D(2020, 2, 15), D(2020, 3, 15), mission="M1")
    build.assign("P2", D(2020, 6, 1), D(2020, 7, 31), mission="M1")
    found = build.findings("mission-inactive")
    assert [(f.person, span(f), f.value) for f in found] == [
        ("P1", ("2020-02-15", "2020-02-29"), 15),
        ("P2", ("2020-07-01", "2020-07-31"), 31),
    ]
    assert "before the mission's mandate starts on 2020-03-01" in found[0].message
    assert "after the mission's mandate ended on 2020-06-30" in found[1].message


def test_cancelled_assignments_and_rotations_do_not_count() -> None:
    build = Build()
    build.mission("M1")
    build.mission("M2")  # listed by no authorisation
    build.unit("U1", "M1")
    build.rotation("U1-R1", "U1", D(2020, 1, 1), D(2020, 6, 30), status="cancelled")
    build.authorisation("A", D(2019, 1, 1), {"M1": (1, "")}, total=1)
    _people(build, "P1", "P2", "P3", "P4")
    build.assign("P1", rotation="U1-R1")  # its rotation is cancelled
    build.assign("P2", D(2020, 1, 1), D(2020, 6, 30), mission="M1", status="cancelled")
    build.assign("P3", D(2020, 1, 1), D(2020, 6, 30), mission="M1")
    build.assign("P4", D(2020, 1, 1), D(2020, 6, 30), mission="M2", status="cancelled")
    assert build.findings("mission-ceiling") == []
    assert build.findings("total-ceiling") == []
    assert build.findings("unauthorised-mission") == []
    totals = authorisation_totals(build.snapshot())
    assert totals == {"A": [Run(D(2020, 1, 1), D(2020, 6, 30), 1)]}
