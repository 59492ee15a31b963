"""GenerationResponse: answers one generation request over ASGI, whole or as SSE, and notices
the client leaving.

While the request waits, renders or streams, a watcher reads the connection: a disconnect
cancels the job at once (it leaves the queue, or the engine stops decoding), instead of being
noticed only when the next chunk fails to send. A streamed reply sends its headers with the
first event, so anything that fails before the first token (queue full, a crash, a bad
prompt) still gets its proper status code; a failure after that arrives as an SSE `error`
event, which OpenAI's clients raise.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from desktop.core.engine.protocol import Done, EngineErrorEvent, Token, TokenBatch
from desktop.core.messages import plain
from desktop.core.server import shapes
from desktop.core.server.errors import INTERNAL, APIError
from desktop.core.server.job import ClientGone, GenerationJob
from desktop.core.server.logprobs import chat_logprobs, completion_logprobs
from desktop.core.server.structured import openai_tool_calls, tool_call_deltas
from desktop.core.server.tool_stream import ToolCallHoldback

log = logging.getLogger(__name__)

Scope = Mapping[str, Any]
SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]


def dumps(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def send_json(
    send: Any, status: int, body: Any, headers: Mapping[str, str] | None = None
) -> None:
    data = dumps(body)
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(data)).encode()),
    ]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data, "more_body": False})


class GenerationResponse:
    def __init__(self, job: GenerationJob) -> None:
        self.job = job
        self.call = job.call
        self._complete = False  # the last byte is on its way: a disconnect now is normal

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        watcher = asyncio.ensure_future(self._watch(receive))
        started = False

        async def tracked(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._respond(tracked)
        except ClientGone:
            pass
        except Exception as exc:  # a bug here must still end the reply and free the engine
            log.exception("answering a generation request failed")
            error = APIError(500, INTERNAL(reason=plain(str(exc))), code="internal_error")
            self.job.record_end("failed", error)
            if not started:
                self._complete = True
                with contextlib.suppress(OSError):
                    await send_json(send, error.status, error.body())
        finally:
            watcher.cancel()
            await self.job.settle()
            self.job.service.forget(self.job)

    async def _watch(self, receive: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                if not self._complete:
                    self.job.client_gone()
                return

    async def _respond(self, send: Any) -> None:
        job = self.job
        try:
            await job.begin()
            first = await job.next_event()
            error = job.api_error()
            if error is not None and not job.tokens:
                raise error
        except APIError as exc:
            job.record_end("rejected" if not job.started_at else "failed", exc)
            self._complete = True
            await send_json(send, exc.status, exc.body(), exc.headers())
            return
        head = shapes.ReplyHeader.new(
            self.call.endpoint == "chat", job.served.id, await job.service.provenance()
        )
        if self.call.stream:
            await self._stream(send, head, first)
        else:
            await self._whole(send, head, first)

    # ----------------------------------------------------------------- whole reply

    async def _whole(self, send: Any, head: shapes.ReplyHeader, event: Any) -> None:
        job = self.job
        while not isinstance(event, (Done, EngineErrorEvent)):
            event = await job.next_event()
        if job.gone_at is not None:
            job.record_end("cancelled")
            return
        error = job.api_error()
        if error is not None:
            job.record_end("failed", error)
            self._complete = True
            await send_json(send, error.status, error.body(), error.headers())
            return
        done = job.done
        assert done is not None
        body = self._final_body(head, done, job.tokens)
        job.record_end(job.outcome())
        self._complete = True
        await send_json(send, 200, body)

    def _logprobs(self, tokens: list[Token] | tuple[Token, ...], offset: int = 0) -> Any:
        call = self.call
        if not call.logprobs:
            return None
        if call.endpoint == "chat":
            return chat_logprobs(tokens, call.top_logprobs, self.job.lookup)
        return completion_logprobs(tokens, call.top_logprobs, self.job.lookup, offset)

    def _prompt_length(self) -> int:
        """Where legacy `text_offset` starts: after the prompt's characters."""
        prompt = self.job.prompt
        text = self.call.prompt_text if self.call.prompt_text is not None else None
        if text is None and prompt is not None:
            text = prompt.text
        return len(text or "")

    def _final_body(self, head: shapes.ReplyHeader, done: Done, tokens: list[Token]) -> Any:
        job = self.job
        usage = shapes.usage(done.stats)
        timings = shapes.timings(done.stats, job.queue_seconds, job.ttft_seconds)
        if self.call.endpoint == "chat":
            content: str | None = done.text
            calls: list[dict[str, Any]] = []
            reply = job.reply()
            if reply is not None:
                calls = openai_tool_calls(reply.tool_calls)
                content = reply.content or (None if calls else "")
            reason = shapes.finish_reason(done.finish_reason, bool(calls))
            return shapes.chat_completion(
                head, content, reason, self._logprobs(tokens), usage, timings, calls
            )
        reason = shapes.finish_reason(done.finish_reason)
        logprobs = self._logprobs(tokens, self._prompt_length())
        return shapes.text_completion(head, done.text, reason, logprobs, usage, timings)

    # ----------------------------------------------------------------- streaming

    async def _stream(self, send: Any, head: shapes.ReplyHeader, event: Any) -> None:
        job = self.job
        chat = self.call.endpoint == "chat"
        usage_wanted = self.call.include_usage
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
        if chat:
            delta = {"role": "assistant", "content": ""}
            await self._event(send, shapes.chat_chunk(head, delta, with_usage=usage_wanted))
        holdback = self._holdback()
        offset = self._prompt_length()
        while True:
            if isinstance(event, TokenBatch):
                text = "".join(t.text for t in event.tokens)
                logprobs = self._logprobs(event.tokens, offset)
                offset += len(text)
                if holdback is not None:
                    text = holdback.feed(text)
                if text or logprobs is not None:
                    if chat:
                        chunk = shapes.chat_chunk(
                            head, {"content": text}, logprobs=logprobs, with_usage=usage_wanted
                        )
                    else:
                        chunk = shapes.text_chunk(
                            head, text, logprobs=logprobs, with_usage=usage_wanted
                        )
                    await self._event(send, chunk)
            else:
                break
            event = await job.next_event()
        if job.gone_at is not None:
            job.record_end("cancelled")
            return
        error = job.api_error()
        if error is not None:
            job.record_end("failed", error)
            self._complete = True
            await self._event(send, error.body(), last=True)
            return
        done = job.done
        assert done is not None
        called = False
        if holdback is not None:
            reply = job.reply()
            rest = holdback.rest(reply, done.text)
            deltas = [{"content": rest}] if rest else []
            deltas += tool_call_deltas(reply.tool_calls if reply is not None else ())
            for delta in deltas:
                await self._event(send, shapes.chat_chunk(head, delta, with_usage=usage_wanted))
            called = bool(reply is not None and reply.tool_calls)
        reason = shapes.finish_reason(done.finish_reason, called)
        if chat:
            final = shapes.chat_chunk(head, {}, reason=reason, with_usage=usage_wanted)
        else:
            final = shapes.text_chunk(head, "", reason=reason, with_usage=usage_wanted)
        final["timings"] = shapes.timings(done.stats, job.queue_seconds, job.ttft_seconds)
        job.record_end(job.outcome())
        await self._event(send, final)
        if usage_wanted:
            await self._event(send, shapes.usage_chunk(head, chat, shapes.usage(done.stats)))
        self._complete = True
        await self._raw(send, b"data: [DONE]\n\n", last=True)

    def _holdback(self) -> ToolCallHoldback | None:
        """With tools a chat reply may call: its text is held from where a call may begin."""
        prepared = self.job.prepared
        plan = prepared.plan if prepared is not None else None
        if plan is None or not plan.parse_calls:
            return None
        forced = prepared is not None and prepared.options.tool_choice.mode != "auto"
        return ToolCallHoldback(plan.family, hold_all=forced)

    async def _event(self, send: Any, body: Any, last: bool = False) -> None:
        await self._raw(send, b"data: " + dumps(body) + b"\n\n", last=last)

    async def _raw(self, send: Any, data: bytes, last: bool = False) -> None:
        with contextlib.suppress(OSError):  # the client left: the watcher cancels the job
            await send({"type": "http.response.body", "body": data, "more_body": True})
            if last:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
