"""The findings: the dock listing them (grouped by severity, leading to the record each
names) and the counts in the status bar."""

from __future__ import annotations

from ui.feature.context import FeatureContext
from ui.feature.mount import Feature, Mounted


def mount(ctx: FeatureContext) -> Mounted:
    from ui.findings.dock import FindingsDock
    from ui.findings.status import FindingsLabel

    dock = FindingsDock()
    dock.activated.connect(ctx.show_record)
    ctx.events.findings_changed.connect(dock.set_findings)
    ctx.events.findings_requested.connect(dock.show_severity)
    return Mounted(docks=[dock], status_widgets=[FindingsLabel(ctx)])


FEATURE = Feature("findings", mount=mount)
