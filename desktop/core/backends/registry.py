"""BackendRegistry: saved backends, their API keys, and one open Backend per name.

Keys go to the OS keyring under "backend:NAME" and are sent only to that backend's own
origin (http.HttpSession). On a machine without a keyring, a backend added with
`--api-key-env VAR` reads $VAR each time it is opened instead; the key itself is never
written to the database. "local" always names the local engine.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

from desktop.core.backends import create_backend
from desktop.core.backends.base import LOCAL_NAME, Backend
from desktop.core.backends.config import BackendConfig, ProbeResult
from desktop.core.backends.http import RetryPolicy, Timeouts
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError
from desktop.core.secrets import KeyringSecret
from desktop.core.store.backends import BackendRepository
from desktop.core.store.errors import NotFoundError

PARALLELISM_SETTING = "backends.parallelism"

UNKNOWN_BACKEND = MessageSpec(
    "backends.unknown",
    QT_TRANSLATE_NOOP("CoreMessages", "There is no backend named {name}."),
)
UNKNOWN_BACKEND_HINT = MessageSpec(
    "backends.unknown_hint",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "Saved backends: {names}. Add one with: tessera backends add."
    ),
)
NO_LOCAL_ENGINE = MessageSpec(
    "backends.no_local",
    QT_TRANSLATE_NOOP("CoreMessages", "The local engine is not available here."),
)
KEY_NOT_KEPT = MessageSpec(
    "backends.key_not_kept",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "No system keyring is available, so the API key is not stored: Tessera reads it from "
        "${variable} each time instead. Install or unlock a keyring to keep it.",
    ),
)
KEY_LOST = MessageSpec(
    "backends.key_lost",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "No system keyring is available and no environment variable was named, so the API "
        "key cannot be kept: add the backend again with --api-key-env VAR.",
    ),
)


class BackendNotFound(UserError, LookupError):
    pass


class BackendRegistry:
    """Thread-safe. `local` is the app's local engine backend (None in tools without one)."""

    def __init__(
        self,
        repo: BackendRepository,
        *,
        local: Backend | None = None,
        keyring_module: Any = None,
        environ: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.repo = repo
        self.local = local
        self._keyring_module = keyring_module
        self._environ = environ if environ is not None else os.environ
        self._retry = retry
        self._timeouts = timeouts
        self._open: dict[str, Backend] = {}
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- configs

    def configs(self) -> list[BackendConfig]:
        return self.repo.all()

    def config(self, name: str) -> BackendConfig:
        try:
            return self.repo.get(name)
        except NotFoundError:
            names = ", ".join([LOCAL_NAME] + [c.name for c in self.repo.all()])
            raise BackendNotFound(
                UNKNOWN_BACKEND(name=name), UNKNOWN_BACKEND_HINT(names=names)
            ) from None

    def _secret(self, name: str) -> KeyringSecret:
        return KeyringSecret(f"backend:{name}", self._keyring_module)

    def add(
        self, config: BackendConfig, *, api_key: str | None = None, replace: bool = False
    ) -> tuple[BackendConfig, Message | None]:
        """Saves `config` and its key; the Message (if any) warns that the key was not kept."""
        warning = None
        secret = self._secret(config.name)
        if api_key:
            if secret.available():
                secret.set(api_key)
            else:
                warning = (
                    KEY_NOT_KEPT(variable=config.api_key_env) if config.api_key_env else KEY_LOST()
                )
        elif replace:
            secret.clear()
        saved = self.repo.save(config, replace=replace)
        self._forget(config.name)
        return saved, warning

    def remove(self, name: str) -> bool:
        self._forget(name)
        self._secret(name).clear()
        return self.repo.remove(name)

    def api_key(self, config: BackendConfig) -> str | None:
        key = self._secret(config.name).get()
        if key is None and config.api_key_env:
            key = self._environ.get(config.api_key_env) or None
        return key

    # ----------------------------------------------------------------- instances

    def open(self, name: str) -> Backend:
        """The backend named `name` (the same instance on every call until it is removed)."""
        if name == LOCAL_NAME:
            if self.local is None:
                raise BackendNotFound(NO_LOCAL_ENGINE())
            return self.local
        with self._lock:
            backend = self._open.get(name)
        if backend is not None:
            return backend
        config = self.config(name)
        created = create_backend(
            config, api_key=self.api_key(config), retry=self._retry, timeouts=self._timeouts
        )
        with self._lock:
            backend = self._open.setdefault(name, created)
        if backend is not created:
            created.close()
        return backend

    def probe(self, name: str) -> ProbeResult:
        """Probe the server now and save what it said (raises BackendError if unreachable)."""
        backend = self.open(name)
        probe = getattr(backend, "probe", None)
        if probe is None:
            raise BackendNotFound(UNKNOWN_BACKEND(name=name))
        result: ProbeResult = probe()
        self.repo.save_probe(name, result)
        return result

    def probe_config(self, config: BackendConfig, *, api_key: str | None = None) -> ProbeResult:
        """Probe a server from a config that may not be saved yet (Settings > Backends' "Test
        connection"). Without `api_key`, a saved backend of that name sends its saved key.
        When `config` is the saved backend's own address, the result is saved with it (as
        `probe(name)` does); otherwise nothing is saved. Raises BackendError."""
        saved = self.repo.find(config.name)
        same = saved is not None and (saved.kind, saved.base_url) == (config.kind, config.base_url)
        if same and api_key is None:
            return self.probe(config.name)
        if api_key is None and saved is not None:
            api_key = self.api_key(saved)
        backend = create_backend(
            config, api_key=api_key, retry=self._retry, timeouts=self._timeouts
        )
        try:
            result: ProbeResult = backend.probe()
        finally:
            backend.close()
        return result

    def _forget(self, name: str) -> None:
        with self._lock:
            backend = self._open.pop(name, None)
        if backend is not None:
            backend.close()

    def close(self) -> None:
        with self._lock:
            backends, self._open = list(self._open.values()), {}
        for backend in backends:
            backend.close()


def parallelism(settings: Any, default: int = 4) -> int:
    """Cells run at once on a remote backend (the "backends.parallelism" setting)."""
    value = settings.get(PARALLELISM_SETTING, default) if settings is not None else default
    return (
        value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default
    )
