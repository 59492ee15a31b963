"""Where the chat's replies come from: the local engine, or a model on a saved backend.

The chat generates through a Backend either way (desktop.core.backends): the local engine's
`LocalBackend` (the EngineSession's), or a server from the backend registry. Choosing a
server's model asks it what it can do (its saved probe, or a probe now) off the GUI thread;
until that answer the chat says it is connecting, and a server that cannot be reached says
so in place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.backends.base import LOCAL_NAME, Provenance
from desktop.core.backends.capabilities import LOCAL_CAPABILITIES, Capabilities
from desktop.core.store.errors import StoreError
from desktop.ui.chat.engine_session import EngineSession
from desktop.ui.i18n import error_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

RECENT_KEY = "chat.recent_remote_models"  # [[backend, model], ...], most recent first
RECENT_MAX = 30


@dataclass(frozen=True)
class RemoteChoice:
    backend: str
    model: str


class ChatTarget(QObject):
    """`backends()` returns the app's BackendRegistry (made on first use: it imports the HTTP
    client); None: the local engine only."""

    changed = Signal()  # local <-> remote, another remote model, or its capabilities arrived
    failed = Signal(str)  # the chosen server could not be reached: the reason, translated

    def __init__(
        self,
        engine: EngineSession,
        backends: Callable[[], Any] | None = None,
        settings: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.backends = backends
        self.settings = settings
        self.remote: RemoteChoice | None = None
        self._caps: Capabilities | None = None
        self._problem = ""
        self._tasks = BackgroundTasks(self, name="tessera-chat-target")

    # ------------------------------------------------------------------ choosing

    def is_remote(self) -> bool:
        return self.remote is not None

    def use_local(self) -> None:
        if self.remote is None:
            return
        self.remote, self._caps, self._problem = None, None, ""
        self.changed.emit()

    def use_remote(self, backend: str, model: str) -> None:
        """Chat with `model` on the saved backend `backend` from the next message on."""
        choice = RemoteChoice(backend, model)
        if choice == self.remote and (self._caps is not None or self._problem):
            return
        self.remote, self._caps, self._problem = choice, None, ""
        self.changed.emit()
        if self.backends is None:
            return
        registry = self.backends

        def connect() -> Capabilities:
            return registry().open(backend).capabilities()  # probes when never probed

        self._tasks.run(
            connect,
            on_done=lambda caps: self._on_connected(choice, caps),
            on_error=lambda exc: self._on_connect_failed(choice, exc),
        )

    def reconnect(self) -> None:
        """Ask the chosen server again (after it failed, or its settings changed)."""
        if self.remote is not None:
            choice, self.remote = self.remote, None
            self.use_remote(choice.backend, choice.model)

    def _on_connected(self, choice: RemoteChoice, caps: Capabilities) -> None:
        if choice != self.remote:
            return
        self._caps, self._problem = caps, ""
        self.changed.emit()

    def _on_connect_failed(self, choice: RemoteChoice, exc: BaseException) -> None:
        if choice != self.remote:
            return
        log.info("backend %s not reachable: %s", choice.backend, exc)
        self._problem = error_text(exc)
        self.changed.emit()
        self.failed.emit(self._problem)

    # ------------------------------------------------------------------ state

    def connecting(self) -> bool:
        return self.remote is not None and self._caps is None and not self._problem

    def problem(self) -> str:
        """Why the chosen server cannot be used ("" when it can, or for the local engine)."""
        return self._problem

    def ready(self) -> bool:
        """Whether a message can be sent now."""
        if self.remote is None:
            return self.engine.is_loaded() and not self.engine.in_use_by
        return self._caps is not None

    def capabilities(self) -> Capabilities:
        if self.remote is None:
            return LOCAL_CAPABILITIES
        return self._caps or Capabilities(server_kind="")

    def backend_name(self) -> str:
        return self.remote.backend if self.remote is not None else LOCAL_NAME

    def model_name(self) -> str:
        """What the transcript and the conversation list call the model."""
        if self.remote is not None:
            return self.remote.model
        info = self.engine.info
        return info.name if info is not None else ""

    def context_length(self) -> int:
        """The context a reply can use (0 when unknown)."""
        if self.remote is None:
            info = self.engine.info
            return info.n_ctx if info is not None else 0
        caps = self._caps
        return int(caps.context_length or 0) if caps is not None else 0

    def backend(self) -> Any:
        """The Backend replies go through (opening a server's makes no request)."""
        if self.remote is None or self.backends is None:
            return self.engine.backend
        return self.backends().open(self.remote.backend)

    def provenance(self) -> Provenance:
        """What a saved reply records: backend, server version, model."""
        if self.remote is None:
            info = self.engine.info
            backend = self.engine.backend
            return backend.provenance(info.path if info is not None else None)
        provenance: Provenance = self.backend().provenance(self.remote.model)
        return provenance

    def generate(self, request: Any, on_event: Any) -> Any:
        """Starts a reply on the chosen backend (raises EngineError/BackendError when it
        cannot start)."""
        if self.remote is None:
            return self.engine.backend.generate(request, on_event)
        return self.backend().generate(request, on_event, model=self.remote.model)

    # ------------------------------------------------------------------ recently used

    def recent(self) -> list[RemoteChoice]:
        if self.settings is None:
            return []
        try:
            raw = self.settings.get(RECENT_KEY, []) or []
        except StoreError as exc:  # a preference: never worth failing over
            log.warning("recent remote models not read: %s", exc)
            return []
        return [
            RemoteChoice(str(r[0]), str(r[1]))
            for r in raw
            if isinstance(r, (list, tuple)) and len(r) == 2
        ]

    def mark_used(self) -> None:
        """The chosen remote model replied: it moves to the top of its backend's group."""
        if self.remote is None or self.settings is None:
            return
        entries = [self.remote] + [r for r in self.recent() if r != self.remote]
        try:
            self.settings.set(RECENT_KEY, [[r.backend, r.model] for r in entries[:RECENT_MAX]])
        except StoreError as exc:  # a preference: never worth failing over
            log.warning("recent remote models not saved: %s", exc)

    def shutdown(self) -> None:
        self._tasks.shutdown(timeout=5.0)
