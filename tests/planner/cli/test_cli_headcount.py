"""``planner headcount``: a mission's or an authorisation's daily count as runs, agreeing
with a naive day-by-day count of the plan's rows; dates checked before any work."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import select

from planner.cli.main import main
from planner.models import Assignment, Authorisation, AuthorisedMission, Mission, Rotation
from planner.plan import Plan

D = dt.date


def _path(plan: Plan) -> str:
    assert plan.path is not None
    return str(plan.path)


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def naive(plan: Plan, code: str, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """The day-by-day figures of DESIGN.md section 2, from the rows themselves: distinct
    people counted each day; the authorisation in force listing the mission adopted
    last (then later valid from, then later created) and its ceiling."""
    with plan.read() as session:
        mission_id = session.scalar(select(Mission.id).where(Mission.code == code))
        cancelled = set(session.scalars(select(Rotation.id).where(Rotation.status == "cancelled")))
        rows = [
            (person, start, end)
            for person, rotation, start, end, status in session.execute(
                select(
                    Assignment.person_id,
                    Assignment.rotation_id,
                    Assignment.starts_on,
                    Assignment.ends_on,
                    Assignment.status,
                ).where(Assignment.mission_id == mission_id)
            )
            if status != "cancelled" and rotation not in cancelled
        ]
        laws = session.execute(
            select(
                Authorisation.reference,
                Authorisation.adopted_on,
                Authorisation.valid_from,
                Authorisation.valid_until,
                Authorisation.id,
                AuthorisedMission.ceiling,
            )
            .join(AuthorisedMission, AuthorisedMission.authorisation_id == Authorisation.id)
            .where(AuthorisedMission.mission_id == mission_id)
        ).all()
    figures = []
    for day in _days(first, last):
        count = len({p for p, start, end in rows if start <= day <= end})
        in_force = [law for law in laws if law[2] <= day and (law[3] is None or day <= law[3])]
        governing = max(in_force, key=lambda law: (law[1], law[2], law[4]), default=None)
        figures.append(
            {
                "day": day.isoformat(),
                "count": count,
                "ceiling": governing[5] if governing else None,
                "authorisation": governing[0] if governing else None,
            }
        )
    return figures


def by_day(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for run in runs:
        for day in _days(D.fromisoformat(run["start"]), D.fromisoformat(run["end"])):
            out.append(
                {
                    "day": day.isoformat(),
                    **{k: run[k] for k in ("count", "ceiling", "authorisation")},
                }
            )
    return out


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(list(args)) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def test_undof_agrees_with_a_day_by_day_count(
    demo_plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo plan stays open (and locked) here, as in the window: headcount only reads."""
    document = _json(capsys, "--db", _path(demo_plan), "headcount", "--mission", "UNDOF", "--json")
    assert document["mission"] == "UNDOF"
    runs = document["runs"]
    first, last = D.fromisoformat(runs[0]["start"]), D.fromisoformat(runs[-1]["end"])
    assert by_day(runs) == naive(demo_plan, "UNDOF", first, last)
    # Runs are maximal: neighbours differ in count, ceiling or authorisation.
    for a, b in pairwise(runs):
        assert (a["count"], a["ceiling"], a["authorisation"]) != (
            b["count"],
            b["ceiling"],
            b["authorisation"],
        )
    assert {"count": 274, "ceiling": 150}.items() <= max(runs, key=lambda r: r["count"]).items()
    # A range of one's own, reaching before the first contingent and across the new law.
    document = _json(
        capsys,
        "--db",
        _path(demo_plan),
        "headcount",
        "--mission",
        "UNDOF",
        "--from",
        "2023-12-01",
        "--to",
        "01.05.2024",
        "--json",
    )
    assert document["runs"][0]["start"] == "2023-12-01"
    assert document["runs"][-1]["end"] == "2024-05-01"
    assert by_day(document["runs"]) == naive(demo_plan, "UNDOF", D(2023, 12, 1), D(2024, 5, 1))


def test_an_authorisations_total_over_its_days(
    demo_plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_plan.read() as session:
        reference, valid_from, total = session.execute(
            select(
                Authorisation.reference, Authorisation.valid_from, Authorisation.total_ceiling
            ).order_by(Authorisation.adopted_on)
        ).first()  # type: ignore[misc]
    document = _json(
        capsys, "--db", _path(demo_plan), "headcount", "--authorisation", reference, "--json"
    )
    assert document["authorisation"] == reference and document["clauses"] == []
    runs = document["runs"]
    assert runs and D.fromisoformat(runs[0]["start"]) >= valid_from
    assert {r["ceiling"] for r in runs} == {total} and {r["authorisation"] for r in runs} == {
        reference
    }


def test_the_text_form_marks_the_days_over_the_ceiling(
    demo_plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", _path(demo_plan), "headcount", "--mission", "UNDOF"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("UNDOF (")
    (over,) = [line for line in lines if line.endswith("OVER")]
    assert "2027-02-15..2027-02-28" in over and "274" in over and "ceiling 150" in over


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--mission", "UNDOF", "--from", "2027-13-01"), "--from: '2027-13-01' is not a date"),
        (("--mission", "UNDOF", "--to", "31.02.2027"), "--to: '31.02.2027' is not a date"),
        (
            ("--mission", "UNDOF", "--from", "2027-02-01", "--to", "2027-01-01"),
            "--from 2027-02-01 is after --to 2027-01-01",
        ),
        (("--mission", "NOPE"), "There is no mission NOPE in the plan."),
        (("--authorisation", "NOPE"), "There is no authorisation NOPE in the plan."),
    ],
)
def test_bad_input_exits_2_with_one_line(
    demo_plan: Plan, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert main(["--db", _path(demo_plan), "headcount", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"planner: {message}")
    assert len(captured.err.strip().splitlines()) == 1


def test_a_mission_or_an_authorisation_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["headcount"])
    assert exit_info.value.code == 2
