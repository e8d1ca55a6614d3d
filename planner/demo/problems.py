"""The deliberate problems of the demo plan: each is one a planner can find with a check
and fix in the window. Tests assert that the check finds every one of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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

# Planted for rules the plan's check does not have yet (issue 10): what they should find.
PLANTED_FOR_NEW_RULES: Final[dict[str, str]] = {
    "clause-ceiling": "a draft for 2027 fills the 2018 resolution's officers clause to its 40 "
    "(20 UNMOGIP observers, 20 UNFICYP staff officers from 2027-03-01 to 2027-08-31) while "
    "two UNMOGIP observers still serve until 2027-09-30: 42 of 40 from 2027-03-01 to "
    "2027-08-31",
    "establishment": "KAZCON-R04, four riflemen short, leaves 4 of the 67 INF posts open",
}


@dataclass(frozen=True)
class Expected:
    """A finding a planted problem makes, as ``planner check --json`` shows it (None:
    whatever the rule puts there)."""

    rule: str
    severity: str
    mission: str | None = None
    authorisation: str | None = None
    rotation: str | None = None
    detail: str | None = None
    start: str | None = None
    end: str | None = None
    value: int | None = None
    limit: int | None = None


# Each planted problem's findings, one line each (the rules' tests assert them).
EXPECTED: Final[dict[str, tuple[Expected, ...]]] = {
    "mission-ceiling": (
        Expected(
            "mission-ceiling",
            "error",
            mission="UNDOF",
            authorisation="2024-01-19",
            start="2027-02-15",
            end="2027-02-28",
            value=274,
            limit=150,
        ),
    ),
    "strength": (Expected("strength", "warning", rotation="KAZCON-R04", value=135, limit=139),),
    "credential": (
        Expected(
            "credential", "error", rotation="KAZCON-R03", detail="passport", start="2027-03-16"
        ),
    ),
    "double-booked": (
        Expected("double-booked", "error", mission="UNMISS", start="2026-09-01", end="2026-10-31"),
    ),
    "unauthorised-mission": (
        Expected(
            "unauthorised-mission", "error", mission="MINUSCA", start="2022-01-10", end="2022-06-29"
        ),
    ),
    "mission-inactive": (
        Expected("mission-inactive", "error", mission="MINUSMA", start="2024-01-01"),
    ),
    "unavailable": (Expected("unavailable", "error", rotation="KAZCOY-R16"),),
    "short-rest": (Expected("short-rest", "warning", rotation="KAZCOY-R16"),),
    "language": (Expected("language", "warning", mission="MONUSCO"),),
    "observer-profile": (Expected("observer-profile", "warning", mission="UNMISS"),),
    # The rules of issue 10 (clause-ceiling: error; establishment: warning, detail = post
    # code, value = filled, limit = count).
    "clause-ceiling": (
        Expected(
            "clause-ceiling",
            "error",
            authorisation="2018-06-15",
            detail="officers",
            start="2027-03-01",
            end="2027-08-31",
            value=42,
            limit=40,
        ),
    ),
    "establishment": (
        Expected(
            "establishment",
            "warning",
            mission="UNDOF",
            rotation="KAZCON-R04",
            detail="INF",
            start="2027-02-15",
            end="2028-02-29",
            value=63,
            limit=67,
        ),
    ),
}

# The officers clause's draft of 2027 (clause-ceiling).
CLAUSE_DRAFT: Final = (
    ("UNMOGIP", "observer", "Military observer", 20),
    ("UNFICYP", "staff", "Staff officer", 20),
)
CLAUSE_DRAFT_DAYS: Final = (D(2027, 3, 1), D(2027, 8, 31))


def _rotation_id(data: DemoData, code: str) -> int:
    return next(int(r["id"]) for r in data.rows[Rotation] if r["code"] == code)


def _members(data: DemoData, rotation_code: str) -> list[dict[str, object]]:
    rotation_id = _rotation_id(data, rotation_code)
    return [a for a in data.rows[Assignment] if a["rotation_id"] == rotation_id]


def _person(data: DemoData, person_id: object):  # type: ignore[no-untyped-def]
    return next(p for p in data.persons if p.id == person_id)


def _free_officer(  # type: ignore[no-untyped-def]
    data: DemoData, start: dt.date, end: dt.date, *, french: bool, new: bool = False
):
    """The first individual officer free for the tour (and, if ``new``, never posted)."""
    return next(
        p
        for p in data.persons
        if p.rank in ("Captain", "Major", "Lieutenant Colonel")
        and p.specialty == "Staff officer"
        and p.birth_date.year < 1992
        and ("fr:" in p.languages) == french
        and p.free_for(start, end, 365)
        and not (new and p.tours)
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
    # He was made for the same post, so that R16 still fills its establishment.
    post = _person(data, replaced["person_id"]).post
    again = next(
        p
        for p in (_person(data, a["person_id"]) for a in _members(data, "KAZCOY-R14"))
        if p.post == post
    )
    data.assign(
        again,
        "UNIFIL",
        D(2026, 11, 1),
        D(2026, 12, 31),
        "unit",
        str(replaced["role"]),
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

    # unauthorised-mission: MINUSCA before parliament authorised it (someone never posted
    # before: the 45th officer of seed 003's count by mid-2022).
    start, end = D(2022, 1, 10), D(2023, 1, 9)
    data.assign(
        _free_officer(data, start, end, french=True, new=True),
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

    # clause-ceiling: the 2027 draft of forty under the 2018 officers clause, while the
    # two UNMOGIP observers posted in October 2026 still serve.
    start, end = CLAUSE_DRAFT_DAYS
    for mission, category, role, count in CLAUSE_DRAFT:
        for _ in range(count):
            row = data.assign(
                _free_officer(data, start, end, french=False), mission, start, end, category, role
            )
            row["status"] = "planned"
