"""The feature packages the window mounts, in the order of their tabs.

Adding a feature: a package ``ui/<feature>/`` whose ``__init__`` defines
``FEATURE = Feature(name, mount=..., actions=...)`` (see ``ui.feature.mount``), and one
line here. The feature imports
``ui.feature``, ``ui.ops``, ``ui.widgets`` and the planner's public API, never the shell
or another feature (the import contracts hold it to that).
"""

from __future__ import annotations

from collections.abc import Sequence

from ui import authorisations, files, findings, missions, overview, personnel, settings, units
from ui.feature.mount import Feature


def features() -> Sequence[Feature]:
    return (
        overview.FEATURE,
        missions.FEATURE,
        authorisations.FEATURE,
        units.FEATURE,
        personnel.FEATURE,
        findings.FEATURE,
        files.FEATURE,
        settings.FEATURE,
    )
