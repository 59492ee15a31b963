"""Tool calls and results in the conversation tree, without a schema change.

An assistant message that called tools keeps them in its `params` JSON under "tool_calls";
a tool message (role "tool") keeps "tool_call_id" and "name" there. `params` is already
saved, exported and imported with every message, so calls survive all three.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.core.engine.protocol import ChatMessage, ToolCall


def message_params(msg: ChatMessage, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out = dict(base or {})
    if msg.tool_calls:
        out["tool_calls"] = [
            {"id": c.id, "name": c.name, "arguments": c.arguments} for c in msg.tool_calls
        ]
    if msg.tool_call_id:
        out["tool_call_id"] = msg.tool_call_id
    if msg.name:
        out["name"] = msg.name
    return out


def chat_message(role: str, content: str, params: Mapping[str, Any] | None) -> ChatMessage:
    """The ChatMessage for a stored message (its tool fields read back from `params`)."""
    p = params or {}
    calls = tuple(
        ToolCall(str(c.get("id", "")), str(c.get("name", "")), str(c.get("arguments", "{}")))
        for c in p.get("tool_calls") or ()
        if isinstance(c, Mapping)
    )
    call_id = p.get("tool_call_id")
    name = p.get("name")
    return ChatMessage(
        role,
        content,
        calls,
        call_id if isinstance(call_id, str) else None,
        name if isinstance(name, str) else None,
    )
