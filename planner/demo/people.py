"""Invented personnel with plausible Kazakh names, drawn from a seeded generator so that
the demo plan is the same on every machine."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from planner.demo.facts import FEMALE_NAMES, MALE_NAMES, MALE_SURNAMES, SPECIALTIES


def _female(surname: str) -> str:
    if surname.endswith(("ov", "ev", "in")):
        return surname + "a"
    return surname


@dataclass
class DemoPerson:
    id: int
    service_number: str
    surname: str
    given_name: str
    patronymic: str
    sex: str
    birth_date: dt.date
    rank: str
    specialty: str
    commissioned_on: dt.date | None
    languages: str
    # (start, end) of each assignment, to keep people rested and to issue credentials.
    tours: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    post: str = ""  # the unit post this person was made for ("" for others)

    @property
    def last_end(self) -> dt.date | None:
        return max((end for _, end in self.tours), default=None)

    def free_for(self, start: dt.date, end: dt.date, rest_days: int) -> bool:
        return all(
            start > e + dt.timedelta(days=rest_days) or end < s - dt.timedelta(days=rest_days)
            for s, e in self.tours
        )

    def row(self) -> dict[str, object]:
        return {
            "id": self.id,
            "service_number": self.service_number,
            "surname": self.surname,
            "given_name": self.given_name,
            "patronymic": self.patronymic,
            "sex": self.sex,
            "birth_date": self.birth_date,
            "rank": self.rank,
            "specialty": self.specialty,
            "commissioned_on": self.commissioned_on,
            "languages": self.languages,
            "version": 1,
        }


class PeopleFactory:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.next_id = 1

    def make(
        self,
        *,
        officer: bool,
        female_share: float,
        ranks: tuple[str, ...],
        born: tuple[int, int],
        languages: str = "en:B1",
        specialty: str | None = None,
        post: str = "",
    ) -> DemoPerson:
        rng = self.rng
        female = rng.random() < female_share
        surname = rng.choice(MALE_SURNAMES)
        father = rng.choice(MALE_NAMES)
        patronymic = f"{father}{'kyzy' if female else 'uly'}"
        birth = dt.date(rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28))
        commissioned = (
            dt.date(birth.year + 22, rng.choice((6, 7)), rng.randint(1, 28)) if officer else None
        )
        person = DemoPerson(
            id=self.next_id,
            service_number=f"KZ-{100000 + self.next_id * 7:06d}",
            surname=_female(surname) if female else surname,
            given_name=rng.choice(FEMALE_NAMES if female else MALE_NAMES),
            patronymic=patronymic,
            sex="F" if female else "M",
            birth_date=birth,
            rank=rng.choice(ranks),
            specialty=specialty or ("Staff officer" if officer else rng.choice(SPECIALTIES)),
            commissioned_on=commissioned,
            languages=languages,
            post=post,
        )
        self.next_id += 1
        return person
