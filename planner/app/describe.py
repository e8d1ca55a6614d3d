"""Names a front end shows for kinds of record, and the sentences it builds from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from planner.entities import ENTITIES


@dataclass(frozen=True)
class EntityInfo:
    name: str  # as operations and ChangeSets name it: "authorised_mission"
    label: str  # singular, as a planner says it: "authorised mission"
    plural: str


ENTITY_INFO: Final[Mapping[str, EntityInfo]] = MappingProxyType(
    {name: EntityInfo(e.name, e.label, e.plural) for name, e in ENTITIES.items()}
)


def entity_label(entity: str) -> str:
    known = ENTITY_INFO.get(entity)
    return known.label if known is not None else entity


def describe_dependents(counts: Mapping[str, int]) -> str:
    """'It also deletes 3 credentials, 1 absence and 2 assignments.' (``counts`` as
    ``PlanSession.dependents`` gives them)."""
    singular = {e.plural: e.label for e in ENTITY_INFO.values()}
    parts = [
        f"{n:,} {singular.get(plural, plural) if n == 1 else plural}"
        for plural, n in counts.items()
        if n
    ]
    if not parts:
        return "Nothing else is deleted with it."
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"It also deletes {listed}."
