"""Run the chat's slow store writes on one worker thread, in order, results back on the GUI thread.

Saving a finished reply (full text, its full-text index entry, per-token probabilities) takes
20-100 ms on a small CPU: on the GUI thread that is a visible hitch right when the reply
completes. The controller hands such writes to a `StoreWriter`; every other store call it
makes first waits for the queue to drain (`drain()`), so reads and writes keep their order.
A write can also wait a moment before it starts (`delay_ms`): the worker shares the GIL with
the GUI thread, so it is best not run while the GUI lays out and paints the finished reply.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

_STOP = object()


class StoreWriter(QObject):
    """One worker thread, started on the first `submit()`, stopped by `shutdown()`."""

    _finished = Signal(object, object, object)  # callbacks, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._finished.connect(self.on_finished)
        self._delayed: list[tuple] = []
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.timeout.connect(self.on_release_timeout)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        delay_ms: int = 0,
    ) -> None:
        """Queue `fn` (after `delay_ms`); `on_done(result)` or `on_error(exc)` later runs on the
        GUI thread."""
        job = (fn, (on_done, on_error))
        if delay_ms > 0:
            self._delayed.append(job)
            if not self._release.isActive():
                self._release.start(delay_ms)
            return
        self._enqueue(job)

    @Slot()
    def on_release_timeout(self) -> None:
        jobs, self._delayed = self._delayed, []
        for job in jobs:
            self._enqueue(job)

    def _enqueue(self, job: tuple) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="tessera-chat-writer", daemon=True
                )
                self._thread.start()
        self._queue.put(job)

    def drain(self) -> None:
        """Block until every queued write has run (its callback may still be pending)."""
        if self._delayed:
            self._release.stop()
            self.on_release_timeout()
        if self._thread is not None:
            self._queue.join()

    def busy(self) -> bool:
        return bool(self._delayed) or self._queue.unfinished_tasks > 0

    def shutdown(self) -> None:
        """Finish the queued writes and stop the thread."""
        self.drain()
        thread = self._thread
        if thread is None:
            return
        self._queue.put((_STOP, (None, None)))
        thread.join()
        self._thread = None

    def _run(self) -> None:
        while True:
            fn, callbacks = self._queue.get()
            try:
                if fn is _STOP:
                    return
                try:
                    result = fn()
                except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread
                    self._finished.emit(callbacks, None, exc)
                else:
                    self._finished.emit(callbacks, result, None)
            finally:
                self._queue.task_done()

    @Slot(object, object, object)
    def on_finished(self, callbacks: tuple, result: object, error: object) -> None:
        on_done, on_error = callbacks
        if error is None:
            if on_done is not None:
                on_done(result)
        elif on_error is not None:
            on_error(error)
