"""Holding Python's cycle collector during bulk work on tens of thousands of rows.

Every row read, converted and compared is a new object that stays alive until the work
ends, so the collector would run over and over for nothing (it tripled the time of
loading a large plan). Reference counting still frees everything else.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
