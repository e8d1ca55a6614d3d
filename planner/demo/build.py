"""Build the demo plan into an empty plan in one transaction, with bulk inserts."""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.bulk import INSERT_ORDER, insert_all
from planner.demo.facts import (
    AUTHORISATIONS,
    INDIVIDUAL_POSTS,
    KAZCON_ROTATIONS,
    KAZCOY_ROTATIONS,
    MISSIONS,
    POST_RANKS,
    POSTS,
    UNITS,
)
from planner.demo.people import DemoPerson, PeopleFactory
from planner.demo.problems import plant_problems
from planner.entities import entity_of
from planner.errors import PlannerError
from planner.models import (
    Absence,
    Assignment,
    Authorisation,
    AuthorisedMission,
    CeilingClause,
    CeilingClauseMission,
    Credential,
    Mission,
    Person,
    Post,
    Rotation,
    Unit,
)
from planner.plan import Plan

TODAY = dt.date(2026, 11, 23)  # the demo is written as of this day: statuses follow it
REST_DAYS = 365
SOLDIER_RANKS = ("Private",) * 6 + ("Lance Corporal",) * 2 + ("Junior Sergeant", "Sergeant")
INDIVIDUAL_RANKS = ("Captain", "Captain", "Major", "Major", "Lieutenant Colonel")
OFFICER_SPECIALTIES = frozenset({"Infantry officer", "Medical officer"})
# Seed 003: by 2022-06-30, 520 servicemen had served in UNIFIL's company since 2018, some
# twice. The first three companies are all new people (nobody is rested for the next two
# rotations); until that day every third post of a company then goes to someone new and
# the others to veterans rested for a year: 3 × 120 + 4 × 40 = 520 by the seventh.
FRESH_UNTIL = dt.date(2022, 6, 30)
INDIVIDUAL_OFFICERS = 130
PERSONNEL = 1501  # the reserve makes up the rest: trained, not yet deployed


class DemoData:
    """Rows of every table, as dicts, with ids given here so that rows can refer to each
    other without a round trip to the database."""

    def __init__(self) -> None:
        self.rng = random.Random(20180615)
        self.people = PeopleFactory(self.rng)
        self.persons: list[DemoPerson] = []
        self.missions: dict[str, int] = {}
        self.units: dict[str, int] = {}
        self.rotations: list[dict[str, Any]] = []
        self.rows: dict[type, list[dict[str, Any]]] = {}
        self._last_id: dict[type, int] = {}
        self.passport_expiry: dict[int, dt.date] = {}  # planted problems override these
        self.reserved_absences: set[int] = set()  # people whose absences are planted

    def add(self, model: type, row: dict[str, Any]) -> int:
        rows = self.rows.setdefault(model, [])
        self._last_id[model] = self._last_id.get(model, 0) + 1
        row = {"id": self._last_id[model], "version": 1, **row}
        rows.append(row)
        return int(row["id"])

    def assign(
        self,
        person: DemoPerson,
        mission: str,
        start: dt.date,
        end: dt.date,
        category: str,
        role: str,
        rotation_id: int | None = None,
    ) -> dict[str, Any]:
        person.tours.append((start, end))
        row = {
            "person_id": person.id,
            "mission_id": self.missions[mission],
            "rotation_id": rotation_id,
            "category": category,
            "role": role,
            "starts_on": start,
            "ends_on": end,
            "status": _assignment_status(start, end),
        }
        self.add(Assignment, row)
        return row


def _rotation_status(start: dt.date, end: dt.date) -> str:
    if end < TODAY:
        return "completed"
    if start <= TODAY:
        return "deployed"
    return "approved"


def _assignment_status(start: dt.date, end: dt.date) -> str:
    return {"completed": "completed", "deployed": "deployed", "approved": "confirmed"}[
        _rotation_status(start, end)
    ]


def _add_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _build_structure(data: DemoData) -> None:
    for code, name, area, language, start, end in MISSIONS:
        data.missions[code] = data.add(
            Mission,
            {
                "code": code,
                "name": name,
                "area": area,
                "language": language,
                "mandate_start": start,
                "mandate_end": end,
            },
        )
    for reference, title, adopted, ceiling, missions, clauses in AUTHORISATIONS:
        auth_id = data.add(
            Authorisation,
            {
                "reference": reference,
                "title": title,
                "adopted_on": adopted,
                "valid_from": adopted,
                "valid_until": None,
                "total_ceiling": ceiling,
            },
        )
        for mission, mission_ceiling, categories in missions:
            data.add(
                AuthorisedMission,
                {
                    "authorisation_id": auth_id,
                    "mission_id": data.missions[mission],
                    "ceiling": mission_ceiling,
                    "categories": categories,
                },
            )
        for label, named, categories, clause_ceiling in clauses:
            clause_id = data.add(
                CeilingClause,
                {
                    "authorisation_id": auth_id,
                    "label": label,
                    "categories": categories,
                    "ceiling": clause_ceiling,
                },
            )
            for mission in named:
                data.add(
                    CeilingClauseMission,
                    {
                        "clause_id": clause_id,
                        "authorisation_id": auth_id,
                        "mission_id": data.missions[mission],
                    },
                )
    for code, name, mission, strength, partner, tour, handover in UNITS:
        data.units[code] = data.add(
            Unit,
            {
                "code": code,
                "name": name,
                "mission_id": data.missions[mission],
                "strength": strength,
                "partner": partner,
                "tour_months": tour,
                "handover_days": handover,
            },
        )
        for post, post_title, specialty, min_rank, count in POSTS[code]:
            data.add(
                Post,
                {
                    "unit_id": data.units[code],
                    "code": post,
                    "title": post_title,
                    "specialty": specialty,
                    "min_rank": min_rank,
                    "count": count,
                },
            )


