"""Fixtures of the rules tests: a builder over an empty plan."""

from __future__ import annotations

import pytest
from rules_builder import Build

from planner.plan import Plan


@pytest.fixture
def build(plan: Plan) -> Build:
    return Build(plan)


@pytest.fixture
def quiet_build(build: Build) -> Build:
    """A builder whose plan has no gender targets, so that tests of other rules see
    only their own findings."""
    from sqlalchemy import delete

    from planner.models import GenderTarget

    with build.plan.write() as session:
        session.execute(delete(GenderTarget))
    return build
