"""Turn engine events (from the client's reader thread) into Qt signals on the GUI thread.

Tokens are coalesced: the reader thread only appends to a list and wakes the GUI thread once;
a single-shot QTimer then applies everything that arrived, at most once per frame, so a model
streaming thousands of tokens per second costs the event loop one small slot call per frame.
Blocking engine calls (load, unload) run on the bridge's `tasks` (widgets/tasks.py), which report
back on the GUI thread.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.engine.protocol import Done, EngineErrorEvent, TokenBatch
from desktop.ui.widgets.tasks import BackgroundTasks

FRAME_MS = 16


class EngineBridge(QObject):
    """Receives `on_event` callbacks from any thread; emits coalesced signals on its own thread."""

    # request_id, list[Token] (everything that arrived for that request since the last frame)
    tokens_arrived = Signal(int, object)
    generation_finished = Signal(object)  # Done
    generation_failed = Signal(object)  # EngineErrorEvent

    _wake = Signal()

    def __init__(self, parent: QObject | None = None, frame_ms: int = FRAME_MS) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending: list[object] = []
        self._woken = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(frame_ms)
        self._timer.timeout.connect(self.flush)
        self._wake.connect(self.on_wake)
        # The engine's blocking calls (load, unload, build facts), off the GUI thread.
        self.tasks = BackgroundTasks(self, name="tessera-engine-call")
        self.frames = 0  # flushes that delivered something (for benchmarks and tests)

    # ------------------------------------------------------------------ any thread

    def deliver(self, event: object) -> None:
        """The `on_event` callback handed to `EngineClient.generate`; safe from any thread."""
        with self._lock:
            self._pending.append(event)
            if self._woken:
                return
            self._woken = True
        self._wake.emit()

    # ------------------------------------------------------------------ GUI thread

    @Slot()
    def on_wake(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    @Slot()
    def flush(self) -> None:
        """Apply everything received so far, in order; tokens of one request become one signal."""
        with self._lock:
            events, self._pending = self._pending, []
            self._woken = False
        if not events:
            return
        self.frames += 1
        run_id: int | None = None
        run: list = []
        for event in events:
            if isinstance(event, TokenBatch):
                if run and event.request_id != run_id:
                    self.tokens_arrived.emit(run_id, run)
                    run = []
                run_id = event.request_id
                run.extend(event.tokens)
                continue
            if run:
                self.tokens_arrived.emit(run_id, run)
                run = []
            if isinstance(event, Done):
                self.generation_finished.emit(event)
            elif isinstance(event, EngineErrorEvent):
                self.generation_failed.emit(event)
        if run:
            self.tokens_arrived.emit(run_id, run)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Wait for running engine calls (the engine is closed first, so they end quickly)."""
        self.tasks.shutdown(timeout)
        self._timer.stop()
        self.flush()