def _slots(unit: str) -> list[tuple[str, str]]:
    """The unit's posts one place at a time, in establishment order: (post code, title)."""
    return [(code, title) for code, title, _, _, count in POSTS[unit] for _ in range(count)]


def _fresh_slot(index: int, start: dt.date, fresh_until: dt.date | None) -> bool:
    return fresh_until is not None and start <= fresh_until and index % 3 == 0


def _establishment_people(
    data: DemoData,
    unit: str,
    periods: Iterable[tuple[dt.date, dt.date]],
    fresh_until: dt.date | None,
    born: tuple[tuple[int, int], tuple[int, int]],
    female_share: tuple[float, float],
) -> dict[str, list[DemoPerson]]:
    """The people made for each post of the unit, as many as staffing it needs: three
    rotations' worth (a year's rest keeps a serviceman out of the next two rotations) and
    the new people of the fresh slots (see FRESH_UNTIL), and one to spare."""
    fresh_rotations = sum(
        1
        for number, (start, _) in enumerate(periods, start=1)
        if number > 3 and fresh_until and start <= fresh_until
    )
    fresh: dict[str, int] = {}
    for index, (code, _) in enumerate(_slots(unit)):
        fresh[code] = fresh.get(code, 0) + (index % 3 == 0)
    pool: dict[str, list[DemoPerson]] = {}
    for code, _title, specialty, min_rank, count in POSTS[unit]:
        officer = specialty in OFFICER_SPECIALTIES
        needed = 3 * count + fresh_rotations * fresh[code] + 1
        pool[code] = _people(
            data,
            needed,
            officer=officer,
            female_share=female_share[0] if officer else female_share[1],
            ranks=POST_RANKS[min_rank],
            born=born[0] if officer else born[1],
            specialty=specialty,
            post=code,
        )
    return pool


def _staff_unit(
    data: DemoData,
    unit: str,
    mission: str,
    periods: Iterable[tuple[dt.date, dt.date]],
    pool: dict[str, list[DemoPerson]],
    fresh_until: dt.date | None = None,
) -> None:
    """Each rotation fills every post of the unit with people made for it: a veteran of
    the post rested for a year (the longest rested first) where there is one, else
    someone new; until ``fresh_until`` every third place goes to someone new."""
    new = {code: deque(people) for code, people in pool.items()}
    veterans: dict[str, deque[DemoPerson]] = {code: deque() for code in pool}
    slots = _slots(unit)
    for number, (start, end) in enumerate(periods, start=1):
        status = _rotation_status(start, end)
        if unit == "KAZCON" and number == 4:
            status = "draft"
        rotation_id = data.add(
            Rotation,
            {
                "code": f"{unit}-R{number:02d}",
                "unit_id": data.units[unit],
                "number": number,
                "starts_on": start,
                "ends_on": end,
                "status": status,
            },
        )
        chosen: list[tuple[str, str, DemoPerson]] = []
        for index, (code, title) in enumerate(slots):
            rested = veterans[code]
            person: DemoPerson | None = None
            fresh = _fresh_slot(index, start, fresh_until)
            if not fresh and rested and rested[0].free_for(start, end, REST_DAYS):
                person = rested.popleft()
            if person is None:
                if not new[code]:
                    raise PlannerError(f"The demo has nobody left for {unit} post {code}.")
                person = new[code].popleft()
            chosen.append((code, title, person))
        for code, title, person in chosen:
            data.assign(person, mission, start, end, "unit", title, rotation_id)
            veterans[code].append(person)  # rested last: to the back


def _staff_individual_posts(data: DemoData, officers: list[DemoPerson]) -> None:
    """Observers and staff officers, a year each, in the order the posts start: each post
    goes to the first officer in the queue who is free and rested (and speaks French for
    the French-speaking missions), who then goes to the back of the queue."""
    cohorts: list[tuple[dt.date, str, str, int]] = []
    for mission, category, first, last, posts in INDIVIDUAL_POSTS:
        start = first
        while start <= last:
            cohorts.append((start, mission, category, posts))
            start = _add_year(start, 1)
    cohorts.sort(key=lambda cohort: cohort[0])
    for start, mission, category, posts in cohorts:
        end = _add_year(start, 1) - dt.timedelta(days=1)
        for _ in range(posts):
            person = next(
                (
                    p
                    for p in officers
                    if p.free_for(start, end, REST_DAYS)
                    and (mission not in ("MINUSCA", "MONUSCO", "MINUSMA") or "fr:" in p.languages)
                ),
                None,
            )
            if person is None:
                continue
            role = "Military observer" if category == "observer" else "Staff officer"
            data.assign(person, mission, start, end, category, role)
            officers.remove(person)
            officers.append(person)  # to the back of the queue


