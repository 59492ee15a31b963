"""GenerationJob: one generation request from arrival to the engine being free again.

    await job.begin()          # render the prompt, wait its turn, (re)load, start generating
    event = await job.next_event()   # TokenBatch..., then Done or EngineErrorEvent
    job.client_gone()          # the HTTP client disconnected: stop at once
    await job.settle()         # always: cancel if still running, wait for the end, free the slot

The slot is held until the backend reports the end of the reply (a cancelled reply still
owes its Done), so the next request never meets a busy engine. Every step is written to the
request log. Events cross from the backend's thread to the server's loop through
`call_soon_threadsafe`: no thread per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from typing import TYPE_CHECKING, Any

from desktop.core.backends.errors import INTERRUPTED
from desktop.core.engine.errors import EngineError
from desktop.core.engine.options import params_to_dict
from desktop.core.engine.protocol import (
    Done,
    EngineErrorEvent,
    GenerateRequest,
    Token,
    TokenBatch,
)
from desktop.core.engine.turns import API_OWNER
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError
from desktop.core.server.errors import QUEUE_FULL, SHUTTING_DOWN, APIError, from_engine_error
from desktop.core.server.logprobs import Lookup
from desktop.core.server.parameters import GenerationCall
from desktop.core.server.prompt import RenderedPrompt
from desktop.core.server.request_log import RequestStatus, RequestTimings
from desktop.core.server.scheduler import QueueFull
from desktop.core.server.structured import option_param
from desktop.core.server.token_bytes import _text_bytes
from desktop.core.tools.request import (
    PreparedRequest,
    ReplyOutcome,
    interpret_reply,
    prepare_request,
)

if TYPE_CHECKING:
    from desktop.core.server.catalog import ServedModel

log = logging.getLogger(__name__)

OPTION_REFUSED = MessageSpec(
    "server.option_refused",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "{param} cannot be used with the backend {backend}: {reason}"
    ),
)

Event = TokenBatch | Done | EngineErrorEvent
SETTLE_TIMEOUT = 30.0  # a backend that never ends a cancelled reply must not hold the slot
RESTART_KINDS = ("worker_died", "not_loaded")


class ClientGone(Exception):
    """The client disconnected before its reply began."""


class _Bridge:
    """The backend's `on_event` callback: hands each event to the server's loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[Event]) -> None:
        self._loop = loop
        self._queue = queue

    def __call__(self, event: Event) -> None:
        # A closed loop: the server stopped and nobody is listening.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._queue.put_nowait, event)


def build_request(
    call: GenerationCall,
    prompt: RenderedPrompt | None,
    request_id: int,
    top_logprobs: int,
    prepared: PreparedRequest | None = None,
) -> GenerateRequest:
    """The GenerateRequest for `call`: token ids when the prompt was rendered here; with an
    output format or tools, the prepared request's grammar (and its planned messages and
    tool list when the backend renders the prompt)."""
    if prepared is not None:
        request = dataclasses.replace(
            prepared.request, request_id=request_id, top_logprobs=top_logprobs
        )
        if prompt is not None and prompt.send_ids and prompt.ids:
            return dataclasses.replace(request, messages=None, tools=None, token_ids=prompt.ids)
        return request
    common: dict[str, Any] = {
        "request_id": request_id,
        "params": call.params,
        "top_logprobs": top_logprobs,
    }
    if prompt is not None and prompt.send_ids and prompt.ids:
        return GenerateRequest(token_ids=prompt.ids, **common)
    if call.endpoint == "chat":
        return GenerateRequest(messages=call.messages, **common)
    if call.prompt_ids is not None:
        return GenerateRequest(token_ids=call.prompt_ids, **common)
    return GenerateRequest(text=call.prompt_text or "", **common)


