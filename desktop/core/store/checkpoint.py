"""StreamCheckpointer: saves a reply under generation at most once per interval.

The interval is 0.25 s while the reply is under 50,000 characters (a write costs ~0.3 ms
there), then grows with the text up to 1 s at 200,000 characters, so the rewrite of the whole
text never passes ~200,000 characters a second (~600 KB/s of WAL at worst). A crash (kill -9,
power) therefore loses at most the last 0.25 s of a reply, 1 s of a very long one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from desktop.core.store.errors import StoreWriteError
from desktop.core.store.records import Message, MessageLogprobs

MIN_INTERVAL = 0.25
MAX_INTERVAL = 1.0
CHARS_PER_SECOND = 200_000  # the most text rewritten per second once replies get long


def interval_for(n_chars: int) -> float:
    """Seconds between checkpoints of a reply that is `n_chars` long."""
    return min(MAX_INTERVAL, max(MIN_INTERVAL, n_chars / CHARS_PER_SECOND))


class StreamCheckpointer:
    """Holds the growing text of one streaming reply and writes it to the store sparingly.

    The UI calls `feed()` on every token batch; a write happens only when `interval` seconds
    (default: `interval_for` the text's length) passed since the last one, so a crash loses at
    most that much text. A failed write (disk
    full, read-only folder) never raises from `feed()`: the text stays here, `error` holds the
    reason, `on_error` is called once per failure streak, and the next interval retries.
    `finish()` raises StoreWriteError if the final save fails; call it again to retry.
    """

    def __init__(
        self,
        messages: Any,  # MessageRepository (duck-typed so tests can count writes)
        message_id: int,
        *,
        initial_text: str = "",
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_error: Callable[[StoreWriteError], None] | None = None,
    ) -> None:
        self._messages = messages
        self.message_id = message_id
        self._parts: list[str] = [initial_text] if initial_text else []
        self._interval = interval
        self._length = len(initial_text)
        self._clock = clock
        self._on_error = on_error
        self._last_write = clock()
        self._dirty = False
        self.error: StoreWriteError | None = None
        self.writes = 0

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def feed(self, delta: str) -> bool:
        """Adds text; returns True when this call wrote a checkpoint."""
        if delta:
            self._parts.append(delta)
            self._length += len(delta)
            self._dirty = True
        interval = self._interval if self._interval is not None else interval_for(self._length)
        if self._dirty and self._clock() - self._last_write >= interval:
            return self.flush()
        return False

    def flush(self) -> bool:
        """Writes the text now (if changed). Returns whether it was saved."""
        if not self._dirty:
            return True
        self._last_write = self._clock()
        try:
            self._messages.checkpoint(self.message_id, self.text)
        except StoreWriteError as exc:
            first = self.error is None
            self.error = exc
            if first and self._on_error is not None:
                self._on_error(exc)
            return False
        self._dirty = False
        self.error = None
        self.writes += 1
        return True

    def finish(
        self,
        *,
        status: str = "complete",
        finish_reason: str | None = None,
        stats: Any = None,
        logprobs: MessageLogprobs | None = None,
        error: str | None = None,
        text: str | None = None,
    ) -> Message:
        """Saves the final text and status. `text` overrides the fed text (e.g. Done.text)."""
        if text is not None:
            self._parts = [text]
            self._length = len(text)
        result = self._messages.finish(
            self.message_id,
            self.text,
            status=status,
            finish_reason=finish_reason,
            stats=stats,
            logprobs=logprobs,
            error=error,
        )
        self._dirty = False
        self.error = None
        return result
