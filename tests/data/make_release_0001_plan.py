"""How tests/data/release-0001.sqlite was made: run once with the release whose schema is
revision 0001 (main at 5ec9273), before the schema changed; kept to show what the plan
holds. It does not run against later versions (their services and schema differ), and it
need not: the file it made is the point.

    python tests/data/make_release_0001_plan.py tests/data/release-0001.sqlite

writes the plan and, beside it, release-0001-findings.json: ``planner check --json`` of
that plan as the release saw it. tests/planner/test_migrations.py opens a copy, which
upgrades it, and checks that the findings are the same.

A small demo-like plan: four missions, two authorisations, two units with rotations,
twenty people with credentials, an absence, unit and individual assignments, and a few
problems of different rules (a ceiling exceeded, a handover overlap, a short rest, a
missing medical, an absence during a tour, an observer without French, a staff officer too
junior, a mission before its authorisation).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

from planner import services
from planner.cli.main import main
from planner.plan import open_plan

D = dt.date
KINDS = ("passport", "medical", "predeployment-training", "screening", "driving-licence")


def build(path: Path) -> None:
    with open_plan(path, create=True) as plan:

        def add(entity: str, **values: Any) -> int:
            return services.create(plan, entity, values).changes[0].id

        missions = {
            code: add(
                "mission", code=code, name=name, area=area, language=language, mandate_start=start
            )
            for code, name, area, language, start in (
                ("UNIFIL", "UN Interim Force in Lebanon", "Lebanon", "en", D(1978, 3, 19)),
                ("MINURSO", "UN Mission in Western Sahara", "Western Sahara", "en", D(1991, 4, 29)),
                ("MONUSCO", "UN Mission in the DR Congo", "DR Congo", "fr", D(2010, 7, 1)),
                ("UNDOF", "UN Disengagement Observer Force", "Golan", "en", D(1974, 5, 31)),
            )
        }
        law_2018 = add(
            "authorisation",
            reference="2018-06-15",
            title="Up to 40 officers and a company of 120",
            adopted_on=D(2018, 6, 15),
            valid_from=D(2018, 6, 15),
            total_ceiling=12,
        )
        law_2022 = add(
            "authorisation",
            reference="2022-06-30",
            title="About 430 servicemen",
            adopted_on=D(2022, 6, 30),
            valid_from=D(2022, 6, 30),
        )
        for auth, code, ceiling, categories in (
            (law_2018, "UNIFIL", 8, ""),
            (law_2018, "MINURSO", None, "observer,staff"),
            (law_2022, "MONUSCO", None, "observer,staff"),
            (law_2022, "UNDOF", 10, "unit,staff"),
        ):
            add(
                "authorised_mission",
                authorisation_id=auth,
                mission_id=missions[code],
                ceiling=ceiling,
                categories=categories,
            )
        kazcoy = add(
            "unit",
            code="KAZCOY",
            name="Kazakh company",
            mission_id=missions["UNIFIL"],
            strength=5,
            partner="India, Indian battalion",
            tour_months=6,
        )
        kazcon = add(
            "unit",
            code="KAZCON",
            name="Kazakh contingent",
            mission_id=missions["UNDOF"],
            strength=4,
        )
        rotations = {
            code: add(
                "rotation", code=code, unit_id=unit, number=n, starts_on=s, ends_on=e, status=st
            )
            for code, unit, n, s, e, st in (
                ("KAZCOY-R01", kazcoy, 1, D(2018, 10, 31), D(2019, 4, 30), "completed"),
                # Starts 20 days before R01 ends: a handover overlap over UNIFIL's ceiling.
                ("KAZCOY-R02", kazcoy, 2, D(2019, 4, 10), D(2019, 10, 31), "completed"),
                ("KAZCOY-R03", kazcoy, 3, D(2020, 3, 1), D(2020, 8, 31), "completed"),
                ("KAZCON-R01", kazcon, 1, D(2024, 3, 1), D(2025, 2, 28), "deployed"),
            )
        }
        people: dict[str, int] = {}
        for number in range(1, 21):
            officer = number > 14
            service_number = f"KZ-{number:04d}"
            people[service_number] = add(
                "person",
                service_number=service_number,
                surname=f"Surname{number}",
                given_name="Daulet" if number % 3 else "Aigerim",
                sex="M" if number % 3 else "F",
                birth_date=D(1984 if officer else 1996, 1 + number % 12, 10),
                rank="Major" if officer else "Sergeant",
                specialty="Staff officer" if officer else "Infantry",
                commissioned_on=D(2006, 7, 1) if officer else None,
                languages="en:B2, fr:B1" if number in (15, 16) else "en:B2",
            )
            for kind in KINDS:
                if service_number == "KZ-0004" and kind == "medical":
                    continue  # deliberately missing
                add(
                    "credential",
                    person_id=people[service_number],
                    kind=kind,
                    issued_on=D(2016, 1, 1),
                    expires_on=D(2032, 1, 1),
                )
        # A junior officer for a staff post (observer-profile).
        people["KZ-0021"] = add(
            "person",
            service_number="KZ-0021",
            surname="Junior",
            given_name="Timur",
            sex="M",
            birth_date=D(1998, 2, 2),
            rank="Lieutenant",
            commissioned_on=D(2020, 7, 1),
            languages="en:B2",
        )
        for kind in KINDS:
            add(
                "credential",
                person_id=people["KZ-0021"],
                kind=kind,
                issued_on=D(2016, 1, 1),
                expires_on=D(2032, 1, 1),
            )

        def assign(number: int, **kw: Any) -> None:
            services.assign_person(plan, people[f"KZ-{number:04d}"], **kw)

        for number in range(1, 6):
            assign(number, rotation_id=rotations["KAZCOY-R01"], role="Rifleman", status="completed")
        for number in range(6, 11):
            assign(number, rotation_id=rotations["KAZCOY-R02"], role="Rifleman", status="completed")
        # KZ-0001 goes again ten months later (short-rest); the rotation is one short.
        for number in (1, 11, 12, 13):
            assign(number, rotation_id=rotations["KAZCOY-R03"], role="Rifleman", status="completed")
        for number in (7, 8, 9, 10):
            assign(number, rotation_id=rotations["KAZCON-R01"], role="Rifleman", status="deployed")
        add("absence", person_id=people["KZ-0008"], starts_on=D(2024, 5, 1), ends_on=D(2024, 5, 20))
        for number, code, category, start, end in (
            (15, "MINURSO", "observer", D(2018, 9, 1), D(2019, 8, 31)),
            (16, "MINURSO", "observer", D(2018, 9, 1), D(2019, 8, 31)),
            (17, "MINURSO", "staff", D(2019, 9, 1), D(2020, 8, 31)),
            (18, "UNIFIL", "staff", D(2019, 1, 1), D(2019, 12, 31)),
            # Before the 2022 authorisation, and without French (unauthorised, language).
            (19, "MONUSCO", "observer", D(2022, 1, 1), D(2022, 12, 31)),
            (15, "MONUSCO", "observer", D(2022, 9, 1), D(2023, 8, 31)),
            (21, "UNDOF", "staff", D(2024, 3, 1), D(2025, 2, 28)),
        ):
            assign(
                number,
                mission_id=missions[code],
                category=category,
                role="Military observer" if category == "observer" else "Staff officer",
                starts_on=start,
                ends_on=end,
                status="completed" if end < D(2024, 1, 1) else "deployed",
            )


def record_findings(path: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--db", str(path), "check", "--json"])
    document = json.loads(out.getvalue())
    target = path.with_name(path.stem + "-findings.json")
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1])
    build(target)
    record_findings(target)
