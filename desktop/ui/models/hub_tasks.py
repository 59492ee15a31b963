"""Runs blocking core calls (Hub requests, file copies) off the GUI thread; results come back
as queued signals, so callbacks run on the GUI thread."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


class BackgroundTasks(QObject):
    """Each `run()` gets a short-lived thread; `shutdown()` joins them (call it on close)."""

    _finished = Signal(object, object, object)  # token, result, error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._finished.connect(self.on_finished)
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()
        self._tokens = itertools.count(1)
        self._closed = False

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        token = next(self._tokens)
        self._callbacks[token] = (on_done, on_error)

        def work() -> None:
            try:
                result, error = fn(), None
            except BaseException as exc:  # delivered to on_error on the GUI thread
                result, error = None, exc
            try:
                if not self._closed:
                    self._finished.emit(token, result, error)
            finally:
                with self._lock:
                    self._threads.discard(threading.current_thread())

        thread = threading.Thread(target=work, name=f"ui-task-{token}", daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()
        return token

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._threads)

    @Slot(object, object, object)
    def on_finished(self, token: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._callbacks.pop(token, (None, None))
        if error is not None:
            if on_error is not None:
                on_error(error)
        elif on_done is not None:
            on_done(result)

    def shutdown(self, timeout: float = 10.0) -> None:
        self._closed = True
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)
        self._callbacks.clear()
