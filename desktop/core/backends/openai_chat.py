"""OpenAI's chat stream, shared by every backend that speaks /v1/chat/completions.

OpenAI-compatible servers, and llama-server when tools are asked for, take chat messages with
their tool calls and results in OpenAI's shape (`openai_messages`) and stream chunks whose
text and logprobs become Tokens (`chat_tokens`), whose tool calls arrive as deltas to
reassemble (`ToolCallStream`), and whose last chunks carry the finish reason and usage
(`read_stream`). Token ids are -1 where the server does not give them; vLLM names tokens
"token_id:N" when asked (`token_id`).
"""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from desktop.core.backends.generation import Finish, ServerTimings, StreamGeneration
from desktop.core.backends.sse import sse_events
from desktop.core.engine.protocol import ChatMessage, FinishReason, Token, ToolCall, TopToken
from desktop.core.tools.tool_defs import new_call_id

TOKEN_ID_PREFIX = "token_id:"  # vLLM's return_tokens_as_token_ids
FINISH: dict[str, FinishReason] = {
    "stop": "stop",
    "length": "length",
    "eos": "stop",
    "tool_calls": "stop",
    "function_call": "stop",
}


def token_id(text: str) -> tuple[int, str | None]:
    """(id, None) from vLLM's "token_id:123"; (-1, text) otherwise."""
    if text.startswith(TOKEN_ID_PREFIX) and text[len(TOKEN_ID_PREFIX) :].lstrip("-").isdigit():
        return int(text[len(TOKEN_ID_PREFIX) :]), None
    return -1, text


def sorted_tops(pairs: list[tuple[str, float]]) -> tuple[TopToken, ...]:
    tops = []
    for text, lp in pairs:
        tid, shown = token_id(text)
        tops.append(TopToken(tid, shown if shown is not None else "", float(lp)))
    tops.sort(key=lambda t: t.logprob, reverse=True)
    return tuple(tops)


def make_token(
    text: str, raw: Any, shown: str, logprob: Any, tops: tuple[TopToken, ...] | None
) -> Token:
    tid, _ = token_id(text)
    piece = bytes(raw) if isinstance(raw, list) else shown.encode()
    return Token(tid, shown, piece, float(logprob) if logprob is not None else None, tops)


def spread(content: str, parts: list[str]) -> list[str]:
    """Each token's share of a chunk's text: their own texts when they add up to it, else
    everything on the last token."""
    if "".join(parts) == content:
        return parts
    return [""] * (len(parts) - 1) + [content]


def chat_tokens(choice: dict[str, Any]) -> list[Token]:
    """The Tokens of one streamed chat choice (its text delta, with logprobs when asked)."""
    content = str((choice.get("delta") or {}).get("content") or "")
    entries = [
        e for e in ((choice.get("logprobs") or {}).get("content") or ()) if isinstance(e, dict)
    ]
    if not entries:
        return [Token(-1, content, content.encode())] if content else []
    texts = spread(content, [str(e.get("token", "")) for e in entries])
    return [
        make_token(
            str(e.get("token", "")),
            e.get("bytes"),
            text,
            e.get("logprob"),
            sorted_tops(
                [
                    (str(a.get("token", "")), a.get("logprob", -math.inf))
                    for a in e.get("top_logprobs") or ()
                    if isinstance(a, dict)
                ]
            ),
        )  # fmt: skip
        for e, text in zip(entries, texts, strict=True)
    ]


def chunk_timings(chunk: dict[str, Any]) -> ServerTimings | None:
    """llama-server's own `timings`, else the OpenAI `usage` a last chunk carries."""
    if isinstance(chunk.get("timings"), dict):
        return ServerTimings.from_llama_server(chunk["timings"])
    usage = chunk.get("usage")
    if not isinstance(usage, dict):
        return None
    details = usage.get("prompt_tokens_details") or {}
    return ServerTimings(
        prompt_tokens=usage.get("prompt_tokens"),
        cached_tokens=details.get("cached_tokens") if isinstance(details, dict) else None,
        completion_tokens=usage.get("completion_tokens"),
    )


