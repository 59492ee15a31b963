"""A reply waiting for its turn on the engine while the API server answers a request on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from desktop.core.engine.protocol import GenerateRequest
from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.chat.transcript_model import MessageItem

Waiting = tuple[GenerateRequest, MessageItem, str]  # request, reply, text it already had


class TurnWait:
    """Holds the one reply that starts when the shared engine comes free (`on_turn`)."""

    def __init__(
        self,
        engine: EngineSession,
        on_turn: Callable[[], None],
        notice: Callable[[str], None],
        busy: Callable[[bool], None],
    ) -> None:
        self._engine = engine
        self._on_turn = on_turn
        self._notice = notice
        self._busy = busy
        self.waiting: Waiting | None = None

    def wait(self, request: GenerateRequest, item: MessageItem, prefix: str) -> bool:
        """The Server page's API answers a request on the shared engine: this reply starts
        when that one is done (before any request still queued), instead of failing."""
        if not self._engine.wait_for_turn(self._on_turn):
            return False
        first = self.waiting is None
        self.waiting = (request, item, prefix)
        if first:
            self._notice(
                QCoreApplication.translate(
                    "ChatController",
                    "The API server is answering a request: the reply starts when it is done.",
                )
            )
            self._busy(True)
        return True

    def take(self) -> Waiting | None:
        """The engine is free: the reply that waited, if any."""
        waiting, self.waiting = self.waiting, None
        return waiting

    def cancel(self) -> MessageItem | None:
        """Stop waiting; the reply that waited, if any."""
        waiting, self.waiting = self.waiting, None
        if waiting is None:
            return None
        self._engine.cancel_wait()
        return waiting[1]
