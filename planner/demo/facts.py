"""Public facts the demo plan is made of: missions, authorisations, units, rotations."""

from __future__ import annotations

import datetime as dt
from typing import Final

D = dt.date

# code, name, area, language, mandate start, mandate end
MISSIONS: Final = (
    (
        "UNIFIL",
        "United Nations Interim Force in Lebanon",
        "Lebanon",
        "en",
        D(1978, 3, 19),
        D(2026, 12, 31),
    ),
    (
        "MINURSO",
        "UN Mission for the Referendum in Western Sahara",
        "Western Sahara",
        "en",
        D(1991, 4, 29),
        None,
    ),
    ("UNFICYP", "UN Peacekeeping Force in Cyprus", "Cyprus", "en", D(1964, 3, 4), None),
    (
        "UNMOGIP",
        "UN Military Observer Group in India and Pakistan",
        "India/Pakistan",
        "en",
        D(1949, 1, 24),
        None,
    ),
    ("UNTSO", "UN Truce Supervision Organization", "Middle East", "en", D(1948, 5, 29), None),
    (
        "MINUSCA",
        "UN Multidimensional Integrated Stabilization Mission in the Central African Republic",
        "Central African Republic",
        "fr",
        D(2014, 4, 10),
        None,
    ),
    (
        "MONUSCO",
        "UN Organization Stabilization Mission in the DR Congo",
        "DR Congo",
        "fr",
        D(2010, 7, 1),
        None,
    ),
    # Mandate ended 2023-06-30; the withdrawal ran to 2023-12-31, the mission's last day.
    (
        "MINUSMA",
        "UN Multidimensional Integrated Stabilization Mission in Mali",
        "Mali",
        "fr",
        D(2013, 4, 25),
        D(2023, 12, 31),
    ),
    ("UNDOF", "UN Disengagement Observer Force", "Golan", "en", D(1974, 5, 31), None),
    ("UNMISS", "UN Mission in South Sudan", "South Sudan", "en", D(2011, 7, 9), None),
    ("UNISFA", "UN Interim Security Force for Abyei", "Abyei", "en", D(2011, 6, 27), None),
)

INDIVIDUAL = "observer,staff"
OFFICERS_2018 = ("UNTSO", "UNFICYP", "UNMOGIP", "UNIFIL", "MINURSO")

# Each resolution as the law writes it: reference, title, adopted (and valid from), total
# ceiling, the missions it lists ((mission, ceiling, categories), …) and its ceiling
# clauses ((label, missions (empty: every one it lists), categories, ceiling), …). The
# laws set their limits as clauses; the only per-mission ceiling is UNDOF's share of the
# 2024 resolution, which the contingent's handover exceeds (see problems.py).
AUTHORISATIONS: Final = (
    (
        "2018-06-15",
        "Joint session of Parliament: up to 40 officers for UNTSO, UNFICYP, UNMOGIP, UNIFIL "
        "and MINURSO, and up to 120 servicemen for UNIFIL inside the Indian battalion",
        D(2018, 6, 15),
        None,
        tuple(
            (mission, None, "" if mission == "UNIFIL" else INDIVIDUAL) for mission in OFFICERS_2018
        ),
        (
            ("officers", OFFICERS_2018, INDIVIDUAL, 40),
            ("UNIFIL company", ("UNIFIL",), "unit", 120),
        ),
    ),
    (
        "2022-06-30",
        "Parliament: about 430 servicemen for Western Sahara (MINURSO), the Central African "
        "Republic (MINUSCA), the Congo (MONUSCO), Mali (MINUSMA) and Lebanon (UNIFIL): staff "
        "officers, observers, and infantry, medical, intelligence, engineering and military "
        "police units",
        D(2022, 6, 30),
        None,
        (
            ("MINURSO", None, INDIVIDUAL),
            ("MINUSCA", None, INDIVIDUAL),
            ("MONUSCO", None, INDIVIDUAL),
            ("MINUSMA", None, INDIVIDUAL),
            ("UNIFIL", None, ""),
        ),
        (("servicemen", (), "unit,observer,staff", 430),),
    ),
    (
        "2024-01-19",
        "Parliament: up to 430 servicemen for UNDOF, UNTSO, UNMISS and UNISFA",
        D(2024, 1, 19),
        None,
        (
            ("UNDOF", 150, "unit,staff"),
            ("UNTSO", None, INDIVIDUAL),
            ("UNMISS", None, INDIVIDUAL),
            ("UNISFA", None, INDIVIDUAL),
        ),
        (("servicemen", (), "", 430),),
    ),
)

