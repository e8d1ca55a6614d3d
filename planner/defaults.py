"""The defaults every plan starts with (DESIGN.md section 3): settings, credential
requirements and the UN gender-parity targets."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.models import CredentialRequirement, GenderTarget, Settings

DEFAULT_REQUIREMENTS: tuple[tuple[str, str, str], ...] = (
    ("passport", "all", "tour+margin"),
    ("medical", "all", "tour"),
    ("predeployment-training", "all", "start"),
    ("screening", "all", "start"),
    ("driving-licence", "observer", "start"),
)

# UN Uniformed Gender Parity Strategy: (year, group, share).
DEFAULT_GENDER_TARGETS: tuple[tuple[int, str, float], ...] = (
    (2021, "contingent", 0.08),
    (2021, "individual", 0.18),
    (2028, "contingent", 0.15),
    (2028, "individual", 0.25),
)


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
