"""Reasoning models' `<think>...</think>` blocks: find them in a reply, count them, strip them.

DeepSeek-R1 distills, Qwen3 and others write their reasoning first, between `<think>` and
`</think>`, then the answer. Some templates open the block in the generation prompt, so the
reply holds only the closing tag. The chat shows the block collapsed with its token count;
earlier replies go back to the model the way its own template wants (most strip the block),
and for templates the model did not ship, Tessera strips it (`strip_thinking`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

OPEN = "<think>"
CLOSE = "</think>"


@dataclass(frozen=True)
class ThinkingSplit:
    """`thinking` is the reasoning text (None when the reply has none); `answer` the rest.
    `closed` is False while the model is still thinking (no `</think>` yet). `end` is where
    the thinking block, tags included, ends in the reply text."""

    thinking: str | None
    answer: str
    closed: bool
    end: int = 0


def split_thinking(text: str) -> ThinkingSplit:
    """Split a reply into its leading thinking block and its answer."""
    lead = len(text) - len(text.lstrip())
    starts_open = text.startswith(OPEN, lead)
    close = text.find(CLOSE)
    if starts_open:
        body_start = lead + len(OPEN)
        if close < 0:
            return ThinkingSplit(text[body_start:].strip(), "", False, len(text))
        end = close + len(CLOSE)
        return ThinkingSplit(text[body_start:close].strip(), text[end:].lstrip(), True, end)
    if close >= 0 and OPEN not in text[:close]:
        # The template opened the block in the prompt: the reply starts inside it.
        end = close + len(CLOSE)
        return ThinkingSplit(text[:close].strip(), text[end:].lstrip(), True, end)
    return ThinkingSplit(None, text, True, 0)


def strip_thinking(text: str) -> str:
    """The reply without its thinking block (the answer only)."""
    return split_thinking(text).answer


def thinking_token_count(token_texts: Sequence[str]) -> int:
    """How many of a reply's tokens (their texts, in order) belong to its thinking block,
    tags included; 0 when the reply has none."""
    text = "".join(token_texts)
    split = split_thinking(text)
    if split.thinking is None:
        return 0
    pos = 0
    for i, piece in enumerate(token_texts):
        pos += len(piece)
        if pos >= split.end:
            return i + 1
    return len(token_texts)


def without_thinking(messages: Iterable[Any], *, keep_last: bool = False) -> list[dict[str, Any]]:
    """`messages` as {"role", "content"} dicts, assistant replies without thinking blocks
    (`keep_last`: the last message is being continued, so it stays as written)."""
    out = []
    items = list(messages)
    for i, message in enumerate(items):
        if isinstance(message, dict):
            item = dict(message)
        else:
            item = {"role": message.role, "content": message.content}
        last = i == len(items) - 1
        if item.get("role") == "assistant" and not (keep_last and last):
            item["content"] = strip_thinking(str(item.get("content") or ""))
        out.append(item)
    return out