# code, name, mission, strength, partner, tour months, handover days
UNITS: Final = (
    (
        "KAZCOY",
        "Kazakh company, Indian-Kazakh battalion (IndKazBat)",
        "UNIFIL",
        120,
        "India, Indian battalion",
        6,
        14,
    ),
    ("KAZCON", "Kazakh national contingent in UNDOF", "UNDOF", 139, "", 12, 14),
)

# KAZCOY companies, every six months from 2018-10-31 (the third stayed on through the
# pandemic; the 4th arrived in August 2020, the 5th in March 2021, the 10th in November
# 2023), up to the end of UNIFIL's final mandate.
KAZCOY_ROTATIONS: Final = (
    (D(2018, 10, 31), D(2019, 4, 30)),
    (D(2019, 5, 1), D(2019, 10, 31)),
    (D(2019, 11, 1), D(2020, 7, 31)),
    (D(2020, 8, 1), D(2021, 2, 28)),
    (D(2021, 3, 1), D(2021, 8, 31)),
    (D(2021, 9, 1), D(2022, 2, 28)),
    (D(2022, 3, 1), D(2022, 8, 31)),
    (D(2022, 9, 1), D(2023, 2, 28)),
    (D(2023, 3, 1), D(2023, 10, 31)),
    (D(2023, 11, 1), D(2024, 4, 30)),
    (D(2024, 5, 1), D(2024, 10, 31)),
    (D(2024, 11, 1), D(2025, 4, 30)),
    (D(2025, 5, 1), D(2025, 10, 31)),
    (D(2025, 11, 1), D(2026, 4, 30)),
    (D(2026, 5, 1), D(2026, 10, 31)),
    (D(2026, 11, 1), D(2026, 12, 31)),
)

# The UNDOF contingent from March 2024, yearly. The fourth is a draft that starts two
# weeks early: a deliberate problem of the demo (see problems.py).
KAZCON_ROTATIONS: Final = (
    (D(2024, 3, 1), D(2025, 2, 28)),
    (D(2025, 3, 1), D(2026, 2, 28)),
    (D(2026, 3, 1), D(2027, 2, 28)),
    (D(2027, 2, 15), D(2028, 2, 29)),
)

# Each unit's establishment: code, title, specialty, minimum rank (None: any), count. The
# counts add up to the unit's strength; the demo's people are made to fill these posts.
POSTS: Final = {
    "KAZCOY": (
        ("CDR", "Company commander", "Infantry officer", "Captain", 1),
        ("PL", "Platoon commander", "Infantry officer", "Lieutenant", 3),
        ("MED-1", "Medical officer", "Medical officer", "Lieutenant", 1),
        ("SGT", "Platoon sergeant", "Infantry", "Sergeant", 3),
        ("MED-2", "Medic", "Medic", None, 5),
        ("ENG", "Engineer", "Engineer", None, 10),
        ("MP", "Military police", "Military police", None, 6),
        ("DRV", "Driver", "Driver", None, 12),
        ("SIG", "Signaller", "Signals", None, 4),
        ("LOG", "Logistics", "Logistics", None, 4),
        ("INF", "Rifleman", "Infantry", None, 71),
    ),
    "KAZCON": (
        ("CDR", "Contingent commander", "Infantry officer", "Captain", 1),
        ("XO", "Deputy commander", "Infantry officer", "Senior Lieutenant", 1),
        ("PL", "Platoon commander", "Infantry officer", "Lieutenant", 4),
        ("MED-1", "Medical officer", "Medical officer", "Lieutenant", 1),
        ("SGT", "Platoon sergeant", "Infantry", "Sergeant", 4),
        ("MED-2", "Medic", "Medic", None, 7),
        ("ENG", "Engineer", "Engineer", None, 12),
        ("MP", "Military police", "Military police", None, 8),
        ("REC", "Reconnaissance", "Reconnaissance", None, 8),
        ("DRV", "Driver", "Driver", None, 14),
        ("SIG", "Signaller", "Signals", None, 6),
        ("LOG", "Logistics", "Logistics", None, 6),
        ("INF", "Rifleman", "Infantry", None, 67),
    ),
}

