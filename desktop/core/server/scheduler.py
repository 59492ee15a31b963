"""Scheduler: first come, first served admission to the backend, with a bounded queue.

The local engine decodes one reply at a time (a second `generate` would cancel the first),
so requests take `slots` = 1 and wait in arrival order; a remote server gets as many at once
as it has slots. When `max_queue` requests already wait, a new one is refused at once with
an estimate of when to retry (the recent mean time per request times the queue ahead),
rather than piling up behind work it would time out on. Lives on the server's event loop:
no locks, every method is called from that loop's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque


class QueueFull(Exception):
    def __init__(self, waiting: int, retry_after: float) -> None:
        super().__init__(f"{waiting} requests are waiting")
        self.waiting = waiting
        self.retry_after = retry_after


class Scheduler:
    def __init__(self, slots: int = 1, max_queue: int = 16) -> None:
        self.slots = max(1, slots)
        self.max_queue = max_queue
        self._busy = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._recent: deque[float] = deque(maxlen=20)  # seconds each recent request held a slot

    @property
    def running(self) -> int:
        return self._busy

    @property
    def waiting(self) -> int:
        return sum(1 for w in self._waiters if not w.done())

    def enqueue(self) -> asyncio.Future[None]:
        """A ticket that resolves when the request may run (at once when a slot is free).
        Raises QueueFull. Await it; `withdraw(ticket)` when the request gives up."""
        ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self._busy < self.slots and not self.waiting:
            self._busy += 1
            ticket.set_result(None)
            return ticket
        waiting = self.waiting
        if waiting >= self.max_queue:
            raise QueueFull(waiting, self.retry_after(waiting + 1))
        self._waiters.append(ticket)
        return ticket

    def withdraw(self, ticket: asyncio.Future[None]) -> None:
        """The request left before running: give back its slot, or its place in the queue."""
        if ticket.done() and not ticket.cancelled():
            self.release()
            return
        ticket.cancel()
        with contextlib.suppress(ValueError):  # already handed a slot and gone
            self._waiters.remove(ticket)

    def release(self, held_seconds: float | None = None) -> None:
        """A running request ended (its backend is free again); the next waiting one runs."""
        if held_seconds is not None:
            self._recent.append(held_seconds)
        while self._waiters:
            ticket = self._waiters.popleft()
            if not ticket.done():
                ticket.set_result(None)  # the slot passes straight on
                return
        self._busy = max(0, self._busy - 1)

    def retry_after(self, ahead: int) -> float:
        """Seconds until `ahead` queued requests have likely been served (at least 1)."""
        mean = sum(self._recent) / len(self._recent) if self._recent else 1.0
        return float(max(1, math.ceil(mean * ahead / self.slots)))
