"""The JSON bodies of OpenAI's chat and text completions, whole and as stream chunks.

Strict clients read these with typed models, so every field OpenAI always sends is present
(`logprobs: null` when not asked, `usage` on every whole reply, `usage: null` on each chunk
when the client asked for a usage chunk at the end). Tessera adds one field, `timings`, in
llama-server's spelling, on whole replies and on the last chunk: queue wait, time to first
token, prompt and decode speed, what the Server page shows too.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from desktop import __version__
from desktop.core.engine.protocol import FinishReason, GenerationStats

_FINISH = {"stop": "stop", "length": "length", "context_full": "length"}


def finish_reason(reason: FinishReason, called_tools: bool = False) -> str:
    if called_tools:
        return "tool_calls"
    return _FINISH.get(reason, "stop")


def usage(stats: GenerationStats | None) -> dict[str, Any]:
    prompt = stats.prompt_tokens if stats else 0
    completion = stats.completion_tokens if stats else 0
    cached = max(0, prompt - stats.prompt_tokens_evaluated) if stats else 0
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached},
    }


def timings(
    stats: GenerationStats | None, queue_seconds: float | None, ttft_seconds: float | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "queue_ms": round((queue_seconds or 0.0) * 1000, 3),
        "ttft_ms": round((ttft_seconds or 0.0) * 1000, 3),
    }
    if stats is not None:
        out.update(
            prompt_n=stats.prompt_tokens_evaluated,
            cache_n=stats.prompt_tokens - stats.prompt_tokens_evaluated,
            prompt_ms=round(stats.prompt_eval_seconds * 1000, 3),
            prompt_per_second=round(stats.prompt_tok_s, 3),
            predicted_n=stats.completion_tokens,
            predicted_ms=round(stats.decode_seconds * 1000, 3),
            predicted_per_second=round(stats.decode_tok_s, 3),
        )
    return out


@dataclass(frozen=True)
class ReplyHeader:
    """What every body and chunk of one reply shares."""

    id: str
    created: int
    model: str
    fingerprint: str

    @classmethod
    def new(cls, chat: bool, model: str, backend_version: str = "") -> ReplyHeader:
        prefix = "chatcmpl-" if chat else "cmpl-"
        fingerprint = f"tessera-{__version__}"
        if backend_version:
            fingerprint += f" ({backend_version})"
        return cls(prefix + secrets.token_hex(12), int(time.time()), model, fingerprint)

    def envelope(self, kind: str) -> dict[str, Any]:
        """The fields every body and chunk of this reply starts with (`object`: `kind`)."""
        return {
            "id": self.id,
            "object": kind,
            "created": self.created,
            "model": self.model,
            "system_fingerprint": self.fingerprint,
        }


def chat_completion(
    head: ReplyHeader,
    content: str | None,
    reason: str,
    logprobs: dict[str, Any] | None,
    usage_body: dict[str, Any],
    timings_body: dict[str, Any],
    tool_calls: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
    if tool_calls:  # OpenAI's shape: the content is null when the reply is only calls
        message["tool_calls"] = tool_calls
    return {
        **head.envelope("chat.completion"),
        "choices": [
            {"index": 0, "message": message, "logprobs": logprobs, "finish_reason": reason}
        ],
        "usage": usage_body,
        "timings": timings_body,
    }


def chat_chunk(
    head: ReplyHeader,
    delta: dict[str, Any],
    *,
    logprobs: dict[str, Any] | None = None,
    reason: str | None = None,
    with_usage: bool = False,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        **head.envelope("chat.completion.chunk"),
        "choices": [{"index": 0, "delta": delta, "logprobs": logprobs, "finish_reason": reason}],
    }
    if with_usage:
        body["usage"] = None
    return body


def text_completion(
    head: ReplyHeader,
    text: str,
    reason: str,
    logprobs: dict[str, Any] | None,
    usage_body: dict[str, Any],
    timings_body: dict[str, Any],
) -> dict[str, Any]:
    return {
        **head.envelope("text_completion"),
        "choices": [{"index": 0, "text": text, "logprobs": logprobs, "finish_reason": reason}],
        "usage": usage_body,
        "timings": timings_body,
    }


def text_chunk(
    head: ReplyHeader,
    text: str,
    *,
    logprobs: dict[str, Any] | None = None,
    reason: str | None = None,
    with_usage: bool = False,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        **head.envelope("text_completion"),
        "choices": [{"index": 0, "text": text, "logprobs": logprobs, "finish_reason": reason}],
    }
    if with_usage:
        body["usage"] = None
    return body


def usage_chunk(head: ReplyHeader, chat: bool, usage_body: dict[str, Any]) -> dict[str, Any]:
    """The last chunk with `stream_options.include_usage`: no choices, the whole usage."""
    return {
        **head.envelope("chat.completion.chunk" if chat else "text_completion"),
        "choices": [],
        "usage": usage_body,
    }
