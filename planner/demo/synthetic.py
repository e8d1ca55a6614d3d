"""A large synthetic plan for benchmarks and load tests, built fast with bulk inserts.

The data is meant to look like a plan a ministry would hold after many years: missions,
authorisations that supersede each other (with a few ceilings low enough to be exceeded),
units rotating every six months, personnel with absences and the credentials each tour
needs (a few deliberately missing), and unit and individual assignments spread over
``years`` years ending in 2026. People take their turns in order, so most are rested
between tours; each authorisation writes two ceiling clauses, each unit has its posts.
Observers and staff officers are posted as a ministry would post them:
Captains or above, 25 to 55 years old, at least five years commissioned, with the
mission's language and a year's rest since their last tour; a deliberate one or two in a
hundred postings break each of these (PROBLEM_SHARE), so that every rule has work.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from planner.bulk import insert_all
from planner.demo.facts import FEMALE_NAMES, MALE_NAMES, MALE_SURNAMES, SPECIALTIES
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

LAST_DAY = dt.date(2026, 12, 31)
UNIT_SHARE = 0.7  # share of assignments that belong to unit rotations
OFFICER_SHARE = 0.4  # share of personnel who are officers (they fill individual posts)
FRENCH_SHARE = 0.4  # share of officers who also speak French (for the French missions)
REST_DAYS = 365  # days of rest between tours (the default of the settings)
MIN_AGE, MAX_AGE, MIN_COMMISSIONED = 25, 55, 5  # the observer profile's defaults
PROBLEM_SHARE = 0.015  # share of individual postings that deliberately break each rule
DAY = dt.timedelta(days=1)
MISS_SHARE = 0.005  # share of credentials deliberately not issued (or not renewed in time)
PASSPORT_REACH = dt.timedelta(days=200)  # passports last this long after the last tour

Row = dict[str, Any]
POST_CODES = {
    "Infantry": "INF",
    "Driver": "DRV",
    "Medic": "MED",
    "Engineer": "ENG",
    "Signals": "SIG",
    "Military police": "MP",
    "Reconnaissance": "REC",
    "Logistics": "LOG",
}


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _credential(person_id: int, kind: str, issued: dt.date, expires: dt.date) -> Row:
    return {
        "version": 1,
        "person_id": person_id,
        "kind": kind,
        "issued_on": issued,
        "expires_on": expires,
        "reference": "",
    }


def _half_years(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Six-month periods from ``first`` (a 1st of January) through ``last``."""
    periods = []
    start = first
    while start <= last:
        month = start.month + 6
        nxt = start.replace(year=start.year + (month - 1) // 12, month=(month - 1) % 12 + 1)
        periods.append((start, nxt - DAY))
        start = nxt
    return periods


class _Builder:
    def __init__(self, people: int, missions: int, years: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = people
        self.mission_count = missions
        self.first_day = dt.date(LAST_DAY.year - years + 1, 1, 1)
        self.rows: dict[type, list[Row]] = {}
        # person id -> [(start, end, category)] of their tours that count, in start order
        self.tours: dict[int, list[tuple[dt.date, dt.date, str]]] = {}
        # officer id -> (first, last) start dates on which they fit the observer profile
        self.fits: dict[int, tuple[dt.date, dt.date]] = {}
        self.french: set[int] = set()  # officers who speak French at B1

    def add(self, model: type, row: Row) -> int:
        rows = self.rows.setdefault(model, [])
        row["id"] = len(rows) + 1
        row["version"] = 1
        rows.append(row)
        return len(rows)

    def missions(self) -> None:
        for n in range(1, self.mission_count + 1):
            self.add(
                Mission,
                {
                    "code": f"M{n:03d}",
                    "name": f"Synthetic mission {n}",
                    "area": f"Area {n}",
                    "language": "fr" if n % 4 == 0 else "en",
                    "mandate_start": dt.date(1990, 1, 1),
                    "mandate_end": None,
                },
            )

    def authorisations(self, unit_strength: dict[int, int]) -> None:
        """A new authorisation every five years lists every mission; some ceilings are set
        just at a unit's strength, so that handover overlaps exceed them."""
        adopted = self.first_day
        number = 0
        while adopted <= LAST_DAY:
            number += 1
            auth_id = self.add(
                Authorisation,
                {
                    "reference": f"SYN-{adopted.year}-{number}",
                    "title": f"Synthetic authorisation {number}",
                    "adopted_on": adopted,
                    "valid_from": adopted,
                    "valid_until": None,
                    "total_ceiling": 50 * self.mission_count + 100 * len(unit_strength),
                },
            )
            for mission_id in range(1, self.mission_count + 1):
                strength = unit_strength.get(mission_id)
                if strength is None:
                    ceiling, categories = 20, "observer,staff"
                elif mission_id % 2:
                    ceiling, categories = strength + 40, ""
                else:  # hit during every handover
                    ceiling, categories = strength, ""
                self.add(
                    AuthorisedMission,
                    {
                        "authorisation_id": auth_id,
                        "mission_id": mission_id,
                        "ceiling": ceiling,
                        "categories": categories,
                    },
                )
            adopted = adopted.replace(year=adopted.year + 5)

    def clauses(self) -> None:
        """Two ceiling clauses on every authorisation, as a law writes them: "officers"
        (observers and staff officers on the missions without units, the sum of their
        ceilings: exceeded now and then) and "units" (the units' missions, their strengths
        and ten more each: exceeded at every handover, when two rotations overlap). No
        random draw, so that every other row is as without them."""
        units = {row["mission_id"]: row["strength"] for row in self.rows.get(Unit, [])}
        individual = [m for m in range(1, self.mission_count + 1) if m not in units]
        for authorisation in list(self.rows.get(Authorisation, [])):
            for label, missions, categories, ceiling in (
                ("officers", individual, "observer,staff", 20 * len(individual)),
                ("units", sorted(units), "unit", sum(units.values()) + 10 * len(units)),
            ):
                if not missions:
                    continue
                clause_id = self.add(
                    CeilingClause,
                    {
                        "authorisation_id": authorisation["id"],
                        "label": label,
                        "categories": categories,
                        "ceiling": ceiling,
                    },
                )
                for mission_id in missions:
                    self.add(
                        CeilingClauseMission,
                        {
                            "clause_id": clause_id,
                            "authorisation_id": authorisation["id"],
                            "mission_id": mission_id,
                        },
                    )

    def posts(self) -> None:
        """Each unit's establishment: its strength shared among the specialties as the
        soldiers are (SPECIALTIES), two of the infantry places for a Sergeant or above.
        Soldiers are drawn without regard to it, so rosters leave some posts open."""
        weights: dict[str, int] = {}
        for specialty in SPECIALTIES:
            weights[specialty] = weights.get(specialty, 0) + 1
        total = sum(weights.values())
        for unit in self.rows.get(Unit, []):
            strength = unit["strength"] or 0
            counts = {name: strength * weight // total for name, weight in weights.items()}
            counts["Infantry"] += strength - sum(counts.values())
            sergeants = min(2, counts["Infantry"])
            counts["Infantry"] -= sergeants
            lines: list[tuple[str, str, str, str | None, int]] = [
                ("SGT", "Section commander", "Infantry", "Sergeant", sergeants)
            ]
            lines += [(POST_CODES[name], name, name, None, count) for name, count in counts.items()]
            for code, title, specialty, min_rank, count in lines:
                if count >= 1:
                    self.add(
                        Post,
                        {
                            "unit_id": unit["id"],
                            "code": code,
                            "title": title,
                            "specialty": specialty,
                            "min_rank": min_rank,
                            "count": count,
                        },
                    )

    def persons(self) -> tuple[list[int], list[int]]:
        rng = self.rng
        officers: list[int] = []
        soldiers: list[int] = []
        # Officers are born so that most of them fit the profile for much of the plan.
        oldest, youngest = self.first_day.year - 50, LAST_DAY.year - 30
        for n in range(1, self.people + 1):
            female = rng.random() < 0.12
            officer = rng.random() < OFFICER_SHARE
            if officer:
                born = dt.date(
                    rng.randint(oldest, youngest), rng.randint(1, 12), rng.randint(1, 28)
                )
                commissioned: dt.date | None = _add_years(born, rng.randint(21, 24))
                french = rng.random() < FRENCH_SHARE
            else:
                born = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
                commissioned, french = None, False
            person_id = self.add(
                Person,
                {
                    "service_number": f"SYN-{n:07d}",
                    "surname": rng.choice(MALE_SURNAMES) + ("a" if female else ""),
                    "given_name": rng.choice(FEMALE_NAMES if female else MALE_NAMES),
                    "patronymic": rng.choice(MALE_NAMES) + ("kyzy" if female else "uly"),
                    "sex": "F" if female else "M",
                    "birth_date": born,
                    "rank": rng.choice(("Captain", "Major", "Lieutenant Colonel"))
                    if officer
                    else rng.choice(("Private", "Lance Corporal", "Sergeant")),
                    "specialty": "Staff officer" if officer else rng.choice(SPECIALTIES),
                    "commissioned_on": commissioned,
                    "languages": "en:B2, fr:B1" if french else "en:B1",
                },
            )
            if officer:
                assert commissioned is not None
                first = max(_add_years(born, MIN_AGE), _add_years(commissioned, MIN_COMMISSIONED))
                self.fits[person_id] = (first, _add_years(born, MAX_AGE + 1) - DAY)
                officers.append(person_id)
                if french:
                    self.french.add(person_id)
            else:
                soldiers.append(person_id)
        return officers or soldiers, soldiers or officers

    def credentials_and_absences(self) -> None:
        """Credentials as a ministry would hold them (as the demo plan issues them):
        passports renewed every ten years, from before the first tour through the last
        tour plus the margin; a medical, a pre-deployment training and a screening
        certificate issued before each tour; a driving licence for observers. About one
        credential in two hundred is missed (one or two tours in a hundred lack one), so
        that the credential rule has something to find. Needs the tours: run after
        ``fill``."""
        rng = self.rng
        rows = self.rows.setdefault(Credential, [])
        span = (LAST_DAY - self.first_day).days
        for person_id in range(1, self.people + 1):
            tours = self.tours.get(person_id, [])
            if tours:
                first, last_end = tours[0][0], max(end for _, end, _ in tours)
            else:
                first = last_end = self.first_day + dt.timedelta(days=rng.randint(0, span))
            needed = last_end + PASSPORT_REACH
            issued = first - dt.timedelta(days=rng.randint(100, 800))
            while True:
                expires = _add_years(issued, 10)
                if expires >= needed:
                    if rng.random() < MISS_SHARE:  # not renewed in time for the last tour
                        short = last_end + dt.timedelta(days=rng.randint(0, 150))
                        expires = max(short, issued + dt.timedelta(days=365))
                    rows.append(_credential(person_id, "passport", issued, expires))
                    break
                rows.append(_credential(person_id, "passport", issued, expires))
                issued = expires - dt.timedelta(days=rng.randint(0, 90))  # renewed early
            issued_before: set[tuple[str, dt.date]] = set()  # two tours may start together
            for start, end, _ in tours:
                for kind, before, valid_days in (
                    ("medical", 45, max(365, (end - start).days + 60)),
                    ("predeployment-training", 90, 730),
                    ("screening", 120, 1095),
                ):
                    if rng.random() < MISS_SHARE:
                        continue
                    issued = start - dt.timedelta(days=before)
                    expires = issued + dt.timedelta(days=valid_days)
                    if (kind, expires) not in issued_before:
                        issued_before.add((kind, expires))
                        rows.append(_credential(person_id, kind, issued, expires))
            observing = [start for start, _, category in tours if category == "observer"]
            if observing:
                issued = observing[0] - dt.timedelta(days=rng.randint(365, 3650))
                expires = max(_add_years(issued, 15), observing[-1] + dt.timedelta(days=365))
                rows.append(_credential(person_id, "driving-licence", issued, expires))
        for number, row in enumerate(rows, start=1):
            row["id"] = number
        for person_id in range(20, self.people + 1, 20):
            start = self.first_day + dt.timedelta(days=rng.randint(0, 365 * 15))
            self.add(
                Absence,
                {
                    "person_id": person_id,
                    "starts_on": start,
                    "ends_on": start + dt.timedelta(days=rng.randint(5, 60)),
                    "reason": rng.choice(("Annual leave", "Hospital", "Staff course")),
                },
            )

    def units(self, unit_assignments: int) -> list[tuple[int, int, dt.date, dt.date, int]]:
        """Units on a third of the missions, rotating every six months. Returns slots:
        (rotation id, mission id, start, end, how many people)."""
        periods = _half_years(self.first_day, LAST_DAY)
        unit_missions = list(range(1, self.mission_count + 1, 3))
        rotation_count = len(unit_missions) * len(periods)
        per_rotation, extra = divmod(unit_assignments, max(1, rotation_count))
        slots: list[tuple[int, int, dt.date, dt.date, int]] = []
        for index, mission_id in enumerate(unit_missions):
            unit_id = self.add(
                Unit,
                {
                    "code": f"U{index + 1:03d}",
                    "name": f"Synthetic company {index + 1}",
                    "mission_id": mission_id,
                    "strength": per_rotation,
                    "partner": "",
                    "tour_months": 6,
                    "handover_days": 14,
                },
            )
            for number, (start, end) in enumerate(periods, start=1):
                # Each rotation overlaps the next by two weeks for the handover.
                end = min(end + dt.timedelta(days=14), LAST_DAY)
                rotation_id = self.add(
                    Rotation,
                    {
                        "code": f"U{index + 1:03d}-R{number:02d}",
                        "unit_id": unit_id,
                        "number": number,
                        "starts_on": start,
                        "ends_on": end,
                        "status": "completed" if end < dt.date(2026, 1, 1) else "approved",
                    },
                )
                size = per_rotation + (1 if len(slots) < extra else 0)
                slots.append((rotation_id, mission_id, start, end, size))
        return slots

    def assignments(
        self, unit_slots: list[tuple[int, int, dt.date, dt.date, int]], individual: int
    ) -> list[tuple[int | None, int, dt.date, dt.date, str, bool]]:
        """Every post to fill, in start order: (rotation, mission, start, end, category,
        is_unit)."""
        posts: list[tuple[int | None, int, dt.date, dt.date, str, bool]] = []
        for rotation_id, mission_id, start, end, size in unit_slots:
            posts.extend((rotation_id, mission_id, start, end, "unit", True) for _ in range(size))
        span = (LAST_DAY - self.first_day).days - 365
        for _ in range(individual):
            start = self.first_day + dt.timedelta(days=self.rng.randint(0, max(0, span)))
            end = start + dt.timedelta(days=self.rng.choice((182, 364)))
            mission_id = self.rng.randint(1, self.mission_count)
            category = self.rng.choice(("observer", "staff"))
            posts.append((None, mission_id, start, end, category, False))
        posts.sort(key=lambda p: p[2])
        return posts

    def fill(
        self,
        posts: list[tuple[int | None, int, dt.date, dt.date, str, bool]],
        officers: list[int],
        soldiers: list[int],
    ) -> None:
        """Give each unit post the next soldier in turn, so that their tours are spread
        out, and each individual post the next rested officer who fits it (``_officer``);
        skip someone who already holds that (mission, start)."""
        used: set[tuple[int, int, dt.date]] = set()
        turn = {True: 0, False: 0}
        last_end: dict[int, dt.date] = {}  # officer id -> end of their latest tour
        for rotation_id, mission_id, start, end, category, is_unit in posts:
            pool = soldiers if is_unit else officers
            if is_unit or not self.fits:
                person_id = pool[turn[is_unit] % len(pool)]
            else:
                person_id = self._officer(officers, turn, mission_id, start, last_end, used)
            tries = 0
            while (person_id, mission_id, start) in used:
                turn[is_unit] += 1
                tries += 1
                if tries % len(pool) == 0:  # a tiny pool: all start there; a day later
                    start += DAY
                    end += DAY
                person_id = pool[turn[is_unit] % len(pool)]
            if is_unit:
                turn[is_unit] += 1
            else:
                last_end[person_id] = max(end, last_end.get(person_id, end))
            used.add((person_id, mission_id, start))
            status = "completed" if end < dt.date(2026, 1, 1) else "confirmed"
            if self.rng.random() < 0.01:
                status = "cancelled"
            else:
                self.tours.setdefault(person_id, []).append((start, end, category))
            self.add(
                Assignment,
                {
                    "person_id": person_id,
                    "mission_id": mission_id,
                    "rotation_id": rotation_id,
                    "category": category,
                    "role": "Rifleman" if is_unit else category.capitalize(),
                    "starts_on": start,
                    "ends_on": end,
                    "status": status,
                },
            )

    def _officer(
        self,
        officers: list[int],
        turn: dict[bool, int],
        mission_id: int,
        start: dt.date,
        last_end: dict[int, dt.date],
        used: set[tuple[int, int, dt.date]],
    ) -> int:
        """The next officer in turn who is free on ``start`` (no overlap), rested, fits
        the profile and speaks the mission's language, as the demo plan posts them. A
        deliberate few in a hundred break one of these on purpose (short rest, profile,
        language); when nobody fits (a small pool), the first free officer goes."""
        french_mission = mission_id % 4 == 0
        draw = self.rng.random()
        want = "ok"
        if draw < PROBLEM_SHARE:
            want = "short-rest"
        elif draw < 2 * PROBLEM_SHARE:
            want = "profile"
        elif french_mission and draw < 2 * PROBLEM_SHARE + 4 * PROBLEM_SHARE:
            want = "language"  # only French missions can miss it: four times as often
        count = len(officers)
        rested_by = start - dt.timedelta(days=REST_DAYS + 1)
        fallback: int | None = None
        at = turn[False]
        # A short rest is found among those just posted: look back from the turn.
        step = -1 if want == "short-rest" else 1
        for k in range(count):
            index = (at + step * (k + (step < 0))) % count
            person_id = officers[index]
            previous = last_end.get(person_id)
            if previous is not None and previous >= start:
                continue  # still on a tour: never double-booked here
            if (person_id, mission_id, start) in used:
                continue
            if fallback is None:
                fallback = person_id
            rested = previous is None or previous <= rested_by
            first, last = self.fits[person_id]
            fits = first <= start <= last
            speaks = not french_mission or person_id in self.french
            if want == "ok":
                good = rested and fits and speaks
            elif want == "short-rest":
                good = not rested and fits and speaks
            elif want == "profile":
                good = rested and not fits and speaks
            else:
                good = rested and fits and not speaks
            if good:
                if step > 0:
                    turn[False] = index + 1
                return person_id
        return fallback if fallback is not None else officers[at % count]


def build_synthetic_rows(
    *,
    people: int = 5000,
    missions: int = 25,
    years: int = 20,
    assignments: int = 40000,
    seed: int = 1,
) -> dict[type, list[Row]]:
    """The rows of a synthetic plan, by model, with ids set (1, 2, … per table)."""
    if people < 1 or missions < 1 or years < 1 or assignments < 0:
        raise PlannerError("A synthetic plan needs at least one person, mission and year.")
    builder = _Builder(people, missions, years, seed)
    builder.missions()
    slots = builder.units(int(assignments * UNIT_SHARE))
    builder.authorisations({row["mission_id"]: row["strength"] for row in builder.rows[Unit]})
    officers, soldiers = builder.persons()
    posts = builder.assignments(slots, assignments - sum(s[4] for s in slots))
    builder.fill(posts, officers, soldiers)
    builder.credentials_and_absences()
    builder.clauses()
    builder.posts()
    return builder.rows


def build_synthetic_plan(
    plan: Plan,
    *,
    people: int = 5000,
    missions: int = 25,
    years: int = 20,
    assignments: int = 40000,
    seed: int = 1,
) -> None:
    """Fill an empty plan with a synthetic plan of the given size, in one transaction."""
    rows = build_synthetic_rows(
        people=people, missions=missions, years=years, assignments=assignments, seed=seed
    )
    with plan.write() as session:
        if session.scalar(select(Mission.id).limit(1)) is not None:
            raise PlannerError("A synthetic plan can only be built into an empty plan.")
        insert_all(session, rows)
