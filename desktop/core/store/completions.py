"""Completion sessions: a prompt (a "user" message) with its continuations as branches.

A conversation of kind "completion" keeps every prompt the user tried as a root message and
every continuation of it as an "assistant" child, so regenerating keeps the earlier ones as
siblings (the `< 2/3 >` switcher) and a new prompt text becomes a new root branch.
"""

from __future__ import annotations

from typing import Any

from desktop.core.store import errors as E
from desktop.core.store.errors import InvalidOperationError
from desktop.core.store.records import Message


def active_prompt(store: Any, conversation_id: int) -> Message | None:
    """The prompt on the session's active path (its first message), or None when empty."""
    path = store.messages.active_path(conversation_id)
    return path[0] if path else None


def continuation_parent(store: Any, conversation_id: int, prompt: str | None) -> Message:
    """The prompt message a new continuation hangs under: the active prompt when `prompt` is
    None or the same text, else `prompt` saved as a new prompt branch."""
    current = active_prompt(store, conversation_id)
    if prompt is None or (current is not None and current.content == prompt):
        if current is None:
            raise InvalidOperationError(E.NO_PROMPT_YET())
        return current
    return store.messages.append(conversation_id, "user", prompt, parent_id=None)
