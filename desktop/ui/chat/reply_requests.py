"""The engine request for a chat reply, a continuation or a completion, local or for a server."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from desktop.core.engine.protocol import ChatMessage, GenerateRequest
from desktop.core.tools.request import RequestOptions, prepare_request
from desktop.ui.chat.generation_options import GenerationOptions
from desktop.ui.chat.tool_messages import history_message
from desktop.ui.chat.transcript_model import MessageItem

_request_ids = itertools.count(1)


def history(opts: GenerationOptions, items: Sequence[MessageItem]) -> tuple[ChatMessage, ...]:
    """The system prompt, then the messages of `items` the model is shown."""
    messages = []
    if opts.system_prompt.strip():
        messages.append(ChatMessage("system", opts.system_prompt))
    for item in items:
        message = history_message(item)
        if message is not None:
            messages.append(message)
    return tuple(messages)


def reply_request(
    opts: GenerationOptions,
    messages: tuple[ChatMessage, ...],
    forced: tuple[int, ...],
    *,
    remote: bool,
) -> GenerateRequest:
    """A new assistant reply to `messages`, starting with the `forced` token ids."""
    fields: dict[str, Any] = {
        "forced_tokens": forced,
        "logprob_source": opts.logprob_source,
        "overflow": opts.overflow,
    }
    # A server enforces the format itself (response_format, json_schema, grammar); the local
    # engine runs the format's grammar (and ignores the server-side fields).
    return prepare_request(
        next(_request_ids), messages, opts.params, None,
        RequestOptions(output_format=opts.output_format),
        top_logprobs=opts.top_logprobs, for_server=remote, **fields,
    ).request  # fmt: skip


def continue_chat_request(
    opts: GenerationOptions, messages: tuple[ChatMessage, ...], prefix: str
) -> GenerateRequest:
    """The model goes on writing the reply `prefix` that follows `messages`."""
    return GenerateRequest(
        request_id=next(_request_ids),
        params=opts.params,
        messages=messages + (ChatMessage("assistant", prefix),),
        continue_last=True,
        add_generation_prompt=False,
        top_logprobs=opts.top_logprobs,
        logprob_source=opts.logprob_source,  # type: ignore[arg-type]
        overflow=opts.overflow,  # type: ignore[arg-type]
    )


def continue_completion_request(opts: GenerationOptions, text: str) -> GenerateRequest:
    """The model goes on writing a completion's prompt and continuation, `text`."""
    return GenerateRequest(
        request_id=next(_request_ids),
        params=opts.params,
        text=text,
        top_logprobs=opts.top_logprobs,
        logprob_source=opts.logprob_source,  # type: ignore[arg-type]
    )


def completion_request(
    opts: GenerationOptions, prompt: str, forced: tuple[int, ...]
) -> GenerateRequest:
    """A new continuation of `prompt`, starting with the `forced` token ids."""
    return GenerateRequest(
        request_id=next(_request_ids),
        params=opts.params,
        text=prompt,
        forced_tokens=forced,
        top_logprobs=opts.top_logprobs,
        logprob_source=opts.logprob_source,  # type: ignore[arg-type]
        grammar=opts.output_format.grammar_spec(),
    )
