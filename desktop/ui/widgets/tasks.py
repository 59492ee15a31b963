"""The one way the UI runs blocking work: off the GUI thread, results back on the GUI thread.

`BackgroundTasks.run(fn, on_done, on_error)` calls `fn` on a worker thread; `on_done(result)`
or `on_error(exc)` then runs on the thread the object lives on (the GUI thread), delivered by
a queued signal. A failure nobody handles is logged, never dropped. Two kinds:

- parallel (default): each call gets a short-lived thread (Hub requests, file copies, a model
  load), so a slow call never holds up another;
- ordered (`ordered=True`): one worker thread runs the calls in submission order (the chat's
  store writes); `drain()` blocks until the queue is empty, so later reads see every write.

Whoever creates one owns it and calls `shutdown()` when closing; after that no callback runs.
An owner destroyed without `shutdown()` (a window dropped by Python without being closed) is
safe too: a worker still running then drops its result instead of signalling a deleted object.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]

_STOP = object()  # tells the ordered worker thread to end


class _Gate:
    """Whether results may still be signalled. Workers hold `lock` while they emit; closing
    takes it too, so the owner is never destroyed in the middle of an emit."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.closed = False

    def close(self) -> None:
        with self.lock:
            self.closed = True


class _Job:
    __slots__ = ("fn", "name", "token")

    def __init__(self, token: object, fn: Callable[[], Any], name: str) -> None:
        self.token = token
        self.fn = fn
        self.name = name


class BackgroundTasks(QObject):
    """Thread-safe: `run()` may be called from any thread; callbacks run on this object's thread."""

    finished = Signal(object, object)  # token, result (after on_done)
    failed = Signal(object, object)  # token, exception (after on_error)
    progress = Signal(object, object)  # token, value (see progress_callback)

    _result = Signal(object, object, object)  # token, result, error: worker -> owner thread

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        ordered: bool = False,
        name: str = "tessera-task",
    ) -> None:
        super().__init__(parent)
        self._ordered = ordered
        self._name = name
        self._lock = threading.Lock()
        self._callbacks: dict[object, tuple[OnDone | None, OnError | None]] = {}
        self._threads: set[threading.Thread] = set()
        self._running = 0  # calls started and not yet returned
        self._queue: queue.Queue[_Job | object] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._delayed: list[_Job] = []
        self._closed = False
        self._gate = _Gate()
        # A closure, not a method of self: it runs while the C++ object is being destroyed.
        gate = self._gate
        self.destroyed.connect(lambda *_args: gate.close())
        self._ids = itertools.count(1)
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.timeout.connect(self.on_release_timeout)
        self._result.connect(self.on_result)

    # ------------------------------------------------------------------ any thread

    def run(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        token: object | None = None,
        delay_ms: int = 0,
    ) -> object:
        """Start `fn` off this thread; returns a token naming the call in `finished`, `failed`
        and `progress`. `delay_ms` (ordered runners only, GUI thread only) holds the call back
        that long, e.g. until a finished reply is painted. After `shutdown()` nothing starts."""
        token = token if token is not None else next(self._ids)
        with self._lock:
            if self._closed:
                log.warning("%s: a task was submitted after shutdown and dropped", self._name)
                return token
            self._callbacks[token] = (on_done, on_error)
        job = _Job(token, fn, self._name)
        if delay_ms > 0 and self._ordered:
            self._delayed.append(job)
            if not self._release.isActive():
                self._release.start(delay_ms)
        elif self._ordered:
            self._enqueue(job)
        else:
            self._start_thread(job)
        return token

    def progress_callback(self, token: object) -> Callable[[Any], None]:
        """A callable for the worker that reports `progress(token, value)` on the GUI thread."""
        return lambda value: self._emit("progress", token, value)

    def busy(self) -> bool:
        """Whether a call is queued, held back or running."""
        with self._lock:
            return bool(self._delayed) or self._running > 0 or not self._queue.empty()

    # ------------------------------------------------------------------ workers

    def _start_thread(self, job: _Job) -> None:
        thread = threading.Thread(
            target=self._run_one, args=(job,), name=f"{self._name}-{job.token}", daemon=True
        )
        with self._lock:
            self._threads.add(thread)
            self._running += 1
        thread.start()

    def _run_one(self, job: _Job) -> None:
        try:
            self._call(job)
        finally:
            with self._lock:
                self._running -= 1
                self._threads.discard(threading.current_thread())

    def _enqueue(self, job: _Job) -> None:
        with self._lock:
            self._running += 1  # counted from submission: busy() is true until it has run
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._serve_queue, name=self._name, daemon=True
                )
                self._threads.add(self._worker)
                self._worker.start()
        self._queue.put(job)

    def _serve_queue(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is _STOP:
                    return
                assert isinstance(job, _Job)
                try:
                    self._call(job)
                finally:
                    with self._lock:
                        self._running -= 1
            finally:
                self._queue.task_done()

    def _call(self, job: _Job) -> None:
        try:
            result = job.fn()
        except Exception as exc:  # noqa: BLE001 - goes to on_error, or to the log (on_result)
            self._emit("_result", job.token, None, exc)
        else:
            self._emit("_result", job.token, result, None)

    def _emit(self, signal: str, *args: object) -> None:
        # The signal is looked up under the lock: on a destroyed owner even that would crash.
        with self._gate.lock:
            if self._gate.closed:
                log.debug("%s: result dropped after shutdown", self._name)
                return
            getattr(self, signal).emit(*args)

    # ------------------------------------------------------------------ owner thread

    @Slot()
    def on_release_timeout(self) -> None:
        jobs, self._delayed = self._delayed, []
        for job in jobs:
            self._enqueue(job)

    @Slot(object, object, object)
    def on_result(self, token: object, result: object, error: object) -> None:
        with self._lock:
            on_done, on_error = self._callbacks.pop(token, (None, None))
        if self._closed:
            if isinstance(error, BaseException):
                log.error("%s failed during shutdown", self._name, exc_info=error)
            return
        if error is None:
            if on_done is not None:
                on_done(result)
            self.finished.emit(token, result)
            return
        assert isinstance(error, BaseException)
        if on_error is not None:
            log.debug("%s failed (handled)", self._name, exc_info=error)
            on_error(error)
        else:
            log.error("%s failed and nobody handled it", self._name, exc_info=error)
        self.failed.emit(token, error)

    def drain(self) -> None:
        """Block until every call submitted so far has run (their callbacks come later, on the
        event loop). Held-back calls of an ordered runner are released first."""
        if self._delayed:
            self._release.stop()
            self.on_release_timeout()
        if self._ordered:
            if self._worker is not None:
                self._queue.join()
            return
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join()

    def shutdown(self, timeout: float | None = 10.0) -> None:
        """Stop accepting calls, let the submitted ones finish (up to `timeout` seconds per
        thread), end the worker threads; no callback runs afterwards. Idempotent."""
        with self._lock:
            if self._closed:
                return
        if self._ordered:
            self.drain()
            worker = self._worker
            if worker is not None:
                self._queue.put(_STOP)
                worker.join(timeout)
                self._worker = None
        with self._lock:
            self._closed = True
            threads = list(self._threads)
        self._gate.close()
        for thread in threads:
            thread.join(timeout)
        self._release.stop()
        with self._lock:
            self._callbacks.clear()
