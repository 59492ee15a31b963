"""RemoteBackend: what every HTTP backend shares (session, model choice, probe, generate).

Subclasses (llama_server, openai_compat, ollama) implement the server's endpoints: listing
models, tokenizing, rendering templates, `_detect()` (is the server there and what is it),
`_capabilities()` and `_produce()`, the coroutine that reads one reply's stream.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence

from desktop.core.backends import formats
from desktop.core.backends.base import (
    BackendKind,
    BackendModel,
    EventCallback,
    Provenance,
    TokenPieces,
)
from desktop.core.backends.capabilities import (
    NO_APPLY_TEMPLATE,
    NO_LOAD_UNLOAD,
    NO_RAW_COMPLETION,
    NO_TOKENIZER,
    PROBE_VERSION,
    Capabilities,
)
from desktop.core.backends.config import BackendConfig, ProbeResult
from desktop.core.backends.errors import BackendError, unsupported
from desktop.core.backends.generation import Finish, StreamGeneration
from desktop.core.backends.http import HttpSession, RetryPolicy, Timeouts
from desktop.core.backends.probe import KIND_MISMATCH, Detection, detect
from desktop.core.engine.protocol import (
    ChatMessage,
    GenerateRequest,
    LoadOptions,
    ModelInfo,
    Token,
)
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec

NO_MODEL = MessageSpec(
    "backends.no_model",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The server lists no model to use: give one with --remote-model ID, or set the "
        "backend's default model.",
    ),
)
PROBE_WARNING = MessageSpec(
    "backends.probe_warning",
    QT_TRANSLATE_NOOP("CoreMessages", "Checking {what} failed: {reason}"),
)


class RemoteBackend:
    kind: BackendKind = "openai"

    def __init__(
        self,
        config: BackendConfig,
        *,
        api_key: str | None = None,
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.name = config.name
        self.config = config
        self.session = HttpSession(
            config.base_url, api_key=api_key, backend=config.name, retry=retry, timeouts=timeouts
        )
        self._probe: ProbeResult | None = config.probe
        self._models: list[BackendModel] | None = None
        self._lock = threading.Lock()
        self._running: set[StreamGeneration] = set()

    # ----------------------------------------------------------------- description

    @property
    def base_url(self) -> str:
        return self.session.base_url

    def capabilities(self) -> Capabilities:
        """The last probe's findings (the saved ones until `probe()` runs again); probes now
        when this backend was never probed."""
        probe = self._probe
        if probe is None or probe.capabilities.probe_version < PROBE_VERSION:
            probe = self.probe()  # never probed, or saved before Tessera asked what it asks now
        return probe.capabilities

    def provenance(self, model: str | None = None) -> Provenance:
        caps = self.capabilities()
        version = " ".join(x for x in (caps.server_kind, caps.server_version) if x)
        return Provenance(self.name, version, model or self.config.default_model or "")

    def probe(self) -> ProbeResult:
        """Ask the server what it is and can do; raises BackendError when it cannot be
        reached at all (refused, TLS, 401...)."""
        detection = self.session.run(detect(self.session))
        problems: list[Message] = []
        if detection.kind != self.kind:
            problems.append(KIND_MISMATCH(configured=self.kind, detected=detection.kind))
        models: list[BackendModel] = []
        try:
            models = self.list_models(refresh=True)
        except BackendError as exc:
            problems.append(PROBE_WARNING(what="models", reason=exc.user_message))
        caps = self._capabilities(detection, models, problems)
        result = ProbeResult(
            detected_kind=detection.kind,
            capabilities=caps,
            models=tuple(m.id for m in models),
            checked_at=time.time(),
            problems=tuple(problems),
        )
        self._probe = result
        return result

    def _capabilities(
        self, detection: Detection, models: list[BackendModel], problems: list[Message]
    ) -> Capabilities:
        """What this server can do, from `detection` and a few checks of its own (which
        append what failed to `problems`)."""
        raise NotImplementedError

    def list_models(self, *, refresh: bool = False) -> list[BackendModel]:
        with self._lock:
            cached = self._models
        if cached is not None and not refresh:
            return list(cached)
        models = self._list_models()
        with self._lock:
            self._models = models
        return list(models)

    def _list_models(self) -> list[BackendModel]:
        raise NotImplementedError

    def model_info(self, model: str | None = None) -> BackendModel:
        wanted = self.resolve_model(model)
        for m in self.list_models():
            if m.id == wanted:
                return m
        return BackendModel(id=wanted, name=wanted, backend=self.name)

    def resolve_model(self, model: str | None = None) -> str:
        """The model to use: the one asked for, the configured default, or the only/first
        one the server lists."""
        if model:
            return model
        if self.config.default_model:
            return self.config.default_model
        models = self.list_models()
        if not models:
            raise BackendError("unknown_model", NO_MODEL())
        return models[0].id

    # ----------------------------------------------------------------- local-only

    def load(
        self, options: LoadOptions, on_progress: Callable[[float], None] | None = None
    ) -> ModelInfo:
        raise unsupported(self.name, NO_LOAD_UNLOAD())

    def unload(self) -> None:
        raise unsupported(self.name, NO_LOAD_UNLOAD())

    # ----------------------------------------------------------------- text

    def tokenize(
        self,
        text: str,
        *,
        add_special: bool = False,
        parse_special: bool = True,
        model: str | None = None,
    ) -> TokenPieces:
        raise unsupported(self.name, NO_TOKENIZER())

    def detokenize(self, ids: Sequence[int], *, model: str | None = None) -> str:
        raise unsupported(self.name, NO_TOKENIZER())

    def apply_template(
        self,
        messages: Sequence[ChatMessage],
        *,
        add_generation_prompt: bool = True,
        model: str | None = None,
    ) -> str:
        raise unsupported(self.name, NO_APPLY_TEMPLATE())

    # ----------------------------------------------------------------- generate

    def generate(
        self,
        request: GenerateRequest,
        on_event: EventCallback | None = None,
        *,
        model: str | None = None,
    ) -> StreamGeneration:
        chosen = self.resolve_model(model)
        self.capabilities()  # probes now, on the caller's thread, if never probed
        self._check_request(request)
        generation = StreamGeneration(request, on_event, self.session.runner)
        with self._lock:
            self._running = {g for g in self._running if not g.finished}
            self._running.add(generation)

        async def produce(gen: StreamGeneration) -> Finish:
            return await self._produce(gen, request, chosen)

        return generation.start(produce)

    def _check_request(self, request: GenerateRequest) -> None:
        """Refuse what this server cannot do before anything is sent."""
        caps = self.capabilities()
        raw = request.messages is None or bool(request.forced_tokens)
        if raw and not caps.raw_completion:
            raise unsupported(self.name, NO_RAW_COMPLETION())
        # What the server cannot enforce is refused, never silently dropped.
        refused = formats.refusal(caps, request, raw=raw)
        if refused is not None:
            raise unsupported(self.name, refused)

    async def _produce(self, gen: StreamGeneration, request: GenerateRequest, model: str) -> Finish:
        raise NotImplementedError

    def close(self) -> None:
        with self._lock:
            running, self._running = list(self._running), set()
        for generation in running:
            generation.cancel()
        for generation in running:
            with contextlib.suppress(Exception):
                generation.wait(timeout=5)
        self.session.close()

    def __enter__(self) -> RemoteBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def forced_tokens(ids: Sequence[int], texts: Sequence[str]) -> list[Token]:
    """The tokens of a branch-from-token request, shown first and marked forced. A server
    cannot score them, so they carry no probability."""
    return [
        Token(i, t, t.encode("utf-8"), None, None, True) for i, t in zip(ids, texts, strict=True)
    ]
