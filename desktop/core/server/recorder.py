"""ConversationRecorder: saves each API request as a conversation tagged "API" (source "api").

So a request can be searched, reopened, branched and exported like any chat. A chat client
sends the whole history with every turn; when a request's history is a conversation saved
here plus new messages (the reply we gave, then the user's next message), the new turn is
added to that conversation instead of starting another, so one client conversation stays
one saved conversation (a changed earlier message branches it, as an edit in the window
does). Completions are saved as the prompt and its continuation. Tool calls and results are
saved the way the chat keeps them (desktop.core.tools.stored), so they reopen as cards.

Writes happen on the recorder's own thread, in arrival order, never on the server's loop.
`enabled` can change at any time (the "save API requests" setting).
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from desktop.core.engine.protocol import ChatMessage
from desktop.core.server.request_log import RequestLog, RequestRecord, RequestUpdated
from desktop.core.store.errors import StoreError
from desktop.core.tools.stored import message_params

log = logging.getLogger(__name__)

SOURCE = "api"
MAX_PATHS = 2000  # conversations a client may continue (the most recent ones)
MAX_PREFIX_CHECKS = 200
_SAVED_SETTINGS = ("temperature", "top_p", "top_k", "min_p", "seed", "stop")
_STOP = object()


def _key(system: str, messages: Sequence[ChatMessage]) -> str:
    # Tool calls by name only: a client may send their arguments back re-serialized.
    turns = [(m.role, m.content, [c.name for c in m.tool_calls]) for m in messages]
    data = json.dumps([system, turns], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class ConversationRecorder:
    def __init__(self, store: Any, request_log: RequestLog, *, enabled: bool = True) -> None:
        self.store = store
        self.log = request_log
        self.enabled = enabled
        self._paths: OrderedDict[str, tuple[int, int]] = OrderedDict()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._unsubscribe = request_log.subscribe(self._observe)
        self._thread = threading.Thread(target=self._run, name="tessera-api-recorder", daemon=True)
        self._thread.start()

    def _observe(self, event: Any) -> None:
        if not isinstance(event, RequestUpdated) or not self.enabled:
            return
        record = event.record
        if (
            record.endpoint in ("chat", "completion")
            and record.status in ("done", "cancelled")
            and record.conversation_id is None
        ):
            self._queue.put(record)

    def _run(self) -> None:
        while True:
            record = self._queue.get()
            if record is _STOP:
                return
            try:
                conversation_id = self.save(record)
            except Exception:  # a failed save must not stop later ones
                log.exception("saving API request %s as a conversation failed", record.id)
                continue
            self.log.update(record.id, conversation_id=conversation_id)

    def close(self) -> None:
        """Saves what is queued, then stops."""
        self._unsubscribe()
        self._queue.put(_STOP)
        self._thread.join(timeout=30)

    # ----------------------------------------------------------------- saving

    def save(self, record: RequestRecord) -> int:
        if record.endpoint == "chat" and record.messages:
            return self._save_chat(record, record.messages)
        prompt = record.body.get("prompt") if record.body else None
        text = prompt if isinstance(prompt, str) else record.prompt_text or ""
        conversation = self._create(record, "")
        self.store.messages.append_user(conversation.id, text)
        self._reply(record, conversation.id)
        return int(conversation.id)

    def _save_chat(self, record: RequestRecord, messages: Sequence[ChatMessage]) -> int:
        lead = 0
        while lead < len(messages) and messages[lead].role == "system":
            lead += 1
        system = "\n\n".join(m.content for m in messages[:lead])
        turns = list(messages[lead:])
        conversation_id, parent, start = self._continued(system, turns)
        if conversation_id is None:
            conversation_id = self._create(record, system).id
        for message in turns[start:]:
            kwargs: dict[str, Any] = {"params": message_params(message) or None}
            if parent is not None:
                kwargs["parent_id"] = parent
            saved = self.store.messages.append(
                conversation_id, message.role, message.content, **kwargs
            )
            parent = saved.id
        reply_id = self._reply(record, conversation_id, parent)
        turns.append(ChatMessage("assistant", record.reply_content, record.tool_calls))
        self._remember(_key(system, turns), conversation_id, reply_id)
        return int(conversation_id)

    def _continued(
        self, system: str, turns: list[ChatMessage]
    ) -> tuple[int | None, int | None, int]:
        """The saved conversation and message that `turns` continue (longest match first),
        and how many of `turns` they already hold."""
        checks = 0
        for end in range(len(turns) - 1, 0, -1):
            if turns[end - 1].role != "assistant":
                continue
            checks += 1
            if checks > MAX_PREFIX_CHECKS:
                break
            found = self._paths.get(_key(system, turns[:end]))
            if found is None:
                continue
            conversation_id, message_id = found
            try:
                self.store.messages.get(message_id)
            except StoreError:  # deleted in the window meanwhile: start afresh
                self._paths.pop(_key(system, turns[:end]), None)
                continue
            return conversation_id, message_id, end
        return None, None, 0

    def _remember(self, key: str, conversation_id: int, message_id: int) -> None:
        self._paths[key] = (conversation_id, message_id)
        self._paths.move_to_end(key)
        while len(self._paths) > MAX_PATHS:
            self._paths.popitem(last=False)

    def _create(self, record: RequestRecord, system: str) -> Any:
        settings = {k: v for k, v in record.parameters.items() if k in _SAVED_SETTINGS}
        if not settings.get("stop"):
            settings.pop("stop", None)
        if settings.get("seed") is None:
            settings.pop("seed", None)
        return self.store.conversations.create(
            model=record.model, system_prompt=system, sampling_params=settings, source=SOURCE
        )

    def _reply(self, record: RequestRecord, conversation_id: int, parent: int | None = None) -> int:
        from desktop.core.store.logprobs import from_engine_tokens

        kwargs: dict[str, Any] = {} if parent is None else {"parent_id": parent}
        reply = ChatMessage("assistant", record.reply_content, record.tool_calls)
        message = self.store.messages.start_assistant(
            conversation_id,
            model=record.model,
            params=message_params(reply, record.parameters),
            backend=record.backend,
            server_version=record.server_version,
            **kwargs,
        )
        logprobs = None
        # Probabilities belong to the text the tokens spell: not to content with calls cut out.
        if reply.content == record.text and any(t.logprob is not None for t in record.tokens):
            logprobs = from_engine_tokens(record.tokens, "raw")
        self.store.messages.finish(
            message.id,
            reply.content,
            status="complete" if record.status == "done" else "cancelled",
            finish_reason=record.finish_reason,
            stats=record.stats,
            logprobs=logprobs,
        )
        return int(message.id)
