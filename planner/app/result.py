"""What a check hands a front end: its findings and the facts it published."""

from __future__ import annotations

from dataclasses import dataclass

from planner.rules.facts import PlanFacts
from planner.rules.findings import Finding


@dataclass(frozen=True, eq=False)
class CheckResult:
    """The findings of a check (sorted as DESIGN.md section 3 says) and the facts it
    published."""

    findings: tuple[Finding, ...]
    facts: PlanFacts

    @property
    def summary(self) -> dict[str, int]:
        return dict(self.facts.findings)
