"""StreamGeneration: one reply streaming from a server, shaped like the engine's Generation.

A backend starts it with a producer coroutine that reads the server's stream, calls `emit()`
with Tokens and returns a `Finish`. This class owns everything every server shares: stop
strings held back client-side (so no server leaks one, even split across tokens), timing
(TTFT and decode speed as the user sees them over HTTP, beside the server's own `timings`),
cancellation (cancelling the task closes the connection), and what a cut stream becomes: a
Done with finish_reason "interrupted", the text so far, and a Message saying why.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx2

from desktop.core.backends.base import Event, EventCallback
from desktop.core.backends.errors import INTERRUPTED, STREAM_ENDED, BackendError, from_transport
from desktop.core.backends.loop import AsyncRunner
from desktop.core.backends.sse import StreamFailed
from desktop.core.engine import errors as ENGINE_E
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import (
    Done,
    EngineErrorEvent,
    FinishReason,
    GenerateRequest,
    GenerationStats,
    Token,
    TokenBatch,
    ToolCall,
)
from desktop.core.engine.stops import StopFilter
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, plain

READ_FAILED = MessageSpec(
    "backends.read_failed", QT_TRANSLATE_NOOP("CoreMessages", "Reading the reply failed: {error}")
)

log = logging.getLogger(__name__)

SERVER_STOPPED = MessageSpec(
    "backends.server_stopped",
    QT_TRANSLATE_NOOP("CoreMessages", "The server stopped the reply with an error: {reason}"),
)


@dataclass(frozen=True)
class ServerTimings:
    """What the server itself measured, when it says (llama-server `timings`, Ollama's
    durations, OpenAI-style `usage`)."""

    prompt_tokens: int | None = None
    cached_tokens: int | None = None
    prompt_seconds: float | None = None
    completion_tokens: int | None = None
    decode_seconds: float | None = None

    @classmethod
    def from_llama_server(cls, t: Any) -> ServerTimings | None:
        """From llama-server's `timings` object (on /completion and /v1 replies alike)."""
        if not isinstance(t, dict):
            return None
        cached = int(t.get("cache_n") or 0)
        return cls(
            prompt_tokens=int(t.get("prompt_n") or 0) + cached,
            cached_tokens=cached,
            prompt_seconds=float(t.get("prompt_ms") or 0.0) / 1000,
            completion_tokens=int(t.get("predicted_n") or 0),
            decode_seconds=float(t.get("predicted_ms") or 0.0) / 1000,
        )

    @property
    def decode_tok_s(self) -> float | None:
        if self.completion_tokens and self.decode_seconds:
            return self.completion_tokens / self.decode_seconds
        return None

    @property
    def prompt_tok_s(self) -> float | None:
        if self.prompt_tokens and self.prompt_seconds:
            evaluated = self.prompt_tokens - (self.cached_tokens or 0)
            return evaluated / self.prompt_seconds if evaluated > 0 else None
        return None


@dataclass(frozen=True)
class Finish:
    reason: FinishReason
    timings: ServerTimings | None = None
    tool_calls: tuple[ToolCall, ...] = ()  # the calls the server parsed (see Done.tool_calls)


class _StopMatched(Exception):
    """A stop string matched client-side: the stream is closed early."""


Producer = Callable[["StreamGeneration"], Awaitable[Finish]]


