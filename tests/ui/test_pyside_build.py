"""The installed PySide6 does not leak references to None or True.

PySide6 6.12.0 on Python 3.11 dropped one reference to None on every void call and one to
True on every ``Signal.emit``; after a few thousand the interpreter aborted
("Fatal Python error: none_dealloc"). pyproject.toml keeps that build out; this catches it
(or a build like it) coming back. In a subprocess: an abort would take pytest with it.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

class Emitter(QObject):
    fired = Signal()

app = QApplication([])
label, emitter = QLabel(), Emitter()
before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(30000):
    label.setText("a")
    emitter.fired.emit()
after = sys.getrefcount(None), sys.getrefcount(True)
# A leak takes 30,000 away; immortal objects (3.12+) report a constant count.
print("leaked" if min(a - b for a, b in zip(after, before)) < -1000 else "alive")
"""


def test_many_qt_calls_and_emits_keep_none_and_true_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "alive"
