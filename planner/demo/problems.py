"""The deliberate problems of the demo plan: each is one a planner can find with a check
and fix in the window. Tests assert that the check finds every one of them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from planner.models import Absence, Assignment, Rotation

if TYPE_CHECKING:
    from planner.demo.build import DemoData

D = dt.date

# rule -> what the demo does to trigger it (shown in the README and asserted by tests).
PLANTED: Final[dict[str, str]] = {
    "mission-ceiling": "KAZCON-R04 (draft) starts 2027-02-15, two weeks before KAZCON-R03 "
    "ends: UNDOF is over its ceiling of 150 for those days",
    "strength": "KAZCON-R04 has 135 of the contingent's 139",
    "credential": "one soldier of KAZCON-R03 has a passport that expires 2027-03-15",
    "double-booked": "an UNTSO observer is also posted to UNMISS from 2026-09-01",
    "unavailable": "a KAZCOY-R16 soldier is in hospital from 2026-11-10 to 2026-12-05",
    "short-rest": "a soldier of KAZCOY-R14 goes again with KAZCOY-R16",
    "language": "an observer without French is posted to MONUSCO",
    "observer-profile": "a Senior Lieutenant commissioned in 2021 goes to UNMISS as staff",
    "unauthorised-mission": "an observer goes to MINUSCA in January 2022, before the 2022 "
    "authorisation",
    "mission-inactive": "a staff officer stays in MINUSMA into 2024, after its mandate ended",
}


def _rotation_id(data: DemoData, code: str) -> int:
    return next(int(r["id"]) for r in data.rows[Rotation] if r["code"] == code)


def _members(data: DemoData, rotation_code: str) -> list[dict[str, object]]:
    rotation_id = _rotation_id(data, rotation_code)
    return [a for a in data.rows[Assignment] if a["rotation_id"] == rotation_id]


def _person(data: DemoData, person_id: object):  # type: ignore[no-untyped-def]
    return next(p for p in data.persons if p.id == person_id)


def _free_officer(data: DemoData, start: dt.date, end: dt.date, *, french: bool):  # type: ignore[no-untyped-def]
    return next(
        p
        for p in data.persons
        if p.rank in ("Captain", "Major", "Lieutenant Colonel")
        and p.birth_date.year < 1992
        and ("fr:" in p.languages) == french
        and p.free_for(start, end, 365)
    )


def plant_problems(data: DemoData) -> None:
    # strength: drop four members of the draft KAZCON-R04 (the ceiling problem is in the
    # rotation dates themselves, see facts.KAZCON_ROTATIONS).
    for row in _members(data, "KAZCON-R04")[-4:]:
        data.rows[Assignment].remove(row)
        person = _person(data, row["person_id"])
        person.tours.remove((row["starts_on"], row["ends_on"]))

    # credential: a passport that runs out during the tour.
    victim = _person(data, _members(data, "KAZCON-R03")[10]["person_id"])
    data.passport_expiry[victim.id] = D(2027, 3, 15)

    # double-booked: an UNTSO observer also sent to UNMISS.
    untso = data.missions["UNTSO"]
    observer = next(
        a
        for a in data.rows[Assignment]
        if a["mission_id"] == untso and a["starts_on"] == D(2025, 11, 1)
    )
    data.assign(
        _person(data, observer["person_id"]),
        "UNMISS",
        D(2026, 9, 1),
        D(2027, 8, 31),
        "observer",
        "Military observer",
    )

    # unavailable: a soldier of the company now deployed is in hospital.
    patient = _members(data, "KAZCOY-R16")[20]
    data.add(
        Absence,
        {
            "person_id": patient["person_id"],
            "starts_on": D(2026, 11, 10),
            "ends_on": D(2026, 12, 5),
            "reason": "Hospital",
        },
    )
    data.reserved_absences.add(int(str(patient["person_id"])))

    # short-rest: one soldier of R14 goes again with R16, six months later, in the place
    # of one of R16's soldiers (so that R16 keeps its strength of 120).
    replaced = _members(data, "KAZCOY-R16")[-1]
    data.rows[Assignment].remove(replaced)
    _person(data, replaced["person_id"]).tours.remove((replaced["starts_on"], replaced["ends_on"]))
    again = next(
        p
        for p in (_person(data, a["person_id"]) for a in _members(data, "KAZCOY-R14"))
        if p.commissioned_on is None
    )
    data.assign(
        again,
        "UNIFIL",
        D(2026, 11, 1),
        D(2026, 12, 31),
        "unit",
        again.specialty,
        _rotation_id(data, "KAZCOY-R16"),
    )

    # language: an observer without French to a French-speaking mission.
    start, end = D(2027, 1, 10), D(2028, 1, 9)
    data.assign(
        _free_officer(data, start, end, french=False),
        "MONUSCO",
        start,
        end,
        "observer",
        "Military observer",
    )

    # observer-profile: too junior for an individual post.
    junior = data.people.make(
        officer=True,
        female_share=0.0,
        ranks=("Senior Lieutenant",),
        born=(1998, 1998),
        languages="en:B2, ru:C2",
    )
    junior.commissioned_on = D(2021, 7, 1)
    data.persons.append(junior)
    data.assign(junior, "UNMISS", D(2027, 1, 15), D(2028, 1, 14), "staff", "Staff officer")

    # unauthorised-mission: MINUSCA before parliament authorised it.
    start, end = D(2022, 1, 10), D(2023, 1, 9)
    data.assign(
        _free_officer(data, start, end, french=True),
        "MINUSCA",
        start,
        end,
        "observer",
        "Military observer",
    )

    # mission-inactive: a staff officer kept on in Mali after the mission closed.
    start, end = D(2023, 7, 1), D(2024, 6, 30)
    data.assign(
        _free_officer(data, start, end, french=True),
        "MINUSMA",
        start,
        end,
        "staff",
        "Staff officer",
    )
