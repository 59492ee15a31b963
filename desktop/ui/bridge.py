"""Turn engine events (from the client's reader thread) into Qt signals on the GUI thread.

Tokens are coalesced: the reader thread only appends to a list and wakes the GUI thread once;
a single-shot QTimer then applies everything that arrived, at most once per frame, so a model
streaming thousands of tokens per second costs the event loop one small slot call per frame.
Blocking engine calls (load, count_tokens) run on short-lived threads owned by the bridge and
report back through queued signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.engine.protocol import Done, EngineErrorEvent, TokenBatch

FRAME_MS = 16


class EngineBridge(QObject):
    """Receives `on_event` callbacks from any thread; emits coalesced signals on its own thread."""

    # request_id, list[Token] (everything that arrived for that request since the last frame)
    tokens_arrived = Signal(int, object)
    generation_finished = Signal(object)  # Done
    generation_failed = Signal(object)  # EngineErrorEvent
    task_finished = Signal(object, object)  # token, result
    task_failed = Signal(object, object)  # token, exception
    task_progress = Signal(object, object)  # token, value

    _wake = Signal()
    _task_result = Signal(object, object, object)  # token, result, error

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
        self._task_result.connect(self.on_task_result)
        self._threads: set[threading.Thread] = set()
        self._callbacks: dict[object, tuple[Callable | None, Callable | None]] = {}
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

    # ------------------------------------------------------------------ background calls

    def run_task(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        token: object | None = None,
    ) -> object:
        """Run a blocking call off the GUI thread; `on_done` / `on_error` run on the GUI thread."""
        token = token if token is not None else object()
        self._callbacks[token] = (on_done, on_error)

        def target() -> None:
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
                self._task_result.emit(token, None, exc)
            else:
                self._task_result.emit(token, result, None)
            finally:
                self._threads.discard(threading.current_thread())

        thread = threading.Thread(target=target, name="tessera-task", daemon=True)
        self._threads.add(thread)
        thread.start()
        return token

    def progress_callback(self, token: object) -> Callable[[Any], None]:
        """A callable for worker threads that reports progress as `task_progress(token, value)`."""
        return lambda value: self.task_progress.emit(token, value)

    @Slot(object, object, object)
    def on_task_result(self, token: object, result: object, error: object) -> None:
        on_done, on_error = self._callbacks.pop(token, (None, None))
        if error is None:
            self.task_finished.emit(token, result)
            if on_done is not None:
                on_done(result)
        else:
            self.task_failed.emit(token, error)
            if on_error is not None:
                on_error(error)

    def busy(self) -> bool:
        return bool(self._threads)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Wait for running background calls (the engine is closed first, so they end quickly)."""
        for thread in list(self._threads):
            thread.join(timeout)
        self._timer.stop()
        self.flush()
