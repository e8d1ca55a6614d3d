"""Rotation Planner core: domain, storage, rules, services, Excel and command line.

This package never imports Qt; the desktop application in ``ui/`` is a thin face over it.
"""

__version__ = "0.1.0"
