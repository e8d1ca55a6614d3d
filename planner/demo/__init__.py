"""The demo plan: Kazakhstan's UN deployments since 2018 (DESIGN.md section 7)."""

from planner.demo.build import build_demo_plan

__all__ = ["build_demo_plan"]
