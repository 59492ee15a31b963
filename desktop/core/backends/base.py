"""The Backend protocol: what everything that generates goes through, local engine or server.

A Backend lists and describes models, tokenizes, renders chat templates and streams replies as
the engine's own events (`TokenBatch`..., then one `Done` or `EngineErrorEvent`), so chat,
experiments, compare and the API server never care where a model runs. What a backend can do
is in `capabilities()`; a missing capability carries the Message to show in its place.

`model` arguments name a model on the backend (`BackendModel.id`); None means the backend's
default (the loaded file for the local engine, the configured default model for a server).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from desktop.core.backends.capabilities import Capabilities
from desktop.core.engine.protocol import (
    ChatMessage,
    Done,
    EngineErrorEvent,
    GenerateRequest,
    LoadOptions,
    ModelInfo,
    Token,
    TokenBatch,
)

BackendKind = Literal["local", "llama-server", "openai", "ollama"]
REMOTE_KINDS: tuple[BackendKind, ...] = ("llama-server", "openai", "ollama")
LOCAL_NAME = "local"  # the name the local engine goes by in records and pickers

Event = TokenBatch | Done | EngineErrorEvent
EventCallback = Callable[[Event], None]


@dataclass(frozen=True)
class BackendModel:
    """One model a backend can run. `details` keeps what the server said that has no field."""

    id: str  # what to pass as `model`
    name: str  # for pickers
    backend: str  # the backend's name
    context_length: int | None = None
    n_params: int | None = None
    size_bytes: int | None = None
    quantization: str | None = None
    architecture: str | None = None
    n_vocab: int | None = None
    chat_template: str | None = None  # filled by model_info() when the server tells
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TokenPieces:
    """Token ids of a text, and each token's bytes when the server gives them."""

    ids: tuple[int, ...]
    pieces: tuple[bytes, ...] | None = None


@dataclass(frozen=True)
class Provenance:
    """What a saved reply or experiment cell records about where it was generated."""

    backend: str  # "local" or the backend's configured name
    server_version: str  # "llama.cpp b1234 (llama-cpp-python 0.3.36)", "vLLM 0.11.0"...
    model: str  # a file path (local) or the server's model id


class GenerationHandle(Protocol):
    """One streaming reply (the local engine's `Generation` has the same shape).

    Iterate for events, or pass `on_event` to `generate` to get them on the backend's thread;
    `tokens` and `text` grow as the reply streams; `wait()` returns the Done or raises
    EngineError (BackendError for servers). A cut stream ends with a Done whose
    finish_reason is "interrupted", its text so far and `error` saying why.
    """

    request: GenerateRequest
    request_id: int
    done: Done | None
    error: EngineErrorEvent | None
    tokens: list[Token]

    @property
    def text(self) -> str: ...

    @property
    def finished(self) -> bool: ...

    def cancel(self) -> None: ...

    def __iter__(self) -> Iterator[Event]: ...

    def wait(self, timeout: float | None = None) -> Done: ...


@runtime_checkable
class Backend(Protocol):
    """Everything that generates. Thread-safe; `close()` releases connections or processes."""

    @property
    def name(self) -> str:
        """ "local", or the saved backend's name."""
        ...

    @property
    def kind(self) -> BackendKind: ...

    def capabilities(self) -> Capabilities:
        """What this backend can do: for a server, what its last probe found (the saved
        result; a backend never probed probes on this first call)."""
        ...

    def provenance(self, model: str | None = None) -> Provenance: ...

    def list_models(self) -> list[BackendModel]: ...

    def model_info(self, model: str | None = None) -> BackendModel:
        """One model with what the server says about it (context, template...)."""
        ...

    def resolve_model(self, model: str | None = None) -> str:
        """The model id a request with `model` would use (None: the default one)."""
        ...

    def load(
        self, options: LoadOptions, on_progress: Callable[[float], None] | None = None
    ) -> ModelInfo:
        """Local engine only (capabilities().load_unload); servers raise BackendError."""
        ...

    def unload(self) -> None: ...

    def generate(
        self,
        request: GenerateRequest,
        on_event: EventCallback | None = None,
        *,
        model: str | None = None,
    ) -> GenerationHandle:
        """Start a reply (non-blocking): `request.messages` go through the chat template,
        `request.text`/`token_ids` are raw completion. Raises BackendError/EngineError when
        the request cannot start; later failures arrive as events."""
        ...

    def tokenize(
        self,
        text: str,
        *,
        add_special: bool = False,
        parse_special: bool = True,
        model: str | None = None,
    ) -> TokenPieces: ...

    def detokenize(self, ids: Sequence[int], *, model: str | None = None) -> str: ...

    def apply_template(
        self,
        messages: Sequence[ChatMessage],
        *,
        add_generation_prompt: bool = True,
        model: str | None = None,
    ) -> str:
        """The exact prompt text the model reads for `messages`."""
        ...

    def close(self) -> None: ...
