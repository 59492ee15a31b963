"""ModelCatalog: the models the API offers, and which backend model a request's `model` means.

The local engine serves the model it has loaded, under its file name without ".gguf" (the
file name and the full path are accepted too); the name is remembered, so /v1/models still
lists it while the engine restarts after a crash. A server backend offers what it lists.
A name the backend does not have is a 404 before anything is queued.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.backends.base import Backend, BackendModel
from desktop.core.engine.errors import EngineError
from desktop.core.server.errors import NO_MODEL_LOADED, APIError, unknown_model


@dataclass(frozen=True)
class ServedModel:
    id: str  # the name clients use
    backend_id: str | None  # what to pass to the backend (None: the loaded one)
    info: BackendModel


def local_id(path: str) -> str:
    name = Path(path).name
    return name[: -len(".gguf")] if name.lower().endswith(".gguf") else name


class ModelCatalog:
    """Blocking (a server backend lists its models over HTTP): run it off the event loop."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._local: ServedModel | None = None
        self._created = int(time.time())
        self._lock = threading.Lock()

    def models(self) -> list[ServedModel]:
        if self._backend.kind == "local":
            served = self._loaded_local()
            return [served] if served is not None else []
        return [ServedModel(m.id, m.id, m) for m in self._backend.list_models()]

    def _loaded_local(self) -> ServedModel | None:
        try:
            info = self._backend.model_info(None)
        except EngineError:
            info = None  # not loaded (or restarting after a crash)
        with self._lock:
            if info is not None and (self._local is None or self._local.info.id != info.id):
                self._local = ServedModel(local_id(info.id), None, info)
            return self._local

    def resolve(self, requested: str | None) -> ServedModel:
        """The model a request asked for (None: the default one); APIError 404 if unknown."""
        models = self.models()
        if requested is None:
            if models:
                return models[0]
            if self._backend.kind == "local":
                raise APIError(503, NO_MODEL_LOADED(), code="model_not_loaded")
            chosen = self._backend.resolve_model(None)
            return ServedModel(chosen, chosen, BackendModel(chosen, chosen, self._backend.name))
        for m in models:
            if requested == m.id or requested == m.info.id:
                return m
            if self._backend.kind == "local" and requested == Path(m.info.id).name:
                return m
        if not models and self._backend.kind != "local":
            # The server lists nothing (some do not): let it decide.
            return ServedModel(requested, requested, BackendModel(requested, requested, ""))
        raise unknown_model(requested)

    def describe(self, model: ServedModel) -> dict[str, Any]:
        """One entry of /v1/models (OpenAI's shape, with llama-server's `meta` facts)."""
        info = model.info
        meta = {
            "n_ctx_train": info.context_length,
            "n_params": info.n_params,
            "size": info.size_bytes,
            "n_vocab": info.n_vocab,
            "quantization": info.quantization,
            "architecture": info.architecture,
        }
        return {
            "id": model.id,
            "object": "model",
            "created": self._created,
            "owned_by": self._backend.name,
            "meta": {k: v for k, v in meta.items() if v is not None},
        }
