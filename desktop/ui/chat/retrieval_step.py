"""A reply's knowledge search before it starts: the reply waits for the retrieved chunks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.core.engine.protocol import GenerateRequest
from desktop.ui.chat.transcript_model import MessageItem


class RetrievalStep:
    """Holds the one reply whose knowledge search runs (off the GUI thread, in `knowledge`)."""

    def __init__(
        self,
        launch: Callable[[GenerateRequest, MessageItem, str], bool],  # the reply, retrieved
        busy: Callable[[bool], None],
    ) -> None:
        self._launch = launch
        self._busy = busy
        self.item: MessageItem | None = None  # the reply waiting for its search

    def start(
        self, knowledge: Any, request: GenerateRequest, item: MessageItem, prefix: str
    ) -> bool:
        """The attached knowledge bases are searched first; the reply starts with the
        retrieved chunks in its user message."""
        self.item = item
        self._busy(True)

        def ready(prepared: GenerateRequest) -> None:
            if self.item is not item:
                return  # stopped, or the window closed, while searching
            self.item = None
            if not self._launch(prepared, item, prefix):
                self._busy(False)

        knowledge.prepare(request, item, ready)
        return True

    def take(self) -> MessageItem | None:
        """Stop waiting for the search: the reply that waited, if any (its result is dropped)."""
        item, self.item = self.item, None
        return item
