"""A saved backend: name, kind, base URL, default model, and what the last probe found.

The API key is not here: it lives in the OS keyring (see `registry.BackendRegistry`), or, on a
machine without one, is read from the environment variable named by `api_key_env`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from desktop.core.backends.base import LOCAL_NAME, REMOTE_KINDS, BackendKind
from desktop.core.backends.capabilities import Capabilities
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError

BAD_NAME = MessageSpec(
    "backends.bad_name",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A backend name is 1-40 letters, digits, '-', '_' or '.', and not 'local': {name!r} "
        "is not one.",
    ),
)
BAD_URL = MessageSpec(
    "backends.bad_url",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A backend URL starts with http:// or https:// and names a host: not {url!r}.",
    ),
)
BAD_KIND = MessageSpec(
    "backends.bad_kind",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "A backend kind is llama-server, openai or ollama: not {kind!r}."
    ),
)

_NAME = re.compile(r"^[\w.-]{1,40}$")


class BackendConfigError(UserError, ValueError):
    """A backend's name, URL or kind is not acceptable."""


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name) or name.lower() == LOCAL_NAME:
        raise BackendConfigError(BAD_NAME(name=name))
    return name


def check_kind(kind: str) -> BackendKind:
    if kind not in REMOTE_KINDS:
        raise BackendConfigError(BAD_KIND(kind=kind))
    return cast(BackendKind, kind)


def normalize_url(url: str, kind: str) -> str:
    """scheme://host[:port][/prefix] without a trailing slash. A trailing /v1 (as OpenAI's
    clients write it) is dropped: Tessera adds /v1/... itself and finds /tokenize beside it."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BackendConfigError(BAD_URL(url=url))
    path = parts.path.rstrip("/")
    if path.endswith("/v1"):
        path = path[: -len("/v1")]
    if kind == "ollama" and path.endswith("/api"):
        path = path[: -len("/api")]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


@dataclass(frozen=True)
class ProbeResult:
    """What `probe` found: the server's kind as detected, its capabilities and models."""

    detected_kind: str  # the BackendKind whose API answered (may differ from the configured)
    capabilities: Capabilities
    models: tuple[str, ...] = ()
    checked_at: float = 0.0
    problems: tuple[Message, ...] = ()  # what failed during the probe (e.g. a 401)

    def to_dict(self) -> dict[str, Any]:
        return {
            "detected_kind": self.detected_kind,
            "capabilities": self.capabilities.to_dict(),
            "models": list(self.models),
            "checked_at": self.checked_at,
            "problems": [
                {
                    "code": m.code,
                    "template": m.template,
                    "params": {k: str(v) for k, v in m.params.items()},
                }
                for m in self.problems
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProbeResult:
        return cls(
            detected_kind=str(data.get("detected_kind", "")),
            capabilities=Capabilities.from_dict(data.get("capabilities") or {"server_kind": ""}),
            models=tuple(str(m) for m in data.get("models") or ()),
            checked_at=float(data.get("checked_at") or 0.0),
            problems=tuple(
                Message(
                    str(p.get("code", "")), str(p.get("template", "")), dict(p.get("params") or {})
                )
                for p in data.get("problems") or ()
                if isinstance(p, Mapping)
            ),
        )


@dataclass(frozen=True)
class BackendConfig:
    name: str
    kind: BackendKind
    base_url: str
    default_model: str | None = None
    api_key_env: str | None = None  # where the key is read from when no keyring is available
    probe: ProbeResult | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # e.g. {"parallelism": 8}

    @classmethod
    def create(
        cls,
        name: str,
        url: str,
        kind: str,
        *,
        default_model: str | None = None,
        api_key_env: str | None = None,
    ) -> BackendConfig:
        """A checked config (raises BackendConfigError)."""
        checked_kind = check_kind(kind)
        return cls(
            name=check_name(name),
            kind=checked_kind,
            base_url=normalize_url(url, checked_kind),
            default_model=(default_model or "").strip() or None,
            api_key_env=(api_key_env or "").strip() or None,
        )
