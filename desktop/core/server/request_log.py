"""RequestLog: every request the API server received, live, for the Server page and the store.

The server writes to it from its own thread; readers either take `records()` (snapshots) or
`subscribe()` an observer that receives each change as it happens: `RequestUpdated` when a
request arrives, starts, ends or is saved (carrying a frozen snapshot of the whole record),
and `RequestTokens` for each batch of reply tokens with their logprobs. Observers run on the
server's thread and must return quickly (the Server page re-emits them as Qt signals; the
conversation recorder queues them for its own thread).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from desktop.core.engine.protocol import ChatMessage, GenerationStats, Token, ToolCall
from desktop.core.messages import Message

log = logging.getLogger(__name__)

# received: being read and checked; queued: waiting for the engine; rejected: refused before
# generating (bad request, key...); failed: the backend failed; cancelled: the client went
# away (or the server stopped).
RequestStatus = Literal["received", "queued", "running", "done", "cancelled", "failed", "rejected"]
FINAL_STATUSES = ("done", "cancelled", "failed", "rejected")


@dataclass(frozen=True)
class RequestTimings:
    """Seconds. `ttft` counts from arrival (queue and prompt included), as the client sees
    it; `cancel` from the client's disconnect until the engine was free again."""

    queue: float | None = None
    ttft: float | None = None
    total: float | None = None
    decode_tok_s: float | None = None
    cancel: float | None = None


@dataclass(frozen=True)
class RequestRecord:
    id: int
    client: str  # "host:port" of the caller
    method: str
    path: str  # "/v1/chat/completions"...
    received_at: float  # epoch seconds
    body: Mapping[str, Any] | None = None  # the JSON as the client sent it
    endpoint: str | None = None  # "chat" / "completion" for generations
    model: str | None = None  # the backend's model id used
    backend: str | None = None
    server_version: str | None = None
    stream: bool = False
    parameters: Mapping[str, Any] = field(default_factory=dict)  # sampling as applied
    ignored: tuple[str, ...] = ()  # fields that had no effect
    messages: tuple[ChatMessage, ...] | None = None  # a chat's messages, as read
    status: RequestStatus = "received"
    http_status: int | None = None
    prompt_text: str | None = None  # the rendered prompt the model read
    prompt_ids: tuple[int, ...] | None = None
    prompt_note: Message | None = None  # why the prompt cannot be shown (remote servers)
    tokens: tuple[Token, ...] = ()  # the reply, with logprobs when asked or logged
    text: str = ""  # the reply as generated (tool calls in the model's own syntax)
    content: str | None = None  # with tools: the text without its calls (None: `text`)
    tool_calls: tuple[ToolCall, ...] = ()
    format_problems: tuple[Message, ...] = ()  # how the reply breaks its response_format
    waiting_on: str | None = None  # the other user of a shared engine it waits for ("app")
    finish_reason: str | None = None
    error: Message | None = None
    timings: RequestTimings = field(default_factory=RequestTimings)
    stats: GenerationStats | None = None
    conversation_id: int | None = None  # where it was saved

    @property
    def finished(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def reply_content(self) -> str:
        """What the client got as the message's content."""
        return self.content if self.content is not None else self.text


@dataclass(frozen=True)
class RequestUpdated:
    record: RequestRecord


@dataclass(frozen=True)
class RequestTokens:
    request_id: int
    tokens: tuple[Token, ...]


LogEvent = RequestUpdated | RequestTokens
Observer = Callable[[LogEvent], None]


class RequestLog:
    """Keeps the last `size` requests. Thread-safe."""

    def __init__(self, size: int = 200) -> None:
        self._size = size
        self._records: OrderedDict[int, RequestRecord] = OrderedDict()
        self._tokens: dict[int, list[Token]] = {}  # replies still streaming
        self._observers: list[Observer] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- readers

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Calls `observer(event)` for every change from now on; returns the unsubscriber."""
        with self._lock:
            self._observers.append(observer)

        def unsubscribe() -> None:
            with self._lock:
                if observer in self._observers:
                    self._observers.remove(observer)

        return unsubscribe

    def records(self) -> list[RequestRecord]:
        """Oldest first; a streaming reply's tokens so far included."""
        with self._lock:
            return [self._current(r) for r in self._records.values()]

    def get(self, request_id: int) -> RequestRecord | None:
        with self._lock:
            record = self._records.get(request_id)
            return self._current(record) if record is not None else None

    def _current(self, record: RequestRecord) -> RequestRecord:
        streaming = self._tokens.get(record.id)
        if streaming is None:
            return record
        return dataclasses.replace(record, tokens=tuple(streaming))

    # ----------------------------------------------------------------- the server's side

    def add(self, client: str, method: str, path: str, **fields: Any) -> RequestRecord:
        record = RequestRecord(
            next(self._ids), client, method, path, received_at=time.time(), **fields
        )
        with self._lock:
            self._records[record.id] = record
            while len(self._records) > self._size:
                old, _ = self._records.popitem(last=False)
                self._tokens.pop(old, None)
        self._notify(RequestUpdated(record))
        return record

    def update(self, request_id: int, **changes: Any) -> RequestRecord | None:
        with self._lock:
            record = self._records.get(request_id)
            if record is None:
                return None  # dropped from the log meanwhile
            record = dataclasses.replace(record, **changes)
            if record.status == "running" and request_id not in self._tokens:
                self._tokens[request_id] = []
            if record.finished:
                streamed = self._tokens.pop(request_id, None)
                if streamed is not None and "tokens" not in changes:
                    record = dataclasses.replace(record, tokens=tuple(streamed))
            self._records[request_id] = record
        self._notify(RequestUpdated(record))
        return record

    def add_tokens(self, request_id: int, tokens: Sequence[Token]) -> None:
        if not tokens:
            return
        with self._lock:
            streaming = self._tokens.get(request_id)
            if streaming is None:
                return
            streaming.extend(tokens)
        self._notify(RequestTokens(request_id, tuple(tokens)))

    def _notify(self, event: LogEvent) -> None:
        with self._lock:
            observers = list(self._observers)
        for observer in observers:
            try:
                observer(event)
            except Exception:  # an observer's bug must not fail the request
                log.exception("request log observer failed")
