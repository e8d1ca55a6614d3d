"""The rows the rules of issue 10 read: ceiling clauses with their missions, and units'
posts, each table in one SELECT (no lazy loads).

The row types are plain records in the style of planner.rules.rows; the rules
import no SQLAlchemy, so a snapshot loader puts these rows into its snapshot (or moves
the two types into planner.rules.rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import split_categories
from planner.models import Authorisation, CeilingClause, CeilingClauseMission, Post, Unit


class ClauseRow(NamedTuple):
    id: int
    authorisation_id: int
    authorisation: str  # reference
    label: str
    missions: frozenset[int]  # the mission ids it names; empty: every one it lists
    categories: frozenset[str]  # empty: every category
    ceiling: int


@dataclass(frozen=True, slots=True)
class PostRow:
    # A dataclass, not a NamedTuple: a tuple's own count() method takes that name.
    id: int
    unit_id: int
    unit: str  # code
    code: str
    title: str
    specialty: str
    min_rank: str | None  # None: any rank
    count: int


def load_clauses(session: Session) -> list[ClauseRow]:
    """Every ceiling clause, by authorisation reference and label."""
    connection = session.connection()
    named: dict[int, set[int]] = {}
    for clause_id, mission_id in connection.execute(
        select(CeilingClauseMission.clause_id, CeilingClauseMission.mission_id)
    ):
        named.setdefault(clause_id, set()).add(mission_id)
    rows = connection.execute(
        select(
            CeilingClause.id,
            CeilingClause.authorisation_id,
            Authorisation.reference,
            CeilingClause.label,
            CeilingClause.categories,
            CeilingClause.ceiling,
        )
        .join(Authorisation, Authorisation.id == CeilingClause.authorisation_id)
        .order_by(Authorisation.reference, CeilingClause.label)
    )
    return [
        ClauseRow(
            clause_id,
            authorisation_id,
            reference,
            label,
            frozenset(named.get(clause_id, ())),
            split_categories(categories),
            ceiling,
        )
        for clause_id, authorisation_id, reference, label, categories, ceiling in rows
    ]


def load_posts(session: Session) -> list[PostRow]:
    """Every unit's posts, by unit code and post code."""
    rows = session.connection().execute(
        select(
            Post.id,
            Post.unit_id,
            Unit.code,
            Post.code,
            Post.title,
            Post.specialty,
            Post.min_rank,
            Post.count,
        )
        .join(Unit, Unit.id == Post.unit_id)
        .order_by(Unit.code, Post.code)
    )
    return [PostRow(*row) for row in rows]
