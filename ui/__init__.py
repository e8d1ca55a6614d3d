"""The Qt desktop application: a thin face over planner's services."""

# First, before any Qt call: PySide6 6.12.0 on Python 3.11 drops a reference to None or
# True on every void call and signal emit, and the interpreter aborts after a few
# thousand (see ui/pyside_refcount.py).
from ui import pyside_refcount as _pyside_refcount  # noqa: F401
