"""Backends: everything that generates, behind one protocol (see base.Backend).

- `local.LocalBackend`: the engine process on this machine.
- `llama_server.LlamaServerBackend`, `openai_compat.OpenAICompatBackend`,
  `ollama.OllamaBackend`: servers over HTTP.
- `registry.BackendRegistry`: saved backends, their API keys (OS keyring) and open instances.

Nothing heavy is imported here: the store imports `config` through this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.backends.base import (
    LOCAL_NAME,
    REMOTE_KINDS,
    Backend,
    BackendKind,
    BackendModel,
    GenerationHandle,
    Provenance,
    TokenPieces,
)
from desktop.core.backends.capabilities import Capabilities

if TYPE_CHECKING:
    from desktop.core.backends.config import BackendConfig
    from desktop.core.backends.http import RetryPolicy, Timeouts
    from desktop.core.backends.remote import RemoteBackend

__all__ = [
    "LOCAL_NAME",
    "REMOTE_KINDS",
    "Backend",
    "BackendKind",
    "BackendModel",
    "Capabilities",
    "GenerationHandle",
    "Provenance",
    "TokenPieces",
    "create_backend",
]


def create_backend(
    config: BackendConfig,
    *,
    api_key: str | None = None,
    retry: RetryPolicy | None = None,
    timeouts: Timeouts | None = None,
) -> RemoteBackend:
    """The Backend for a saved server config (no request is made yet)."""
    if config.kind == "llama-server":
        from desktop.core.backends.llama_server import LlamaServerBackend as cls
    elif config.kind == "ollama":
        from desktop.core.backends.ollama import OllamaBackend as cls  # type: ignore[assignment]
    else:
        from desktop.core.backends.openai_compat import (  # type: ignore[assignment]
            OpenAICompatBackend as cls,
        )
    return cls(config, api_key=api_key, retry=retry, timeouts=timeouts)
