"""LocalBackend: the engine process (EngineClient) behind the Backend protocol.

Nothing is lost on the way: requests pass through unchanged, so the KV cache reuse across
turns, forced tokens with their real logprobs, `logprob_source` and the overflow policies all
work as before, and `generate` returns the engine's own `Generation`. Token pieces come from
the model's vocabulary (desktop.core.tokenizers.model_vocab), not from here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.backends.base import (
    LOCAL_NAME,
    BackendKind,
    BackendModel,
    EventCallback,
    Provenance,
    TokenPieces,
)
from desktop.core.backends.capabilities import LOCAL_CAPABILITIES, Capabilities
from desktop.core.engine import errors as ENGINE_E
from desktop.core.engine.client import EngineClient, Generation
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import ChatMessage, GenerateRequest, LoadOptions, ModelInfo
from desktop.core.engine.turns import APP_OWNER


def engine_version(client: EngineClient | None = None) -> str:
    """llama-cpp-python's version and, once the engine process runs, its llama.cpp build."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        text = f"llama-cpp-python {version('llama-cpp-python')}"
    except PackageNotFoundError:
        text = "llama-cpp-python (not installed)"
    info = None
    if client is not None:
        try:
            info = client.build_info()
        except EngineError:
            info = None
    return f"{text}, {info.llama_cpp}" if info is not None else text


class LocalBackend:
    """`library` lists local GGUF files for `list_models` (the app passes its model library).
    `owner`: who generates, when the client's engine is shared (desktop.core.engine.turns)."""

    kind: BackendKind = "local"

    def __init__(
        self,
        client: EngineClient | None = None,
        *,
        library: Callable[[], Iterable[str | Path]] | None = None,
        owner: str = APP_OWNER,
    ) -> None:
        self.name = LOCAL_NAME
        self.owner = owner
        self._owns_client = client is None
        self.client = client if client is not None else EngineClient()
        self._library = library
        self._version: str | None = None

    def capabilities(self) -> Capabilities:
        info = self.client.model_info
        return dataclasses.replace(
            LOCAL_CAPABILITIES,
            server_version=self.server_version,
            context_length=info.n_ctx if info is not None else None,
            parallel_slots=1,
        )

    @property
    def server_version(self) -> str:
        if self._version is None or "," not in self._version:
            self._version = engine_version(self.client)
        return self._version

    def provenance(self, model: str | None = None) -> Provenance:
        info = self.client.model_info
        return Provenance(LOCAL_NAME, self.server_version, model or (info.path if info else ""))

    # ----------------------------------------------------------------- models

    def list_models(self) -> list[BackendModel]:
        seen: dict[str, BackendModel] = {}
        info = self.client.model_info
        if info is not None:
            seen[info.path] = _from_info(info)
        for path in self._library() if self._library else ():
            key = str(path)
            if key not in seen:
                seen[key] = BackendModel(id=key, name=Path(key).name, backend=LOCAL_NAME)
        return list(seen.values())

    def model_info(self, model: str | None = None) -> BackendModel:
        info = self.client.model_info
        if info is not None and model in (None, info.path):
            return _from_info(info)
        if model is None:
            raise EngineError("not_loaded", ENGINE_E.NOT_LOADED(), ENGINE_E.LOAD_FIRST())
        from desktop.core.gguf import read_gguf_meta

        meta = read_gguf_meta(model)
        return BackendModel(
            id=model,
            name=Path(model).name,
            backend=LOCAL_NAME,
            context_length=meta.n_ctx_train or None,
            architecture=meta.architecture,
            chat_template=meta.chat_template,
        )

    def resolve_model(self, model: str | None = None) -> str:
        info = self.client.model_info
        if model:
            return model
        if info is None:
            raise EngineError("not_loaded", ENGINE_E.NOT_LOADED(), ENGINE_E.LOAD_FIRST())
        return info.path

    def _turn(self) -> dict[str, Any]:
        """`owner=` for a client whose engine is shared in turns; nothing otherwise, so a
        stand-in for the client (a wrapper, a test's fake) need not know about turns."""
        return {"owner": self.owner} if getattr(self.client, "turns", None) is not None else {}

    def load(
        self, options: LoadOptions, on_progress: Callable[[float], None] | None = None
    ) -> ModelInfo:
        info = self.client.load(options, on_progress=on_progress, **self._turn())
        self._version = None
        return info

    def unload(self) -> None:
        self.client.unload(**self._turn())

    # ----------------------------------------------------------------- generate

    def generate(
        self,
        request: GenerateRequest,
        on_event: EventCallback | None = None,
        *,
        model: str | None = None,
    ) -> Generation:
        info = self.client.model_info
        if model and info is not None and Path(model) != Path(info.path):
            raise EngineError(
                "not_loaded",
                ENGINE_E.NOT_THE_LOADED(name=Path(model).name),
                ENGINE_E.LOAD_IT_FIRST(),
            )
        return self.client.generate(request, on_event, **self._turn())

    def tokenize(
        self,
        text: str,
        *,
        add_special: bool = False,
        parse_special: bool = True,
        model: str | None = None,
    ) -> TokenPieces:
        return TokenPieces(tuple(self.client.tokenize(text, add_special, parse_special)))

    def detokenize(self, ids: Sequence[int], *, model: str | None = None) -> str:
        return self.client.detokenize(ids)

    def apply_template(
        self,
        messages: Sequence[ChatMessage],
        *,
        add_generation_prompt: bool = True,
        model: str | None = None,
        tools: Sequence[dict] | None = None,
    ) -> str:
        """`tools` (OpenAI-shaped) reach the template's `tools` variable (not in the Backend
        protocol: servers render tools themselves)."""
        text, _ids = self.client.render_prompt(messages, add_generation_prompt, tools=tools)
        return text

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> LocalBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _from_info(info: ModelInfo) -> BackendModel:
    return BackendModel(
        id=info.path,
        name=info.name or Path(info.path).name,
        backend=LOCAL_NAME,
        context_length=info.n_ctx_train,
        n_params=info.n_params,
        size_bytes=info.size_bytes,
        quantization=info.file_type,
        architecture=info.architecture,
        n_vocab=info.n_vocab,
        chat_template=info.chat_template,
        details={"n_ctx": info.n_ctx, "backend": info.backend},
    )
