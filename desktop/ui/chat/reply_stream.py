"""The reply streaming now: launched on the engine or a server, its tokens shown, its end saved."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Slot

from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import Done, EngineErrorEvent, GenerateRequest, Token
from desktop.ui.chat.controller_surface import ControllerSurface
from desktop.ui.chat.reply_format import finished_format
from desktop.ui.chat.transcript_model import MessageItem
from desktop.ui.i18n import error_parts, error_text, message_text

log = logging.getLogger(__name__)


@dataclass
class Running:
    """The reply the engine (or a server) generates now."""

    request_id: int
    item: MessageItem
    generation: Any
    prefix: str = ""  # text the reply already had (continue)
    saved: bool = True  # the message exists in the store


class ReplyStream(QObject):
    """Runs the controller's one plain reply (agent turns run in agent_turn.py) from launch to
    its saved end. Its texts keep the context "ChatController", where they were first asked."""

    def __init__(self, controller: ControllerSurface, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._c = controller
        self.running: Running | None = None
        self._checkpointer: Any = None
        bridge = controller.bridge
        bridge.tokens_arrived.connect(self.on_tokens_arrived)
        bridge.generation_finished.connect(self.on_generation_finished)
        bridge.generation_failed.connect(self.on_generation_failed)

    def launch(
        self,
        request: GenerateRequest,
        item: MessageItem,
        prefix: str = "",
        *,
        retrieved: bool = False,
    ) -> bool:
        c = self._c
        if not retrieved and c.knowledge is not None and c.knowledge.intercepts(request):
            return c.retrieval.start(c.knowledge, request, item, prefix)
        try:
            if c.target is not None:
                generation = c.target.generate(request, c.bridge.deliver)
            else:
                generation = c.engine.client.generate(request, on_event=c.bridge.deliver)
        except EngineError as exc:
            if exc.kind == "busy" and c.turn_wait.wait(request, item, prefix):
                return True
            # the engine refused: show it, keep everything
            log.warning("the engine refused a request: %s", exc)
            self.finish_item(item, "error", item.text, error=error_text(exc))
            c.error_occurred.emit(exc.kind, *error_parts(exc))
            return False
        self.running = Running(request.request_id, item, generation, prefix=prefix)
        self._checkpointer = None
        if c.store is not None and item.message_id is not None:
            self._checkpointer = c.store.checkpointer(
                item.message_id, initial_text=prefix, on_error=self._on_checkpoint_error
            )
        c.busy_changed.emit(True)
        return True

    @Slot(int, object)
    def on_tokens_arrived(self, request_id: int, tokens: list[Token]) -> None:
        c = self._c
        running = self.running
        if running is None or running.request_id != request_id:
            return
        row = c.model.row_of_item(running.item)
        if row < 0:
            return
        c.model.append_tokens(row, tokens)
        if self._checkpointer is not None:
            self._checkpointer.feed("".join(t.text for t in tokens))

    def _on_checkpoint_error(self, error: Exception) -> None:
        # The whole reply is still in memory; the final save retries (and can be retried).
        c = self._c
        log.warning("streaming checkpoint failed: %s", error)
        c.notice.emit(
            QCoreApplication.translate(
                "ChatController", "Could not save the reply as it streams: %1"
            ).replace("%1", error_text(error))
        )

    def finish_reply(
        self, item: MessageItem, status: str, text: str, done: Done, **extra: Any
    ) -> str:
        """A reply's end on screen and saved: its text, stats and why it ended early (a
        server's stream cut mid-reply, kept with the text; returned, "" when it did not)."""
        stats = done.stats
        why = message_text(done.error) if done.error is not None else ""
        self.finish_item(
            item,
            status,
            text,
            finish_reason=done.finish_reason,
            completion_tokens=stats.completion_tokens,
            prompt_tokens=stats.prompt_tokens,
            ttft_seconds=stats.ttft_seconds,
            tok_s=stats.decode_tok_s,
            thinking_tokens=stats.thinking_tokens or None,
            stats=stats,
            error=why,
            **extra,
        )
        return why

    @Slot(object)
    def on_generation_finished(self, done: Done) -> None:
        c = self._c
        running = self.running
        if running is None or running.request_id != done.request_id:
            return
        self.running = None
        status = {"cancelled": "cancelled", "interrupted": "interrupted"}.get(
            done.finish_reason, "complete"
        )
        text = done.text
        if running.prefix and not text.startswith(running.prefix):
            text = running.prefix + text
        why = self.finish_reply(
            running.item, status, text, done, **finished_format(running.item, text, done)
        )
        c.busy_changed.emit(False)
        if why:
            c.error_occurred.emit(done.finish_reason, why, "")
        elif c.target is not None and status == "complete":
            c.target.mark_used()
        if done.finish_reason == "context_full":
            c.error_occurred.emit(
                "context_full",
                QCoreApplication.translate(
                    "ChatController", "The reply stopped because the context is full."
                ),
                QCoreApplication.translate(
                    "ChatController",
                    "Start a new chat, raise the context size, or change the overflow policy.",
                ),
            )

    @Slot(object)
    def on_generation_failed(self, error: EngineErrorEvent) -> None:
        c = self._c
        running = self.running
        if running is None or (
            error.request_id is not None and error.request_id != running.request_id
        ):
            if error.kind == "worker_died":
                c.engine.note_worker_died()
            return
        self.running = None
        self.finish_item(
            running.item,
            "error",
            running.item.text,
            error=message_text(error.message),
            finish_reason="error",
        )
        if error.kind == "worker_died":
            c.engine.note_worker_died()
        c.busy_changed.emit(False)
        hint = message_text(error.hint) if error.hint is not None else ""
        c.error_occurred.emit(error.kind, message_text(error.message), hint)

    def finish_item(self, item: MessageItem, status: str, text: str, **extra: Any) -> None:
        """The reply `item` ends with `status` and `text`: on screen now, saved in the store."""
        c = self._c
        row = c.model.row_of_item(item)
        stats = extra.pop("stats", None)
        finish_reason = extra.pop("finish_reason", None)
        if row >= 0:
            c.model.update(row, status=status, text=text, **extra)
        else:
            for name, value in extra.items():
                setattr(item, name, value)
            item.status, item.text = status, text
        c.saves.save_finished(item, finish_reason, stats)
