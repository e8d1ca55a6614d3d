"""Rules about rotations: outside-rotation, rotation-gap, handover-overlap and strength
(DESIGN.md section 3). Cancelled rotations and assignments take no part."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planner.rules.findings import Finding
from planner.rules.rows import CANCELLED, AssignmentRow, RotationRow, UnitRow
from planner.rules.text import Subject, days, finding, iso, span_text


def outside_rotation_findings(
    assignments: Iterable[AssignmentRow],
    s: Subject,
    rotations: dict[int, RotationRow],
    out: list[Finding],
) -> None:
    """Days of an assignment before its rotation starts or after it ends."""
    for a in assignments:
        if a.rotation_id is None:
            continue
        rotation = rotations.get(a.rotation_id)
        if rotation is None or (a.first >= rotation.first and a.last <= rotation.last):
            continue
        if a.first < rotation.first:
            last = min(a.last, rotation.first - 1)
            out.append(
                _outside(
                    a,
                    s,
                    rotation,
                    a.first,
                    last,
                    f"{s.mission(a)}: {s.who} is on {rotation.code} {span_text(a.first, last)}, "
                    f"before the rotation starts on {iso(rotation.first)}.",
                )
            )
        if a.last > rotation.last:
            first = max(a.first, rotation.last + 1)
            out.append(
                _outside(
                    a,
                    s,
                    rotation,
                    first,
                    a.last,
                    f"{s.mission(a)}: {s.who} is on {rotation.code} {span_text(first, a.last)}, "
                    f"after the rotation ends on {iso(rotation.last)}.",
                )
            )


def _outside(
    a: AssignmentRow, s: Subject, r: RotationRow, first: int, last: int, text: str
) -> Finding:
    return finding(
        "outside-rotation",
        "error",
        text,
        mission=s.mission(a),
        rotation=r.code,
        person=s.person,
        first=first,
        last=last,
        value=last - first + 1,
    )


def unit_findings(
    unit: UnitRow,
    rotations: Sequence[RotationRow],
    roster_sizes: dict[int, int],
    out: list[Finding],
) -> None:
    """rotation-gap and handover-overlap between consecutive rotations of a unit (sorted
    by start), and strength for each rotation."""
    active = [r for r in rotations if r.status != CANCELLED]
    previous: RotationRow | None = None
    for r in active:
        if previous is not None:
            if r.first > previous.last + 1:
                first, last = previous.last + 1, r.first - 1
                out.append(
                    finding(
                        "rotation-gap",
                        "warning",
                        f"{unit.code} has no rotation {span_text(first, last)}, between "
                        f"{previous.code} and {r.code}.",
                        mission=unit.mission,
                        rotation=r.code,
                        first=first,
                        last=last,
                        value=last - first + 1,
                    )
                )
            else:
                last = min(previous.last, r.last)
                overlap = last - r.first + 1
                if overlap > unit.handover_days:
                    out.append(
                        finding(
                            "handover-overlap",
                            "warning",
                            f"{unit.code}: {previous.code} and {r.code} overlap for "
                            f"{days(overlap)} ({span_text(r.first, last)}), more than the "
                            f"{unit.handover_days}-day handover.",
                            mission=unit.mission,
                            rotation=r.code,
                            first=r.first,
                            last=last,
                            value=overlap,
                            limit=unit.handover_days,
                        )
                    )
        if previous is None or r.last > previous.last:
            previous = r
    if unit.strength is None:
        return
    for r in active:
        size = roster_sizes.get(r.id, 0)
        if size == unit.strength:
            continue
        word = "above" if size > unit.strength else "below"
        out.append(
            finding(
                "strength",
                "warning",
                f"{r.code} has {size} on its roster, {abs(size - unit.strength)} {word} the "
                f"strength of {unit.code} ({unit.strength}).",
                mission=unit.mission,
                rotation=r.code,
                first=r.first,
                last=r.last,
                value=size,
                limit=unit.strength,
            )
        )


def roster_sizes(assignments: Iterable[AssignmentRow]) -> dict[int, int]:
    """Distinct people among each rotation's counted assignments, by rotation id;
    ``assignments`` grouped by person."""
    sizes: dict[int, int] = {}
    current = None
    seen: set[int] = set()  # the rotations of the current person
    for a in assignments:
        rotation_id = a.rotation_id
        if rotation_id is None or not a.counted:
            continue
        if a.person_id != current:
            current = a.person_id
            seen = {rotation_id}
        elif rotation_id in seen:
            continue
        else:
            seen.add(rotation_id)
        sizes[rotation_id] = sizes.get(rotation_id, 0) + 1
    return sizes
