"""What a check returns (DESIGN.md section 3): findings a planner can read and act on."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: Final[dict[str, int]] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    mission: str | None = None  # mission code
    authorisation: str | None = None  # authorisation reference
    rotation: str | None = None  # rotation code
    person: str | None = None  # service number
    start: str | None = None  # ISO date
    end: str | None = None  # ISO date
    value: int | None = None
    limit: int | None = None
    detail: str | None = None

    def sort_key(self) -> tuple[int, str, str, str, str, str, str, str, str]:
        # Severity, start, rule as DESIGN.md says; the rest only makes the order total,
        # so that a full and an incremental check list the same findings the same way.
        return (
            SEVERITY_ORDER[self.severity],
            self.start or "",
            self.rule,
            self.end or "",
            self.mission or "",
            self.authorisation or "",
            self.rotation or "",
            self.person or "",
            self.message,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def summarise(findings: list[Finding]) -> dict[str, int]:
    summary = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        summary[finding.severity] += 1
    return summary
