"""Stop strings that never leak into the output, even when split across tokens.

Tokens whose text might be the start of a stop string are held back (only as many characters as
the longest possible stop-string prefix at the end of the text), and released once the text can
no longer match. On a match, the text before the stop string is released and the rest dropped.
Work per token is bounded by the stop strings' length, not by the length of the reply.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class StopFilter(Generic[T]):
    """Feed (item, text) pairs in order; get back the pairs that are safe to show."""

    __slots__ = ("_stops", "_max", "_held", "_tail", "stopped", "matched")

    def __init__(self, stops: tuple[str, ...] | list[str]) -> None:
        self._stops = tuple(s for s in stops if s)
        self._max = max((len(s) for s in self._stops), default=0)
        self._held: deque[list[Any]] = deque()  # [item, text] not yet released
        self._tail = ""  # concatenated text of the held items
        self.stopped = False
        self.matched: str | None = None

    @property
    def active(self) -> bool:
        return bool(self._stops)

    def push(self, item: T, text: str) -> list[tuple[T, str]]:
        if not self._stops:
            return [(item, text)]
        if self.stopped:
            return []
        search_from = max(0, len(self._tail) - self._max + 1)
        self._held.append([item, text])
        self._tail += text
        if not text:
            return []
        hit = -1
        for stop in self._stops:
            i = self._tail.find(stop, search_from)
            if i >= 0 and (hit < 0 or i < hit):
                hit, self.matched = i, stop
        if hit >= 0:
            self.stopped = True
            return self._release_upto(hit, truncate=True)
        return self._release_upto(len(self._tail) - self._held_suffix(), truncate=False)

    def finish(self) -> list[tuple[T, str]]:
        """Release everything still held (the reply ended without a match)."""
        out = [(item, text) for item, text in self._held]
        self._held.clear()
        self._tail = ""
        return out

    def _held_suffix(self) -> int:
        tail = self._tail
        for k in range(min(len(tail), self._max - 1), 0, -1):
            end = tail[-k:]
            if any(stop.startswith(end) for stop in self._stops):
                return k
        return 0

    def _release_upto(self, cut: int, *, truncate: bool) -> list[tuple[T, str]]:
        """Release held items whose text ends at or before `cut` (tail coordinates).

        With `truncate` (a stop string starts at `cut`), the item straddling `cut` is released
        with its text cut short and everything after it is dropped.
        """
        out: list[tuple[T, str]] = []
        pos = 0
        while self._held:
            item, text = self._held[0]
            end = pos + len(text)
            if end <= cut:
                out.append((item, text))
                self._held.popleft()
                pos = end
                continue
            if truncate:
                if pos < cut:
                    out.append((item, text[: cut - pos]))
                self._held.clear()
                self._tail = ""
                return out
            break
        self._tail = self._tail[pos:]
        return out
