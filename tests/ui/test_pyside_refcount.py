"""The window survives PySide6 6.12.0's reference leak on Python 3.11 (see
ui/pyside_refcount.py): tens of thousands of Qt calls and signal emits, then a clean exit."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import ui
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

class Emitter(QObject):
    fired = Signal()

app = QApplication([])
label, emitter = QLabel(), Emitter()
for _ in range(30000):
    label.setText("a")
    emitter.fired.emit()
print("alive")
"""


def test_many_qt_calls_and_emits_do_not_abort_the_interpreter() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "alive"
