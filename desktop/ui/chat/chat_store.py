"""The store as the chat UI uses it: repository calls in, `MessageItem`s and plain values out."""

from __future__ import annotations

from typing import Any

from desktop.core.engine.protocol import Token, TopToken
from desktop.ui.chat.reply_format import restore_format, stats_for_store
from desktop.ui.chat.tool_messages import call_params, restore_tools, result_params
from desktop.ui.chat.transcript_model import MessageItem

LIST_LIMIT = 500


def item_from_message(message: Any) -> MessageItem:
    """A store `Message` record as a transcript row (probabilities are fetched on demand)."""
    item = MessageItem(
        message_id=message.id,
        role=message.role,
        text=message.content,
        status=message.status,
        model=message.model or "",
        completion_tokens=message.completion_tokens,
        prompt_tokens=message.prompt_tokens,
        ttft_seconds=message.ttft_seconds,
        tok_s=message.tokens_per_second,
        sibling_index=message.sibling_index,
        sibling_count=message.sibling_count,
        error=message.error or "",
        thinking_tokens=(message.stats or {}).get("thinking_tokens") or None,
    )
    restore_format(item, message)
    restore_tools(item, message)
    return item


def tokens_from_logprobs(logprobs: Any) -> list[Token]:
    return [
        Token(
            id=t.id,
            text=t.text,
            piece=b"",
            logprob=t.logprob,
            top=tuple(TopToken(a.id, a.text, a.logprob) for a in t.alternatives),
            forced=t.forced,
        )
        for t in logprobs.tokens
    ]


class ChatStore:
    """Wraps `desktop.core.store.Store` for the chat panel, the conversation list and presets."""

    def __init__(self, store: Any) -> None:
        self.store = store

    # ------------------------------------------------------------------ settings (JSON values)

    def get(self, key: str, default: Any = None) -> Any:
        return self.store.settings.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.store.settings.set(key, value)

    # ------------------------------------------------------------------ per-model load settings

    def model_load_settings(self, path: str) -> dict[str, Any]:
        record = self.store.models.by_path(path)
        return record.load_settings() if record is not None else {}

    def remember_load_settings(self, path: str, **settings: Any) -> None:
        self.store.models.remember_load_settings(path, **settings)

    # ------------------------------------------------------------------ conversation list

    def list_conversations(self) -> list[Any]:
        return self.store.conversations.list_recent(limit=LIST_LIMIT)

    def search(self, query: str) -> list[Any]:
        return self.store.search.messages(query, limit=100)

    def rename(self, conversation_id: int, title: str) -> None:
        self.store.conversations.rename(conversation_id, title)

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        self.store.conversations.set_pinned(conversation_id, pinned)

    def delete_conversation(self, conversation_id: int) -> None:
        self.store.conversations.delete(conversation_id)

    def conversation(self, conversation_id: int) -> Any:
        return self.store.conversations.get(conversation_id)

    # ------------------------------------------------------------------ messages

    def path_items(self, conversation_id: int) -> list[MessageItem]:
        return [item_from_message(m) for m in self.store.messages.active_path(conversation_id)]

    def create_conversation(self, **fields: Any) -> int:
        return self.store.conversations.create(**fields).id

    def add_user(self, conversation_id: int, parent_id: int | None, text: str) -> int:
        return self.store.messages.append_user(conversation_id, text, parent_id=parent_id).id

    def add_prompt(self, conversation_id: int, text: str) -> int:
        """A completion session's prompt: a new root, so each prompt tried is a branch."""
        return self.store.messages.append(conversation_id, "user", text, parent_id=None).id

    def start_reply(
        self,
        conversation_id: int,
        parent_id: int | None,
        model: str,
        params: dict[str, Any],
        *,
        backend: str | None = None,
        server_version: str | None = None,
    ) -> int:
        """A streaming reply; `backend` and `server_version` say where it is generated."""
        return self.store.messages.start_assistant(
            conversation_id,
            parent_id=parent_id,
            model=model or None,
            params=params,
            backend=backend,
            server_version=server_version,
        ).id

    def siblings(self, message_id: int) -> tuple[int, int]:
        sib = self.store.messages.siblings(message_id)
        return sib.index, sib.count

    def edit_user(self, message_id: int, text: str) -> int:
        return self.store.messages.edit_user(message_id, text).id

    def switch_branch(self, message_id: int, target_index: int) -> list[MessageItem]:
        """Make sibling number `target_index` of `message_id` active; the new whole path."""
        sib = self.store.messages.siblings(message_id)
        target = sib.ids[max(0, min(len(sib.ids) - 1, target_index))]
        return [item_from_message(m) for m in self.store.messages.switch_branch(target)]

    def delete_message(self, message_id: int) -> bool:
        self.store.messages.delete(message_id)
        return True

    def resume_reply(self, message_id: int) -> bool:
        self.store.messages.continue_reply(message_id)
        return True

    def checkpointer(self, message_id: int, initial_text: str = "", on_error=None) -> Any:
        from desktop.core.store.checkpoint import StreamCheckpointer

        return StreamCheckpointer(
            self.store.messages, message_id, initial_text=initial_text, on_error=on_error
        )

    def finish_reply(self, item: MessageItem, finish_reason: str | None, stats: Any) -> bool:
        from desktop.core.store.logprobs import from_engine_tokens

        logprobs = None
        if any(t.logprob is not None for t in item.tokens):
            logprobs = from_engine_tokens(item.tokens, item.logprob_source)
        final = ("complete", "cancelled", "error", "interrupted")
        status = item.status if item.status in final else "complete"
        self.store.messages.finish(
            item.message_id,
            item.text,
            status=status,
            finish_reason=finish_reason,
            stats=stats_for_store(stats, item.constraint),
            logprobs=logprobs,
            error=item.error or None,
        )
        if item.tool_calls:  # known only once the reply is parsed
            base = self.store.messages.get(item.message_id).params or {}
            self.store.messages.set_params(item.message_id, call_params(item, base))
        return True

    def add_tool_result(
        self, conversation_id: int, parent_id: int | None, item: MessageItem
    ) -> int:
        """A tool's result (role "tool") below the call that asked for it."""
        return self.store.messages.append(
            conversation_id, "tool", item.text, parent_id=parent_id, params=result_params(item)
        ).id

    def load_tokens(self, item: MessageItem) -> tuple[list[Token], str] | None:
        logprobs = self.store.messages.logprobs(item.message_id)
        if logprobs is None or not logprobs.tokens:
            return None
        return tokens_from_logprobs(logprobs), logprobs.source
