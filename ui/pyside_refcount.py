"""Guard against a reference-count bug of PySide6 6.12.0 on Python 3.11.

That build returns ``None`` from every void method (``label.setText``, ``widget.resize``…)
and ``True`` from every ``Signal.emit`` without taking a reference. On Python 3.12 and
later ``None``/``True``/``False`` are immortal and nothing happens; on 3.11 each call
takes one reference away, and after about 5,000 calls the interpreter aborts with
"Fatal Python error: none_dealloc" (measured: 20,000 ``QLabel.setText`` calls kill a bare
script; PySide6 6.11.3 on the same Python is fine).

The real fix is a PySide6 without the bug (or Python 3.12+). Until then this gives the
three singletons a reference count no session can use up, which is what 3.12 does for
every interpreter. It touches nothing on other versions.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

# 2**40 references: a session would need a trillion Qt calls to use them up.
_MARGIN = 1 << 40


def affected() -> bool:
    return sys.version_info < (3, 12) and PySide6.__version__.startswith("6.12.")


def protect() -> bool:
    """Raise the reference counts of None, True and False once; True if it was needed."""
    if not affected() or getattr(sys, "_rotation_planner_refcount_guard", False):
        return False
    if sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return False  # another interpreter or a debug build: a different object layout
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _MARGIN
    sys._rotation_planner_refcount_guard = True  # type: ignore[attr-defined]
    return True


protect()
