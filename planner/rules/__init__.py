"""The compliance engine: pure rules over a plan snapshot (DESIGN.md section 3)."""

from planner.rules.findings import Finding, Severity, sort_findings, summarise

__all__ = ["Finding", "Severity", "sort_findings", "summarise"]