# The ranks of the people made for a post: those of its minimum rank and a little above,
# none so high that they would rather fill another post of their specialty.
POST_RANKS: Final = {
    "Captain": ("Captain",),
    "Senior Lieutenant": ("Senior Lieutenant",),
    "Lieutenant": ("Lieutenant", "Lieutenant", "Senior Lieutenant"),
    "Sergeant": ("Sergeant", "Senior Sergeant", "Sergeant Major"),
    None: ("Private",) * 6 + ("Lance Corporal",) * 2 + ("Junior Sergeant",),
}

# Individual posts: (mission, category, first start, last start, posts at a time), one
# year each. Seed 003: by mid-2022, 45 officers had served as observers and staff
# officers, and 6 served in Western Sahara and 9 in Lebanon (beside the company) on
# 2022-06-30: MINURSO's three observers and three staff officers, UNIFIL's nine.
INDIVIDUAL_POSTS: Final = (
    ("MINURSO", "observer", D(2018, 9, 1), D(2026, 9, 1), 3),
    ("MINURSO", "staff", D(2021, 7, 1), D(2021, 7, 1), 3),
    ("UNMOGIP", "observer", D(2018, 10, 1), D(2026, 10, 1), 2),
    ("UNFICYP", "staff", D(2019, 1, 15), D(2026, 1, 15), 1),
    ("UNTSO", "observer", D(2018, 11, 1), D(2026, 11, 1), 2),
    ("UNIFIL", "staff", D(2021, 7, 1), D(2021, 7, 1), 9),
    ("UNIFIL", "staff", D(2022, 9, 1), D(2026, 1, 1), 2),
    ("MINUSCA", "staff", D(2022, 10, 1), D(2026, 10, 1), 2),
    ("MONUSCO", "observer", D(2022, 11, 1), D(2026, 11, 1), 2),
    ("MINUSMA", "staff", D(2022, 9, 1), D(2022, 9, 1), 2),
    ("UNMISS", "observer", D(2024, 4, 1), D(2026, 4, 1), 2),
    ("UNISFA", "observer", D(2024, 5, 1), D(2026, 5, 1), 1),
)

MALE_SURNAMES: Final = (
    "Abenov",
    "Akhmetov",
    "Alimov",
    "Amanov",
    "Baimukhanov",
    "Bekov",
    "Berdibekov",
    "Dzhaksybekov",
    "Ermekov",
    "Esenov",
    "Ibraev",
    "Iskakov",
    "Kairatov",
    "Kaliyev",
    "Kassymov",
    "Khamitov",
    "Kuanyshev",
    "Mukanov",
    "Nurlanov",
    "Omarov",
    "Ospanov",
    "Rakhimov",
    "Sadykov",
    "Sarsenbayev",
    "Seitkali",
    "Serikbayev",
    "Shaikenov",
    "Smagulov",
    "Suleimenov",
    "Tokayev",
    "Tulegenov",
    "Utebayev",
    "Zhakupov",
    "Zhumabekov",
    "Zhunusov",
)
MALE_NAMES: Final = (
    "Aidos",
    "Alibek",
    "Almas",
    "Arman",
    "Askar",
    "Asylbek",
    "Azamat",
    "Bauyrzhan",
    "Daniyar",
    "Dauren",
    "Didar",
    "Erlan",
    "Ersultan",
    "Galym",
    "Kairat",
    "Marat",
    "Murat",
    "Nurlan",
    "Nursultan",
    "Olzhas",
    "Rustem",
    "Sanzhar",
    "Serik",
    "Talgat",
    "Timur",
    "Yerbol",
    "Zhanibek",
)
FEMALE_NAMES: Final = (
    "Aigerim",
    "Aida",
    "Ainur",
    "Akbota",
    "Aliya",
    "Ardak",
    "Assel",
    "Botagoz",
    "Dana",
    "Dinara",
    "Gulnara",
    "Indira",
    "Kamila",
    "Madina",
    "Saule",
    "Togzhan",
    "Zarina",
    "Zhanna",
)
SPECIALTIES: Final = (
    "Infantry",
    "Infantry",
    "Infantry",
    "Driver",
    "Medic",
    "Engineer",
    "Signals",
    "Military police",
    "Reconnaissance",
    "Logistics",
)
