"""outside-rotation, rotation-gap, handover-overlap and strength."""

from __future__ import annotations

from rules_builder import Build, D, span


def _unit(build: Build, *, strength: int | None = None, handover: int = 14) -> None:
    build.mission("M1")
    build.authorisation("A", D(2000, 1, 1), {"M1": (None, "")})
    build.unit("U1", "M1", strength=strength, handover=handover)


def test_days_of_an_assignment_outside_its_rotation() -> None:
    build = Build()
    _unit(build)
    build.rotation("R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    build.person("P1")
    build.person("P2")
    build.assign("P1", D(2019, 12, 25), D(2020, 7, 5), rotation="R1")
    build.assign("P2", D(2020, 1, 1), D(2020, 6, 30), rotation="R1")
    found = build.findings("outside-rotation")
    assert [(f.person, f.rotation, span(f), f.value) for f in found] == [
        ("P1", "R1", ("2019-12-25", "2019-12-31"), 7),
        ("P1", "R1", ("2020-07-01", "2020-07-05"), 5),
    ]
    assert found[0].message == (
        "M1: Major Given SurnameP1 (P1) is on R1 from 2019-12-25 to 2019-12-31, before the "
        "rotation starts on 2020-01-01."
    )
    assert "after the rotation ends on 2020-06-30" in found[1].message


def test_days_no_rotation_covers_between_two_rotations() -> None:
    build = Build()
    _unit(build)
    build.rotation("R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    build.rotation("R2", "U1", D(2020, 7, 15), D(2020, 12, 31))
    build.rotation("R3", "U1", D(2021, 1, 1), D(2021, 6, 30))  # adjacent: no gap
    build.rotation("R4", "U1", D(2021, 7, 1), D(2021, 12, 31), status="cancelled")
    build.rotation("R5", "U1", D(2022, 1, 1), D(2022, 6, 30))
    found = build.findings("rotation-gap")
    assert [(f.rotation, span(f), f.value) for f in found] == [
        ("R2", ("2020-07-01", "2020-07-14"), 14),
        ("R5", ("2021-07-01", "2021-12-31"), 184),  # the cancelled R4 covers nothing
    ]
    assert found[0].message == (
        "U1 has no rotation from 2020-07-01 to 2020-07-14, between R1 and R2."
    )


def test_handover_overlap_beyond_the_units_handover_days() -> None:
    build = Build()
    _unit(build, handover=14)
    build.rotation("R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    build.rotation("R2", "U1", D(2020, 6, 16), D(2020, 12, 31))  # 15 days together
    build.rotation("R3", "U1", D(2020, 12, 18), D(2021, 6, 30))  # 14 days: allowed
    found = build.findings("handover-overlap")
    assert [(f.rotation, span(f), f.value, f.limit) for f in found] == [
        ("R2", ("2020-06-16", "2020-06-30"), 15, 14)
    ]
    assert found[0].message == (
        "U1: R1 and R2 overlap for 15 days (from 2020-06-16 to 2020-06-30), more than the "
        "14-day handover."
    )
    assert build.findings("rotation-gap") == []


def test_strength_counts_the_roster_without_cancelled_assignments() -> None:
    build = Build()
    _unit(build, strength=2)
    build.rotation("R1", "U1", D(2020, 1, 1), D(2020, 6, 30))
    build.rotation("R2", "U1", D(2020, 7, 1), D(2020, 12, 31))
    build.rotation("R3", "U1", D(2021, 1, 1), D(2021, 6, 30))
    for number in ("P1", "P2", "P3", "P4", "P5", "P6"):
        build.person(number)
    build.assign("P1", rotation="R1")
    build.assign("P2", rotation="R1", status="cancelled")
    build.assign("P3", rotation="R2")
    build.assign("P4", rotation="R2")
    build.assign("P5", D(2021, 1, 1), D(2021, 6, 30), rotation="R3")
    build.assign("P6", D(2021, 1, 1), D(2021, 6, 30), rotation="R3")
    build.assign("P1", D(2021, 1, 1), D(2021, 6, 30), rotation="R3")
    found = build.findings("strength")
    assert [(f.rotation, span(f), f.value, f.limit) for f in found] == [
        ("R1", ("2020-01-01", "2020-06-30"), 1, 2),
        ("R3", ("2021-01-01", "2021-06-30"), 3, 2),
    ]
    assert found[0].message == "R1 has 1 on its roster, 1 below the strength of U1 (2)."
    assert found[1].message == "R3 has 3 on its roster, 1 above the strength of U1 (2)."