def _issue_credentials(data: DemoData) -> None:
    for person in data.persons:
        tours = sorted(person.tours)
        first = tours[0][0] if tours else dt.date(2020, 1, 1)
        last_end = max((e for _, e in tours), default=first)
        issued = first - dt.timedelta(days=400)
        expires = max(_add_year(issued, 10), last_end + dt.timedelta(days=200))
        expires = data.passport_expiry.get(person.id, expires)
        data.add(
            Credential,
            {
                "person_id": person.id,
                "kind": "passport",
                "issued_on": issued,
                "expires_on": expires,
                "reference": f"N{person.id:08d}",
            },
        )
        for start, end in tours:
            for kind, before, valid_days in (
                ("medical", 45, max(365, (end - start).days + 60)),
                ("predeployment-training", 90, 730),
                ("screening", 120, 1095),
            ):
                issued_on = start - dt.timedelta(days=before)
                data.add(
                    Credential,
                    {
                        "person_id": person.id,
                        "kind": kind,
                        "issued_on": issued_on,
                        "expires_on": issued_on + dt.timedelta(days=valid_days),
                        "reference": "",
                    },
                )
        if person.commissioned_on is not None and any(
            r.get("category") == "observer" and r["person_id"] == person.id
            for r in data.rows.get(Assignment, [])
        ):
            data.add(
                Credential,
                {
                    "person_id": person.id,
                    "kind": "driving-licence",
                    "issued_on": dt.date(2012, 5, 1),
                    "expires_on": dt.date(2032, 5, 1),
                    "reference": "",
                },
            )


def _add_absences(data: DemoData) -> None:
    reasons = ("Annual leave", "Hospital", "Staff course", "Family leave")
    candidates = [p for p in data.persons if p.id not in data.reserved_absences]
    for person in data.rng.sample(candidates, 80):
        for _ in range(20):
            start = dt.date(2019, 1, 1) + dt.timedelta(days=data.rng.randint(0, 2900))
            end = start + dt.timedelta(days=data.rng.randint(7, 40))
            if person.free_for(start, end, 0):
                data.add(
                    Absence,
                    {
                        "person_id": person.id,
                        "starts_on": start,
                        "ends_on": end,
                        "reason": data.rng.choice(reasons),
                    },
                )
                break


def _people(data: DemoData, count: int, **kwargs: Any) -> list[DemoPerson]:
    made = [data.people.make(**kwargs) for _ in range(count)]
    data.persons.extend(made)
    return made


def build_demo_data() -> DemoData:
    data = DemoData()
    _build_structure(data)
    company = _establishment_people(
        data,
        "KAZCOY",
        KAZCOY_ROTATIONS,
        FRESH_UNTIL,
        born=((1985, 1996), (1990, 2003)),
        female_share=(0.1, 0.11),
    )
    contingent = _establishment_people(
        data,
        "KAZCON",
        KAZCON_ROTATIONS,
        None,
        born=((1985, 1996), (1990, 2004)),
        female_share=(0.1, 0.13),
    )
    officers = _people(
        data,
        INDIVIDUAL_OFFICERS,
        officer=True,
        female_share=0.22,
        ranks=INDIVIDUAL_RANKS,
        born=(1974, 1991),
        languages="en:B2, ru:C2",
    )
    for person in officers[::3]:
        person.languages = "en:B2, fr:B1, ru:C2"
    _people(
        data,
        PERSONNEL - len(data.persons) - 1,  # one more is made by plant_problems
        officer=False,
        female_share=0.12,
        ranks=SOLDIER_RANKS,
        born=(1995, 2005),
    )  # the reserve: trained, not yet deployed
    _staff_unit(data, "KAZCOY", "UNIFIL", KAZCOY_ROTATIONS, company, FRESH_UNTIL)
    _staff_unit(data, "KAZCON", "UNDOF", KAZCON_ROTATIONS, contingent)
    _staff_individual_posts(data, officers)
    plant_problems(data)
    _issue_credentials(data)
    _add_absences(data)
    data.rows[Person] = [p.row() for p in data.persons]
    return data


def build_demo_plan(plan: Plan) -> dict[str, int]:
    """Fill an empty plan with the demo plan; returns {what: how many}."""
    data = build_demo_data()
    with plan.write() as session:
        _refuse_if_not_empty(session)
        insert_all(session, data.rows)
    return {entity_of(model).plural: len(data.rows.get(model, [])) for model in INSERT_ORDER}


def _refuse_if_not_empty(session: Session) -> None:
    if session.scalar(select(Mission.id).limit(1)) is not None:
        raise PlannerError("The demo plan can only be built into an empty plan.")
