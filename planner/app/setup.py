"""Making a new plan where a front end asks for one (``planner init``, File ▸ New plan).

``init_plan`` builds the plan beside the target and moves it into place in one step
(planner.plan.create_plan), so that a killed or failed init leaves the old file or none,
never a half-made plan that the next attempt would refuse. It refuses to overwrite a plan
unless told to replace it (SQLite only, only while nobody has it open, after a backup),
and replaces nothing that is not a plan: any other file is refused, saying what it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.engine import locate
from planner.plan import Plan, create_plan


@dataclass(frozen=True)
class NewPlan:
    where: str  # the file, or the server database's name
    counts: dict[str, int] = field(default_factory=dict)  # the demo's records, if any


def init_plan(target: str | Path, *, demo: bool = False, replace: bool = False) -> NewPlan:
    """Make an empty plan (or the demo plan) at ``target``; PlannerError says why not."""
    location = locate(target)

    def fill(plan: Plan) -> dict[str, int]:
        from planner.demo import build_demo_plan

        counts: dict[str, int] = build_demo_plan(plan)
        return counts

    counts = create_plan(target, force=replace, fill=fill if demo else None)
    return NewPlan(str(location.path or location.display_name), counts or {})