def openai_messages(
    messages: Sequence[ChatMessage], *, tool_names: bool = True
) -> list[dict[str, Any]]:
    """Chat messages as OpenAI's API takes them: an assistant's calls as `tool_calls`, a
    tool's result with the `tool_call_id` it answers (and the function's `name`, which
    templates of open models read; OpenAI itself does not take it: `tool_names=False`)."""
    out: list[dict[str, Any]] = []
    for m in messages:
        item: dict[str, Any] = {"role": m.role, "content": m.content}
        if m.tool_calls:
            item["tool_calls"] = [
                {"id": c.id, "type": "function",
                 "function": {"name": c.name, "arguments": c.arguments}}
                for c in m.tool_calls
            ]  # fmt: skip
        if m.role == "tool":
            if m.tool_call_id:
                item["tool_call_id"] = m.tool_call_id
            if m.name and tool_names:
                item["name"] = m.name
        out.append(item)
    return out


class ToolCallStream:
    """Tool calls put back together from streamed deltas.

    A call's first delta carries its `index`, `id` and function `name`; later ones carry the
    same index and a piece of the `arguments` text. A whole call in one delta (a reply that
    was not streamed, or a server that sends calls whole) works the same way. Some servers
    (Ollama's /v1) give index 0 to every call of a parallel batch: a new id at an index
    already seen starts a new call.
    """

    def __init__(self) -> None:
        self._calls: list[dict[str, Any]] = []
        self._slot_of: dict[int, int] = {}

    def feed(self, deltas: Any) -> None:
        if not isinstance(deltas, list):
            return
        for delta in deltas:
            if not isinstance(delta, dict):
                continue
            index = delta.get("index")
            index = index if isinstance(index, int) else len(self._calls)
            call_id = delta.get("id") if isinstance(delta.get("id"), str) else ""
            slot = self._slot_of.get(index)
            if slot is None or (call_id and self._calls[slot]["id"] not in ("", call_id)):
                slot = len(self._calls)
                self._calls.append({"id": "", "name": "", "arguments": []})
                self._slot_of[index] = slot
            entry = self._calls[slot]
            if call_id and not entry["id"]:
                entry["id"] = call_id
            function = delta.get("function")
            if not isinstance(function, dict):
                function = {}
            name = function.get("name")
            if isinstance(name, str) and name and not entry["name"]:
                entry["name"] = name
            arguments = function.get("arguments")
            if isinstance(arguments, str):
                entry["arguments"].append(arguments)
            elif isinstance(arguments, dict):  # Ollama sends the object itself
                entry["arguments"].append(json.dumps(arguments, ensure_ascii=False))

    def calls(self) -> tuple[ToolCall, ...]:
        return tuple(
            ToolCall(c["id"] or new_call_id(), c["name"], "".join(c["arguments"]) or "{}")
            for c in self._calls
            if c["name"]
        )


async def read_stream(
    gen: StreamGeneration,
    lines: AsyncIterator[str],
    tokens_of: Callable[[dict[str, Any]], list[Token]] = chat_tokens,
) -> Finish:
    """Emits each chunk's tokens; the Finish says why it ended, with the server's timings
    and the tool calls it made (none for a reply that was cut)."""
    finish: FinishReason | None = None
    timings: ServerTimings | None = None
    calls = ToolCallStream()
    async for chunk in sse_events(lines):
        if not isinstance(chunk, dict):
            continue
        timings = chunk_timings(chunk) or timings
        for choice in chunk.get("choices") or ():
            if not isinstance(choice, dict):
                continue
            delta = choice.get("delta")
            if isinstance(delta, dict):
                calls.feed(delta.get("tool_calls"))
            gen.emit(tokens_of(choice))
            if choice.get("finish_reason"):
                finish = FINISH.get(str(choice["finish_reason"]), "stop")
    if finish is None:
        return Finish("interrupted", timings)
    return Finish(finish, timings, calls.calls())
