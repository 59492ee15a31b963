"""Tool calls and results as transcript rows, and back to the messages the model reads.

An assistant row that called tools keeps its `ToolCall`s (and the exact text the model
wrote, for the raw toggle); a tool row (role "tool") answers one call. Both are stored in the
message's `params` (desktop/core/tools/stored.py), so they survive saving, export and import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.core.engine.protocol import ChatMessage
from desktop.core.tools.stored import chat_message, message_params
from desktop.ui.chat.transcript_model import MessageItem

RAW_PARAM = "raw"  # the exact text of a reply that called tools
DETAIL_PARAM = "tool"  # a tool message: {"approval", "arguments", "is_error"}


def history_message(item: MessageItem) -> ChatMessage | None:
    """The message the model reads for a transcript row (None: the row is not sent)."""
    if item.role == "tool":
        return ChatMessage("tool", item.text, tool_call_id=item.tool_call_id, name=item.tool_name)
    if item.role == "assistant" and item.tool_calls:
        return ChatMessage("assistant", item.text, tuple(item.tool_calls))
    if item.role in ("user", "assistant") and (item.text or item.role == "user"):
        return ChatMessage(item.role, item.text)
    return None


def call_params(item: MessageItem, base: Mapping[str, Any]) -> dict[str, Any]:
    """The stored params of an assistant row: `base` plus its calls and raw text."""
    out = message_params(ChatMessage("assistant", item.text, tuple(item.tool_calls)), base)
    if item.tool_calls and item.raw_text:
        out[RAW_PARAM] = item.raw_text
    return out


def result_params(item: MessageItem) -> dict[str, Any]:
    """The stored params of a tool row."""
    msg = ChatMessage("tool", item.text, tool_call_id=item.tool_call_id, name=item.tool_name)
    return message_params(msg, {DETAIL_PARAM: dict(item.tool_detail)})


def restore_tools(item: MessageItem, message: Any) -> None:
    """Fill the item's tool fields from a stored message record."""
    params = message.params if isinstance(message.params, Mapping) else None
    if not params:
        return
    msg = chat_message(message.role, message.content, params)
    item.tool_calls = msg.tool_calls
    item.tool_call_id = msg.tool_call_id
    item.tool_name = msg.name or ""
    raw = params.get(RAW_PARAM)
    item.raw_text = raw if isinstance(raw, str) else ""
    detail = params.get(DETAIL_PARAM)
    item.tool_detail = dict(detail) if isinstance(detail, Mapping) else {}


def is_tool_row(item: MessageItem) -> bool:
    """Rows shown as tool cards: a tool result, or an assistant message that called tools."""
    return item.role == "tool" or (item.role == "assistant" and bool(item.tool_calls))
