"""A token counter for the composer that asks a server: never blocks the GUI thread.

The composer calls its counter on the GUI thread shortly after typing stops and, while the
answer is None ("counting…"), again a little later. This one counts the newest text on a
worker thread (one request at a time) and answers from the last result.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from desktop.ui.widgets.tasks import BackgroundTasks


class AsyncTokenCounter(QObject):
    """`count(text)` runs off the GUI thread; calling the object returns a count or None."""

    def __init__(self, count: Callable[[str], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = count
        self._tasks = BackgroundTasks(self, name="tessera-remote-count")
        self._known: tuple[str, int] | None = None
        self._failed: tuple[str, BaseException] | None = None
        self._in_flight: str | None = None
        self._wanted: str | None = None

    def __call__(self, text: str) -> int | None:
        if self._known is not None and self._known[0] == text:
            return self._known[1]
        if self._failed is not None and self._failed[0] == text:
            raise self._failed[1]  # the composer shows why
        self._wanted = text
        if self._in_flight is None:
            self._start(text)
        return None

    def _start(self, text: str) -> None:
        self._in_flight = text
        count = self._count
        self._tasks.run(
            lambda: count(text),
            on_done=lambda n: self._finished(text, n, None),
            on_error=lambda exc: self._finished(text, None, exc),
        )

    def _finished(self, text: str, count: int | None, error: BaseException | None) -> None:
        self._in_flight = None
        if error is not None:
            self._failed = (text, error)
        elif count is not None:
            self._known = (text, int(count))
        if self._wanted is not None and self._wanted != text:
            self._start(self._wanted)

    def shutdown(self) -> None:
        self._tasks.shutdown(timeout=5.0)
