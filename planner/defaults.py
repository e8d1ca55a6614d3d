"""The defaults every plan starts with (DESIGN.md section 3): settings, credential
requirements and the UN gender-parity targets."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.models import CredentialRequirement, GenderTarget, Settings

# One definition, beside the rules that read them (pure: no storage there).
from planner.rules.rows import DEFAULT_GENDER_TARGETS, DEFAULT_REQUIREMENTS

__all__ = ["DEFAULT_GENDER_TARGETS", "DEFAULT_REQUIREMENTS", "ensure_defaults"]


def ensure_defaults(session: Session) -> None:
    """Add whatever default rows are missing; never changes rows a planner edited."""
    if session.get(Settings, 1) is None:
        session.add(Settings(id=1))
    if session.scalar(select(CredentialRequirement.id).limit(1)) is None:
        session.add_all(
            CredentialRequirement(kind=k, applies_to=a, span=s) for k, a, s in DEFAULT_REQUIREMENTS
        )
    if session.scalar(select(GenderTarget.id).limit(1)) is None:
        session.add_all(
            GenderTarget(year=y, group=g, target_share=v) for y, g, v in DEFAULT_GENDER_TARGETS
        )
