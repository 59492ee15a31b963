"""AsyncRunner: a private asyncio loop on a daemon thread, owned by one remote backend.

Remote backends do their HTTP with httpx2's async client so that a cancelled reply closes its
connection at once (cancelling a task unwinds the `async with` around the stream) and many
replies can stream concurrently without a thread each. Callers stay synchronous: `run()`
blocks on a coroutine, `submit()` returns a concurrent Future.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class AsyncRunner:
    def __init__(self, name: str = "tessera-http") -> None:
        self.loop = asyncio.new_event_loop()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()
        # Let cancelled tasks run their cleanup (closing connections) before the loop goes.
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()

    @property
    def on_loop_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        if self._closed:
            coro.close()
            raise RuntimeError("this backend is closed")
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run `coro` on the loop and wait for its result (re-raises its exception)."""
        if self.on_loop_thread:
            coro.close()
            raise RuntimeError("a blocking backend call was made from its own event loop")
        future = self.submit(coro)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def call_soon(self, fn: Callable[[], Any]) -> None:
        if not self._closed:
            self.loop.call_soon_threadsafe(fn)

    def close(self, cleanup: Coroutine[Any, Any, Any] | None = None) -> None:
        """Run `cleanup` (e.g. closing the HTTP client), then stop the loop and its thread."""
        if self._closed:
            if cleanup is not None:
                cleanup.close()
            return
        if cleanup is not None and not self.on_loop_thread:
            with contextlib.suppress(Exception):  # closing: nothing left to report to
                self.run(cleanup, timeout=5.0)
        elif cleanup is not None:
            cleanup.close()
        self._closed = True
        self.loop.call_soon_threadsafe(self.loop.stop)
        if not self.on_loop_thread:
            self._thread.join(timeout=5.0)
