"""Python's cyclic garbage collector, run on the GUI thread only and never over the startup heap.

Automatic collection runs on whichever thread happens to allocate: a tokenizer preload, the
store writer, a hub task. When that collection frees a cycle holding a Qt object, the object
is destroyed on that thread and PySide crashes (seen as segfaults "Garbage-collecting" in a
worker thread). So automatic collection is off and a timer on the GUI thread collects with
Python's own thresholds. Before that, everything alive at start (modules, classes, Qt, SQLAlchemy,
Pygments: 100,000+ objects) is frozen, so a full collection does not walk it again: walking it
took 80-200 ms, a visible stall while a reply streams.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot

INTERVAL_MS = 200


class GuiThreadCollector(QObject):
    """Collects the generation Python would have, at most every INTERVAL_MS, on its thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._timer.start()

    @Slot()
    def on_timer_timeout(self) -> None:
        counts = gc.get_count()
        if counts[0] < self._thresholds[0]:
            return
        generation = 0
        if counts[1] >= self._thresholds[1]:
            generation = 2 if counts[2] >= self._thresholds[2] else 1
        gc.collect(generation)


def collect_on_gui_thread() -> GuiThreadCollector | None:
    """Once per process, after the big imports (the app calls it when it builds the window):
    collect, freeze what is alive, and hand collection to the GUI thread. Needs a Qt app."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    collector = app.findChild(GuiThreadCollector)
    if collector is None:
        gc.collect()  # garbage is never frozen: only what is alive
        gc.freeze()
        gc.disable()
        collector = GuiThreadCollector(app)
    return collector
