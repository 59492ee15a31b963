"""What server answers at a URL: llama-server, Ollama, vLLM, SGLang, LM Studio, OpenAI...

Asked in this order, each a cheap GET: `/props` (only llama-server has it, with its build and
chat template), `/api/version` (Ollama), then `/v1/models`, whose `owned_by` names vLLM,
SGLang, llama-cpp-python and LM Studio; vLLM's `/version` gives its version. The backends
turn a Detection into Capabilities (remote.RemoteBackend.probe).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.core.backends.base import BackendKind
from desktop.core.backends.errors import BackendError
from desktop.core.backends.http import HttpSession
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec

NOT_A_SERVER = MessageSpec(
    "backends.not_a_server",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{url} answers, but not like llama-server, Ollama or an OpenAI-compatible server.",
    ),
)
NOT_A_SERVER_HINT = MessageSpec(
    "backends.not_a_server_hint",
    QT_TRANSLATE_NOOP("CoreMessages", "Check the address: it is the server's base URL, e.g. "
                      "http://host:8080 for llama-server or http://host:11434 for Ollama."),
)  # fmt: skip
KIND_MISMATCH = MessageSpec(
    "backends.kind_mismatch",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This backend is set up as {configured}, but the server looks like {detected}: "
        "choose --kind {detected} to use all it offers.",
    ),
)

# `owned_by` in /v1/models -> the server's name.
_OWNERS = {
    "vllm": "vllm",
    "sglang": "sglang",
    "me": "llama-cpp-python",  # llama-cpp-python's server
    "llamacpp": "llama-server",
    "organization_owner": "lmstudio",
    "library": "ollama",
    "openai": "openai",
    "system": "openai",
    "openai-internal": "openai",
}


@dataclass(frozen=True)
class Detection:
    kind: BackendKind  # whose API answered
    server_kind: str  # llama-server, ollama, vllm, sglang, llama-cpp-python, lmstudio, openai...
    version: str = ""
    facts: dict[str, Any] = field(default_factory=dict)  # raw answers the backends read


async def detect(session: HttpSession) -> Detection:
    """Raises BackendError when nothing answers, or nothing we know answers."""
    props = await session.json_or_none("GET", "/props")
    if isinstance(props, dict) and "default_generation_settings" in props:
        return Detection("llama-server", "llama-server", str(props.get("build_info", "")),
                         {"props": props})  # fmt: skip
    version = await session.json_or_none("GET", "/api/version")
    if isinstance(version, dict) and "version" in version:
        return Detection("ollama", "ollama", str(version["version"]), {"version": version})
    models = await session.json_or_none("GET", "/v1/models")
    if isinstance(models, dict) and isinstance(models.get("data"), list):
        owners = {str(m.get("owned_by", "")) for m in models["data"] if isinstance(m, dict)}
        server = next((_OWNERS[o] for o in owners if o in _OWNERS), "openai-compatible")
        if "api.openai.com" in session.base_url:
            server = "openai"
        facts: dict[str, Any] = {"models": models}
        server_version = ""
        if server == "vllm":
            info = await _quiet(session, "/version")
            server_version = str(info.get("version", "")) if isinstance(info, dict) else ""
        return Detection("openai", server, server_version, facts)
    raise BackendError("connection", NOT_A_SERVER(url=session.base_url), NOT_A_SERVER_HINT())


async def _quiet(session: HttpSession, path: str) -> Any:
    try:
        return await session.json_or_none("GET", path)
    except BackendError:
        return None
