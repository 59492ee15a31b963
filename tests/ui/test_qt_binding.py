"""The pinned Qt binding keeps the app alive through many Qt calls (PySide6 6.12.0 did not)."""

from __future__ import annotations

import subprocess
import sys

STRESS = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("x")
before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
for _ in range(20000):
    label.setText("a")      # void
    label.isVisible()       # bool
    label.setVisible(False)
after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
print(before, after)
sys.exit(0 if all(abs(a - b) < 1000 for a, b in zip(before, after)) else 3)
"""


def test_many_void_and_bool_qt_calls_neither_abort_nor_leak_singleton_references() -> None:
    # In a child: a binding with the refcount bug aborts the interpreter ("deallocating None").
    proc = subprocess.run(
        [sys.executable, "-c", STRESS], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
