"""EngineTurns: the app's window and its API server take turns on one engine.

The engine runs one reply at a time and cancels a running reply when another starts, so two
users of one engine would silently cut each other off. With turns, a reply takes the engine
for its owner ("app": the window's chat, completions, agents; "api": the API server) and
gives it back when it ends; the other owner is refused or waits (the server queues). An owner
that waits may `reserve` the next turn: then the holder's next reply does not start before it
(the window's chat is not starved by a stream of API requests). An owner may hold the engine
more than once: its own replies replace each other, as before. Thread-safe; listeners hear each change of holder on the thread that made
it, and must return quickly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec

log = logging.getLogger(__name__)

APP_OWNER = "app"
API_OWNER = "api"

BUSY_WITH_API = MessageSpec(
    "engine.busy_with_api",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The API server is answering a request with this model right now."
    ),
)
BUSY_WITH_API_HINT = MessageSpec(
    "engine.busy_with_api_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Try again when it is done (the Server page shows it), or stop the server.",
    ),
)
BUSY_WITH_APP = MessageSpec(
    "engine.busy_with_app",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The chat or an experiment run is generating with this model right now."
    ),
)
BUSY_WITH_APP_HINT = MessageSpec(
    "engine.busy_with_app_hint",
    QT_TRANSLATE_NOOP("CoreMessages", "API requests wait until it is done."),
)

Listener = Callable[[str | None], None]


class EngineTurns:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: str | None = None
        self._holds = 0
        self._reserved: str | None = None  # who goes next when the holder gives back
        self._listeners: list[Listener] = []

    @property
    def holder(self) -> str | None:
        """Who generates now (None: nobody)."""
        with self._lock:
            return self._holder

    @property
    def reserved(self) -> str | None:
        """Who has reserved the next turn (None: nobody)."""
        with self._lock:
            return self._reserved

    def free_for(self, owner: str) -> bool:
        with self._lock:
            return self._free_for(owner)

    def _free_for(self, owner: str) -> bool:
        if self._holder == owner:
            return True
        return self._holder is None and self._reserved in (None, owner)

    def take(self, owner: str) -> bool:
        """Hold the engine for `owner`; False when the other owner holds it or has reserved
        the next turn."""
        with self._lock:
            if not self._free_for(owner):
                return False
            if self._reserved == owner:
                self._reserved = None
            changed = self._holder is None
            self._holder = owner
            self._holds += 1
        if changed:
            self._notify(owner)
        return True

    def give_back(self, owner: str) -> None:
        """End one hold of `owner` (a hold it no longer has is ignored)."""
        with self._lock:
            if self._holder != owner:
                return
            self._holds -= 1
            if self._holds > 0:
                return
            self._holder = None
        self._notify(None)

    def reserve(self, owner: str) -> None:
        """`owner` goes next: once the holder gives back, only `owner` may take the engine."""
        with self._lock:
            self._reserved = owner

    def cancel_reservation(self, owner: str) -> None:
        """`owner` no longer waits (its reply was stopped): the others may go again."""
        with self._lock:
            if self._reserved != owner:
                return
            self._reserved = None
            holder = self._holder
        self._notify(holder)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Calls `listener(holder)` on every change from now on; returns the unsubscriber."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, holder: str | None) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(holder)
            except Exception:  # a listener's bug must not break a reply
                log.exception("engine turn listener failed")
