"""The chat's store writes: guarded calls kept for retry, and replies' final saves on a thread.

Every message stays in memory until it is saved: a failed write leaves the text in the
transcript, tells the user, and can be retried. The final save of a reply goes to a writer
thread (an ordered `BackgroundTasks`) so completion causes no hitch; later store calls wait
for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject

from desktop.core.store.errors import StoreError
from desktop.ui.chat.chat_store import ChatStore
from desktop.ui.chat.transcript_model import MessageItem
from desktop.ui.i18n import error_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

T = TypeVar("T")

FINAL_SAVE_DELAY_MS = 120


class ReplySaves:
    """Writes one chat's messages to `store` (None: a window without a database)."""

    def __init__(
        self,
        parent: QObject,
        store: ChatStore | None,
        on_error: Callable[[str, str, str], None],  # kind, message, hint
        on_saved: Callable[[MessageItem], None],  # a reply's final save landed (or failed)
    ) -> None:
        self.store = store
        self._on_error = on_error
        self._on_saved = on_saved
        self._failed_writes: list[Callable[[ChatStore], object]] = []
        # Saving a finished reply (text, its search index entry, per-token probabilities) takes
        # 20-100 ms on a small CPU: on one ordered worker thread, not in the GUI's way.
        self._writer = BackgroundTasks(parent, ordered=True, name="tessera-chat-writer")
        self.closing = False  # the window closes: saves land now, and nobody is told

    def guard(self, fn: Callable[[ChatStore], T], retry: bool = True) -> T | None:
        """Run a store call; on failure keep the data, tell the user, remember it for retry.
        None without a store (a window without a database) or when the call failed."""
        if self.store is None:
            return None
        self._writer.drain()  # a reply's final save may still be on its way: keep the order
        try:
            return fn(self.store)
        except StoreError as exc:  # shown, and the text stays in the transcript
            log.warning("chat store call failed: %s", exc)
            if retry:
                self._failed_writes.append(fn)
            self._on_error("store", error_text(exc), _kept())
            return None

    def has_failed_writes(self) -> bool:
        return bool(self._failed_writes)

    def retry_failed_writes(self) -> bool:
        self._writer.drain()
        pending, self._failed_writes = self._failed_writes, []
        for fn in pending:
            if self.store is None:
                break
            try:
                fn(self.store)
            except StoreError as exc:
                log.warning("retried chat store write failed again: %s", exc)
                self._failed_writes.append(fn)
                self._on_error(
                    "store",
                    error_text(exc),
                    QCoreApplication.translate("ChatController", "Still failing; retry later."),
                )
        return not self._failed_writes

    def start_reply(
        self,
        item: MessageItem,
        conversation_id: int,
        parent_id: int | None,
        params: dict[str, Any],
        provenance: tuple[str | None, str | None],
    ) -> bool:
        """The empty reply `item` saved as a child of `parent_id` (its id and place among its
        siblings set on it); False when the store refused."""
        backend, server_version = provenance
        message_id = self.guard(
            lambda store: store.start_reply(
                conversation_id,
                parent_id,
                item.model,
                params,
                backend=backend,
                server_version=server_version,
            ),
            retry=False,
        )
        if message_id is None:
            return False
        item.message_id = message_id
        siblings = self.guard(lambda store: store.siblings(message_id), retry=False)
        if siblings:
            item.sibling_index, item.sibling_count = siblings
        return True

    def save_finished(self, item: MessageItem, finish_reason: Any, stats: Any) -> None:
        """The finished reply `item` saved, then `on_saved`: on the writer thread, or at once
        while the window closes."""
        if self.store is None or item.message_id is None:
            self._on_saved(item)
            return
        snapshot = replace(item, tokens=list(item.tokens))
        store = self.store

        def write(store: ChatStore = store) -> bool:
            return store.finish_reply(snapshot, finish_reason=finish_reason, stats=stats)

        if self.closing:
            self.guard(write)
            self._on_saved(item)
            return

        def saved(_result: object) -> None:
            if not self.closing:
                self._on_saved(item)

        def failed(exc: BaseException) -> None:
            log.warning("a reply's final save failed: %s", exc)
            self._failed_writes.append(write)
            if not self.closing:
                self._on_error("store", error_text(exc), _kept())
                self._on_saved(item)

        # The save starts once the finished reply is laid out and painted: the writer shares the
        # GIL with the GUI thread, so it is best not run while the reply is being laid out.
        self._writer.run(write, on_done=saved, on_error=failed, delay_ms=FINAL_SAVE_DELAY_MS)

    def drain(self) -> None:
        """Block until the queued final saves have landed."""
        self._writer.drain()

    def shutdown(self) -> None:
        """Every queued save lands; the writer thread ends."""
        self._writer.shutdown(timeout=None)


def _kept() -> str:
    # The chat controller asked this first: its context keeps the translation.
    return QCoreApplication.translate("ChatController", "Your text is kept; retry saving.")