class GenerationJob:
    def __init__(
        # service: the APIService that runs this job (not imported: it imports this module)
        self,
        service: Any,
        call: GenerationCall,
        record_id: int,
        served: ServedModel,
    ) -> None:
        self.service = service
        self.call = call
        self.record_id = record_id
        self.served = served
        self.arrived = time.perf_counter()
        self.prompt: RenderedPrompt | None = None
        self.prepared: PreparedRequest | None = None  # with an output format or tools
        self._outcome: ReplyOutcome | None = None
        self._wake: asyncio.Event | None = None  # set when the engine may be free, or gone
        self._stopping = False
        self._waited = False
        self.lookup: Lookup = _text_bytes
        self.tokens: list[Token] = []
        self.done: Done | None = None
        self.error: EngineErrorEvent | None = None
        self.gone_at: float | None = None
        self.started_at: float | None = None
        self.first_token_at: float | None = None
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._ticket: asyncio.Future[None] | None = None
        self._holding = False
        self._handle: Any = None
        self._finished = False
        self._recorded = False
        self._top = 0  # alternatives asked of the backend per token

    # ----------------------------------------------------------------- state

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def queue_seconds(self) -> float | None:
        return None if self.started_at is None else self.started_at - self.arrived

    @property
    def ttft_seconds(self) -> float | None:
        return None if self.first_token_at is None else self.first_token_at - self.arrived

    # ----------------------------------------------------------------- steps

    async def begin(self) -> None:
        """Raises APIError (refused or failed before any token) or ClientGone.

        The request takes its place in the queue on arrival (so the order is the arrival
        order) and its prompt is rendered while it waits."""
        svc = self.service
        caps = await asyncio.to_thread(svc.backend.capabilities)
        svc.check_logprobs(self.call, caps)
        self._top = svc.engine_top_logprobs(self.call, caps)
        self.prepared = self._prepare()
        self._check_gone()
        try:
            self._ticket = ticket = svc.scheduler.enqueue()
        except QueueFull as exc:
            raise APIError(
                429,
                QUEUE_FULL(waiting=exc.waiting, seconds=int(exc.retry_after)),
                code="queue_full",
                retry_after=exc.retry_after,
            ) from None
        if not ticket.done():
            svc.log.update(self.record_id, status="queued")
        try:
            self.prompt = await self._render(may_wait=True)
            self._check_gone()
            await ticket
        except asyncio.CancelledError:
            if self._ticket is None:  # withdrawn: the client left, or the server stops
                raise self._left() from None
            self._withdraw()
            raise
        except BaseException:
            self._withdraw()
            raise
        if self._ticket is None:  # admitted, but withdrawn before we resumed
            raise self._left()
        self._ticket = None
        self._holding = True
        self.started_at = time.perf_counter()
        try:
            await self._start()
        except BaseException:
            self._release()
            raise

    def _prepare(self) -> PreparedRequest | None:
        """The output format's or the tools' grammar, and the tools planned for the model's
        chat template (which family writes calls how, what the template renders)."""
        call = self.call
        if call.options is None or call.endpoint != "chat" or call.messages is None:
            return None
        # A server behind us gets the formats and tools as its own fields and parses its calls.
        remote = self.service.backend.kind != "local"
        template = None if remote else self.served.info.chat_template
        try:
            return prepare_request(
                0, call.messages, call.params, template, call.options, for_server=remote
            )
        except UserError as exc:  # a schema the grammar converter cannot take
            raise APIError(400, exc.user_message, param=option_param(call.options)) from None

    async def _render(self, may_wait: bool) -> RenderedPrompt | None:
        svc = self.service
        call = self.call
        model = self.served.backend_id
        try:
            if call.endpoint == "chat":
                messages, tools = call.messages, None
                if self.prepared is not None:
                    messages, tools = self.prepared.request.messages, self.prepared.request.tools
                assert messages is not None
                return await asyncio.to_thread(svc.renderer.chat, messages, model, tools)
            return await asyncio.to_thread(
                svc.renderer.completion, call.prompt_text, call.prompt_ids, model
            )
        except EngineError as exc:
            if may_wait and exc.kind in RESTART_KINDS and svc.reload is not None:
                return None  # the engine is down: render once it is back, in our turn
            raise from_engine_error(exc, svc.backend.name) from None

    async def _start(self) -> None:
        svc = self.service
        await svc.ensure_ready()
        if self.prompt is None:
            self.prompt = await self._render(may_wait=False)
        top = self._top
        if top and self.call.logprobs:
            self.lookup = await asyncio.to_thread(svc.token_bytes.lookup)
        backend_version = await svc.provenance()
        await self._engine_turn()
        self._check_gone()
        prompt = self.prompt
        svc.log.update(
            self.record_id,
            status="running",
            server_version=backend_version,
            prompt_text=prompt.text if prompt else None,
            prompt_ids=prompt.ids if prompt else None,
            prompt_note=prompt.note if prompt else None,
            timings=RequestTimings(queue=self.queue_seconds),
        )
        request = build_request(self.call, prompt, svc.next_request_id(), top, self.prepared)
        bridge = _Bridge(asyncio.get_running_loop(), self._queue)
        restarted = False
        while True:
            await self._engine_turn()
            self._check_gone()
            try:
                self._handle = await asyncio.to_thread(
                    svc.backend.generate, request, bridge, model=self.served.backend_id
                )
                break
            except EngineError as exc:
                if exc.kind == "busy":  # the window took the engine first: wait again
                    continue
                # An engine that died while idle is found only now: load it and try again.
                if not restarted and exc.kind in RESTART_KINDS and svc.reload is not None:
                    restarted = True
                    svc.engine_stopped()
                    await svc.ensure_ready()
                    continue
                raise self._refused(exc) from None
        if self._waited:
            svc.log.update(self.record_id, waiting_on=None)
        if self.gone_at is not None:
            self._handle.cancel()

    async def _engine_turn(self) -> None:
        """Wait while the window generates on a shared engine (desktop.core.engine.turns)."""
        turns = self.service.turns
        if turns is None:
            return
        loop = asyncio.get_running_loop()
        while not turns.free_for(API_OWNER) and self.gone_at is None and not self._stopping:
            wake = self._wake = asyncio.Event()

            def changed(_holder: str | None, wake: asyncio.Event = wake) -> None:
                with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits
                    loop.call_soon_threadsafe(wake.set)

            unsubscribe = turns.subscribe(changed)
            try:
                if turns.free_for(API_OWNER):
                    break
                self._waited = True
                # Nobody holds it but the window has reserved the next turn: it waits for that.
                holder = turns.holder or turns.reserved
                self.service.log.update(self.record_id, waiting_on=holder)
                await wake.wait()
            finally:
                unsubscribe()
                self._wake = None
        if self._stopping:
            raise APIError(503, SHUTTING_DOWN(), code="shutting_down")

    def _refused(self, exc: EngineError) -> APIError:
        """The backend refused the request: name the field it could not take."""
        svc = self.service
        param = option_param(self.call.options)
        if exc.kind == "unsupported" and param is not None:
            reason = exc.user_message
            return APIError(
                400, OPTION_REFUSED(param=param, backend=svc.backend.name, reason=reason),
                code="unsupported", param=param,
            )  # fmt: skip
        return from_engine_error(exc, svc.backend.name)

    def _left(self) -> Exception:
        if self.gone_at is not None:
            return ClientGone()
        return APIError(503, SHUTTING_DOWN(), code="shutting_down")

    def _check_gone(self) -> None:
        if self.gone_at is not None:
            raise ClientGone

    async def next_event(self) -> Event:
        event = await self._queue.get()
        if isinstance(event, TokenBatch):
            if self.first_token_at is None:
                self.first_token_at = time.perf_counter()
            self.tokens.extend(event.tokens)
            self.service.log.add_tokens(self.record_id, event.tokens)
        else:
            self._end(event)
        return event

    def client_gone(self) -> None:
        """Stop now: leave the queue, or cancel the reply (its Done still follows)."""
        if self.gone_at is not None or self._finished:
            return
        self.gone_at = time.perf_counter()
        self._withdraw()
        if self._wake is not None:
            self._wake.set()
        if self._handle is not None:
            self._handle.cancel()

    def _withdraw(self) -> None:
        """Leave the queue (or hand back a slot given but not yet taken up)."""
        ticket, self._ticket = self._ticket, None
        if ticket is not None:
            self.service.scheduler.withdraw(ticket)

    def stop(self) -> None:
        """The server is shutting down."""
        if self._handle is not None and not self._finished:
            self._handle.cancel()
        self._withdraw()
        self._stopping = True
        if self._wake is not None:
            self._wake.set()

    async def settle(self) -> None:
        """Always called last: no slot, ticket or reply outlives the request."""
        self._withdraw()
        if self._handle is not None and not self._finished:
            self._handle.cancel()
            deadline = time.perf_counter() + SETTLE_TIMEOUT
            while not self._finished:
                left = deadline - time.perf_counter()
                try:
                    await asyncio.wait_for(self.next_event(), timeout=max(0.0, left))
                except asyncio.TimeoutError:
                    log.error("the backend did not end a cancelled reply; freeing its slot")
                    self._release()
                    break
        if not self._recorded:
            self.record_end("cancelled" if self.gone_at is not None else "failed")

    # ----------------------------------------------------------------- the end

    def _end(self, event: Done | EngineErrorEvent) -> None:
        self._finished = True
        if isinstance(event, Done):
            self.done = event
        else:
            self.error = event
            if event.kind == "worker_died":
                self.service.engine_stopped()
        self._release()

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            held = time.perf_counter() - (self.started_at or self.arrived)
            self.service.scheduler.release(held)

    def api_error(self) -> APIError | None:
        """What the client is told about a reply that failed (None: it did not)."""
        svc = self.service
        if self.error is not None:
            return from_engine_error(self.error, svc.backend.name)
        done = self.done
        if done is None:
            return None
        if done.finish_reason == "cancelled" and self.gone_at is None:
            return APIError(503, SHUTTING_DOWN(), code="shutting_down")
        if done.finish_reason in ("error", "interrupted"):
            event = EngineErrorEvent(self.record_id, "server_error", done.error or INTERRUPTED())
            return from_engine_error(event, svc.backend.name)
        return None

    def reply(self) -> ReplyOutcome | None:
        """With an output format or tools: the reply's text without its tool calls, the
        calls, and the format check (None for free text, or before the reply ended)."""
        if self.prepared is None or self.done is None:
            return None
        if self._outcome is None:
            self._outcome = interpret_reply(self.prepared, self.done)
        return self._outcome

    def outcome(self) -> RequestStatus:
        """How the reply ended, for the log."""
        if self.done is not None and self.done.finish_reason in ("stop", "length", "context_full"):
            return "done"
        if self.gone_at is not None:
            return "cancelled"
        return "failed"

    def record_end(self, status: RequestStatus, error: APIError | None = None) -> None:
        """The request's final entry in the log (once)."""
        if self._recorded:
            return
        self._recorded = True
        now = time.perf_counter()
        done = self.done
        stats = done.stats if done is not None else None
        cancel = None
        if self.gone_at is not None and self._finished:
            cancel = now - self.gone_at
        if error is None and status not in ("done", "cancelled"):
            error = self.api_error()
        timings = RequestTimings(
            queue=self.queue_seconds,
            ttft=self.ttft_seconds,
            total=now - self.arrived,
            decode_tok_s=stats.decode_tok_s if stats else None,
            cancel=cancel,
        )
        reply = self.reply()
        extra: dict[str, Any] = {}
        if reply is not None:
            extra["content"] = reply.content
            extra["tool_calls"] = reply.tool_calls
            extra["format_problems"] = reply.check.problems if reply.check else ()
        self.service.log.update(
            self.record_id,
            **extra,
            status=status,
            http_status=error.status if error is not None else 200,
            text=done.text if done is not None else "".join(t.text for t in self.tokens),
            finish_reason=done.finish_reason if done is not None else None,
            stats=stats,
            error=error.message if error is not None else None,
            timings=timings,
        )


def call_parameters(call: GenerationCall) -> dict[str, Any]:
    """What the request log shows as the request's settings."""
    data = params_to_dict(call.params)
    data["top_logprobs"] = call.top_logprobs if call.logprobs else None
    data["stream"] = call.stream
    return data