class StreamGeneration:
    """Implements `GenerationHandle`. Events reach `on_event` on the backend's loop thread."""

    def __init__(
        self, request: GenerateRequest, on_event: EventCallback | None, runner: AsyncRunner
    ) -> None:
        self.request = request
        self.request_id = request.request_id
        self._on_event = on_event
        self._runner = runner
        self._queue: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self._finished = threading.Event()
        self._lock = threading.RLock()  # a cancel may end the reply from another thread
        self._consumed_end = False
        self._texts: list[str] = []
        self._stops: StopFilter[Token] = StopFilter(request.params.stop)
        self._future: concurrent.futures.Future[None] | None = None
        self._exception: EngineError | None = None
        self._t0 = time.perf_counter()
        self._first: float | None = None
        self._last: float | None = None
        self._responded = False
        self.done: Done | None = None
        self.error: EngineErrorEvent | None = None
        self.tokens: list[Token] = []
        self.server_timings: ServerTimings | None = None

    # ----------------------------------------------------------------- consumer side

    @property
    def text(self) -> str:
        return self.done.text if self.done is not None else "".join(self._texts)

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def cancel(self) -> None:
        """Closes the connection; the Done that follows says "cancelled" and keeps the text."""
        future = self._future
        if future is not None and not self._finished.is_set():
            future.cancel()

    def __iter__(self) -> Iterator[Event]:
        while not self._consumed_end:
            event = self._queue.get()
            if isinstance(event, (Done, EngineErrorEvent)):
                self._consumed_end = True
            yield event

    def wait(self, timeout: float | None = None) -> Done:
        if not self._finished.wait(timeout):
            raise EngineError("internal", ENGINE_E.REPLY_TIMEOUT())
        if self._exception is not None:
            raise self._exception
        assert self.done is not None
        return self.done

    # ----------------------------------------------------------------- producer side

    def start(self, produce: Producer) -> StreamGeneration:
        future = self._runner.submit(self._run(produce))
        self._future = future
        # A cancel before the task ran never enters _run: finish from the callback then.
        future.add_done_callback(self._on_future_done)
        return self

    def responded(self) -> None:
        """The server accepted the request (2xx): from now on a failure is an interruption."""
        self._responded = True

    def emit(self, tokens: Sequence[Token]) -> None:
        if not tokens:
            return
        now = time.perf_counter()
        if self._first is None:
            self._first = now
        self._last = now
        released: list[Token] = []
        for token in tokens:
            for tok, text in self._stops.push(token, token.text):
                released.append(tok if text == tok.text else _with_text(tok, text))
            if self._stops.stopped:
                break
        self._deliver(released)
        if self._stops.stopped:
            raise _StopMatched

    def _deliver(self, tokens: list[Token]) -> None:
        if not tokens:
            return
        with self._lock:
            if self._finished.is_set():
                return  # cancelled meanwhile: nothing arrives after the Done
            self.tokens.extend(tokens)
            self._texts.extend(t.text for t in tokens)
            self._publish(TokenBatch(self.request_id, tuple(tokens)))

    def _publish(self, event: Event) -> None:
        if isinstance(event, Done):
            self.done = event
        elif isinstance(event, EngineErrorEvent):
            self.error = event
        self._queue.put(event)
        terminal = not isinstance(event, TokenBatch)
        if terminal:
            self._finished.set()
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:
                log.exception("on_event callback failed")

    async def _run(self, produce: Producer) -> None:
        try:
            finish = await produce(self)
        except _StopMatched:
            finish = Finish("stop", self.server_timings)
        except asyncio.CancelledError:
            self._end(Finish("cancelled", self.server_timings))
            return
        except BackendError as exc:
            self._failed(exc)
            return
        except httpx2.TransportError as exc:
            self._failed(from_transport(exc, "server", timeout=0.0), cut=True)
            return
        except StreamFailed as exc:
            self._failed(
                BackendError(
                    "server_error", SERVER_STOPPED(reason=plain(str(exc), "backends.server_text"))
                )
            )
            return
        except Exception as exc:  # noqa: BLE001 - a parsing bug must still end the reply
            log.exception("reading the server's stream failed")
            self._failed(EngineError("internal", READ_FAILED(error=str(exc))))
            return
        if finish.reason != "stop" or not self._stops.stopped:
            self._deliver([tok for tok, _text in self._stops.finish()])
        self._end(finish, error=STREAM_ENDED() if finish.reason == "interrupted" else None)

    def _on_future_done(self, future: concurrent.futures.Future[None]) -> None:
        if future.cancelled() and not self._finished.is_set():
            self._end(Finish("cancelled"))

    def _failed(self, exc: EngineError, *, cut: bool = False) -> None:
        if self._responded or cut:
            # The reply had started: keep what came and say why it stopped.
            self._deliver([tok for tok, _text in self._stops.finish()])
            message: Message = INTERRUPTED()
            if isinstance(exc, BackendError) and exc.kind == "server_error":
                message = exc.user_message
            self._end(Finish("interrupted", self.server_timings), error=message)
            return
        with self._lock:
            if self._finished.is_set():
                return
            self._exception = exc
            self._publish(exc.to_event(self.request_id))

    def _end(self, finish: Finish, error: Message | None = None) -> None:
        with self._lock:
            if self._finished.is_set():
                return
            if finish.timings is not None:
                self.server_timings = finish.timings
            self._publish(
                Done(
                    self.request_id,
                    finish.reason,
                    self._stats(),
                    "".join(self._texts),
                    error=error,
                    tool_calls=finish.tool_calls,
                )
            )

    def _stats(self) -> GenerationStats:
        end = time.perf_counter()
        timings = self.server_timings or ServerTimings()
        # Without logprobs a chunk may hold several tokens: the server's count wins.
        n = timings.completion_tokens or sum(1 for t in self.tokens if not t.forced)
        ttft = (self._first - self._t0) if self._first is not None else 0.0
        decode = (self._last - self._first) if self._first and self._last else 0.0
        prompt = timings.prompt_tokens or 0
        evaluated = prompt - (timings.cached_tokens or 0) if prompt else 0
        prompt_seconds = timings.prompt_seconds if timings.prompt_seconds is not None else ttft
        return GenerationStats(
            prompt_tokens=prompt,
            prompt_tokens_evaluated=max(0, evaluated),
            prompt_eval_seconds=prompt_seconds,
            ttft_seconds=ttft,
            completion_tokens=n,
            decode_seconds=decode,
            decode_tok_s=(n - 1) / decode if n > 1 and decode > 0 else 0.0,
            prompt_tok_s=evaluated / prompt_seconds if evaluated and prompt_seconds else 0.0,
            total_seconds=end - self._t0,
        )


def _with_text(token: Token, text: str) -> Token:
    return Token(token.id, text, token.piece, token.logprob, token.top, token.forced)
