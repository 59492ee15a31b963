"""APIService: the server's core, apart from HTTP: one backend, its queue, its request log.

Everything the endpoints need goes through here, and everything the Server page needs is
here too: `log` (the requests, live), `config`, `scheduler.waiting`/`running`. It talks to
the backend only through the Backend protocol, and only off the event loop (blocking calls
run in worker threads). After the local engine dies, the next request first calls `reload`
(given by whoever loaded the model: the CLI, or the app) and then runs as usual. An engine
the app's window shares (its client has `turns`) is used in turns: a request waits while the
window generates, and the window is refused while a request generates.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable, Sequence
from typing import Any

from desktop.core.backends.base import Backend
from desktop.core.backends.capabilities import FEW_LOGPROBS, Capabilities
from desktop.core.backends.local import LocalBackend
from desktop.core.engine.errors import EngineError
from desktop.core.engine.turns import EngineTurns
from desktop.core.server.catalog import ModelCatalog, ServedModel
from desktop.core.server.config import ServerConfig
from desktop.core.server.errors import (
    BACKEND_CANNOT,
    RELOAD_FAILED,
    APIError,
    from_engine_error,
)
from desktop.core.server.job import GenerationJob, call_parameters
from desktop.core.server.parameters import GenerationCall
from desktop.core.server.prompt import PromptRenderer
from desktop.core.server.request_log import RequestLog
from desktop.core.server.scheduler import Scheduler
from desktop.core.server.token_bytes import TokenBytes

log = logging.getLogger(__name__)

# Request ids on the engine: far above the ones a chat window counts from, so a server and a
# window sharing one engine never collide; one count per process, since an engine takes a
# cancel for an id as meaning any later request with that same id too.
FIRST_REQUEST_ID = 1 << 40
_REQUEST_IDS = itertools.count(FIRST_REQUEST_ID)


class APIService:
    def __init__(
        self,
        backend: Backend,
        config: ServerConfig,
        *,
        request_log: RequestLog | None = None,
        reload: Callable[[], Any] | None = None,
    ) -> None:
        self.backend = backend
        self.config = config
        self.log = request_log if request_log is not None else RequestLog(config.log_size)
        self.reload = reload
        # An engine shared with the app's window: requests wait while the window generates.
        self.turns: EngineTurns | None = (
            backend.client.turns if isinstance(backend, LocalBackend) else None
        )
        self.catalog = ModelCatalog(backend)
        self.renderer = PromptRenderer(backend)
        self.token_bytes = TokenBytes(backend)
        slots = 1
        if backend.kind != "local":
            slots = backend.capabilities().parallel_slots or config.remote_parallel
        self.scheduler = Scheduler(slots, config.max_queue)
        self.needs_reload = False
        self._reloading: asyncio.Lock | None = None
        self._jobs: set[GenerationJob] = set()
        self._version: str | None = None

    # ----------------------------------------------------------------- models

    async def models(self) -> list[dict[str, Any]]:
        models = await self._blocking(self.catalog.models)
        return [self.catalog.describe(m) for m in models]

    async def resolve(self, requested: str | None) -> ServedModel:
        return await self._blocking(self.catalog.resolve, requested)

    # ----------------------------------------------------------------- generation

    def job(self, call: GenerationCall, record_id: int, served: ServedModel) -> GenerationJob:
        job = GenerationJob(self, call, record_id, served)
        self._jobs.add(job)
        self.log.update(
            record_id,
            endpoint=call.endpoint,
            model=served.backend_id or served.info.id,
            backend=self.backend.name,
            stream=call.stream,
            parameters=call_parameters(call),
            ignored=call.ignored,
            messages=call.messages,
        )
        return job

    def forget(self, job: GenerationJob) -> None:
        self._jobs.discard(job)

    def next_request_id(self) -> int:
        return next(_REQUEST_IDS)

    def check_logprobs(self, call: GenerationCall, caps: Capabilities) -> None:
        """Refuse logprobs a server cannot give, saying why (before anything is queued)."""
        if not call.logprobs:
            return
        param = "top_logprobs" if call.endpoint == "chat" else "logprobs"
        if not caps.logprobs:
            reason = caps.why_not("logprobs")
            raise APIError(
                400, BACKEND_CANNOT(backend=self.backend.name, reason=reason), param=param,
                code="unsupported",
            )  # fmt: skip
        if call.top_logprobs > caps.max_top_logprobs:
            reason = FEW_LOGPROBS(count=caps.max_top_logprobs)
            raise APIError(
                400, BACKEND_CANNOT(backend=self.backend.name, reason=reason), param=param,
                code="unsupported",
            )  # fmt: skip

    def engine_top_logprobs(self, call: GenerationCall, caps: Capabilities) -> int:
        """Alternatives to ask the backend for: the client's (the engine computes a token's
        own logprob only with at least one), or more for the Server page's shading."""
        wanted = max(call.top_logprobs, 1) if call.logprobs else 0
        logged = self.config.log_top_logprobs
        if logged and caps.logprobs:
            wanted = max(wanted, min(logged, caps.max_top_logprobs))
        return wanted

    def engine_stopped(self) -> None:
        """The local engine died: the next request reloads it first."""
        if self.reload is not None:
            self.needs_reload = True

    async def ensure_ready(self) -> None:
        if not self.needs_reload or self.reload is None:
            return
        if self._reloading is None:
            self._reloading = asyncio.Lock()
        async with self._reloading:
            if not self.needs_reload:
                return
            log.info("reloading the model after the engine stopped")
            try:
                await asyncio.to_thread(self.reload)
            except EngineError as exc:
                raise APIError(
                    503,
                    RELOAD_FAILED(reason=from_engine_error(exc, self.backend.name).message),
                    code="engine_stopped",
                ) from None
            self.needs_reload = False
            self._version = None

    async def provenance(self) -> str:
        """The backend's version text, for the log and the saved conversation."""
        if self._version is None:
            self._version = (await asyncio.to_thread(self.backend.provenance)).server_version
        return self._version

    def shutdown(self) -> None:
        """Stop every queued and running reply (on the loop's thread)."""
        for job in list(self._jobs):
            job.stop()

    # ----------------------------------------------------------------- tokens

    async def tokenize(
        self,
        text: str,
        *,
        add_special: bool,
        parse_special: bool,
        with_pieces: bool,
        model: str | None,
    ) -> list[Any]:
        served = await self.resolve(model)

        def work() -> list[Any]:
            result = self.backend.tokenize(
                text, add_special=add_special, parse_special=parse_special,
                model=served.backend_id,
            )  # fmt: skip
            if not with_pieces:
                return list(result.ids)
            pieces: Sequence[bytes]
            if result.pieces is not None:
                pieces = result.pieces
            elif self.backend.kind == "local":
                lookup = self.token_bytes.lookup()  # the vocabulary: exact bytes
                pieces = [lookup(i, "") for i in result.ids]
            else:
                pieces = [
                    self.backend.detokenize([i], model=served.backend_id).encode()
                    for i in result.ids
                ]
            return [{"id": i, "piece": _piece(p)} for i, p in zip(result.ids, pieces, strict=True)]

        return await self._blocking(work)

    async def detokenize(self, ids: Sequence[int], model: str | None) -> str:
        served = await self.resolve(model)
        return await self._blocking(self.backend.detokenize, ids, model=served.backend_id)

    # ----------------------------------------------------------------- helpers

    async def _blocking(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except EngineError as exc:
            raise from_engine_error(exc, self.backend.name) from None

    def close(self) -> None:
        self.token_bytes.close()


def _piece(raw: bytes) -> str | list[int]:
    """llama-server's `piece`: the text, or the byte values when not valid UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return list(raw)
