"""ServerRunner: starts and stops the API server for the Server page, off the GUI thread.

The server runs on its own thread and event loop (core.server.http_server); what it logs, and
who holds the shared engine, arrive here on other threads and leave as Qt signals, so the
page's widgets are only ever touched on the GUI thread. Starting imports the HTTP stack and
binds the port on a worker thread; a refusal (a port in use, an open address without a key)
comes back as `start_failed` with words the user can act on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QObject, Signal

from desktop.core.engine.turns import EngineTurns
from desktop.ui.i18n import error_parts
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

State = Literal["stopped", "starting", "running", "stopping"]
LOGGED_ALTERNATIVES = 5  # per token, so every reply can be shaded and its choices shown


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    api_key: str | None = None
    cors_origins: tuple[str, ...] = ()
    save_conversations: bool = True
    log_probabilities: bool = True


@dataclass
class _Running:
    service: Any
    server: Any = None
    recorder: Any = None
    unsubscribe: Callable[[], None] | None = None


class ServerRunner(QObject):
    state_changed = Signal(str)  # State
    started = Signal(str)  # the base URL clients use
    start_failed = Signal(str, str)  # message, hint (in the user's language)
    record_updated = Signal(object)  # RequestRecord (a snapshot)
    tokens_arrived = Signal(int, object)  # request id, tuple[Token, ...]
    engine_holder_changed = Signal(object)  # "app", "api" or None

    def __init__(
        self,
        backend_factory: Callable[[], Any],
        turns: EngineTurns | None = None,
        store: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend_factory = backend_factory
        self._store = store
        self._tasks = BackgroundTasks(self, name="tessera-server-control")
        self._running: _Running | None = None
        self._launched: list[_Running] = []  # made on a worker, not yet taken up here
        self._lock = threading.Lock()
        self.state: State = "stopped"
        self.url = ""
        self._unsubscribe_turns = (
            turns.subscribe(self.engine_holder_changed.emit) if turns is not None else None
        )

    # ------------------------------------------------------------------ control

    def start(self, settings: ServerSettings) -> None:
        if self.state != "stopped":
            return
        self._set_state("starting")
        self._tasks.run(
            lambda: self._launch(settings), on_done=self._on_started, on_error=self._on_failed
        )

    def _launch(self, settings: ServerSettings) -> _Running:
        """On a worker thread: import, configure, subscribe, bind and serve."""
        from desktop.core.server.config import ServerConfig
        from desktop.core.server.http_server import APIServer
        from desktop.core.server.recorder import ConversationRecorder
        from desktop.core.server.service import APIService

        config = ServerConfig(
            host=settings.host,
            port=settings.port,
            api_key=settings.api_key or None,
            cors_origins=settings.cors_origins,
            save_conversations=settings.save_conversations,
            log_top_logprobs=LOGGED_ALTERNATIVES if settings.log_probabilities else 0,
        ).check()
        service = APIService(self._backend_factory(), config)
        running = _Running(service)
        running.unsubscribe = service.log.subscribe(self._observe)
        if self._store is not None:
            running.recorder = ConversationRecorder(
                self._store, service.log, enabled=settings.save_conversations
            )
        try:
            running.server = APIServer(service).start()
        except BaseException:
            self._close(running)
            raise
        with self._lock:
            self._launched.append(running)
        return running

    def _observe(self, event: Any) -> None:
        """On the server's (or the recorder's) thread: hand over as a queued signal."""
        from desktop.core.server.request_log import RequestTokens, RequestUpdated

        if isinstance(event, RequestUpdated):
            self.record_updated.emit(event.record)
        elif isinstance(event, RequestTokens):
            self.tokens_arrived.emit(event.request_id, event.tokens)

    def _on_started(self, running: _Running) -> None:
        with self._lock:
            if running in self._launched:
                self._launched.remove(running)
        if self.state != "starting":  # stopped (the window closed) meanwhile
            self._close(running)
            return
        self._running = running
        self.url = running.server.url
        self._set_state("running")
        self.started.emit(self.url)

    def _on_failed(self, error: BaseException) -> None:
        log.info("the API server did not start: %s", error)
        self._set_state("stopped")
        message, hint = error_parts(error)
        self.start_failed.emit(message, hint)

    def stop(self) -> None:
        running, self._running = self._running, None
        if running is None or self.state != "running":
            return
        self._set_state("stopping")
        self._tasks.run(
            lambda: self._close(running),
            on_done=lambda _r: self._set_state("stopped"),
            on_error=lambda _e: self._set_state("stopped"),
        )

    def set_saving(self, enabled: bool) -> None:
        """The "save requests as conversations" setting, applied at once while running."""
        if self._running is not None and self._running.recorder is not None:
            self._running.recorder.enabled = enabled

    @staticmethod
    def _close(running: _Running) -> None:
        try:
            if running.server is not None:
                running.server.stop()
        finally:
            if running.recorder is not None:
                running.recorder.close()  # what is queued is saved first
            if running.unsubscribe is not None:
                running.unsubscribe()

    def shutdown(self) -> None:
        """Closing the window: stop serving now (blocks briefly), then no more signals."""
        running, self._running = self._running, None
        self.state = "stopped"
        if self._unsubscribe_turns is not None:
            self._unsubscribe_turns()
            self._unsubscribe_turns = None
        self._tasks.shutdown(timeout=None)  # a start under way finishes; no callback after
        with self._lock:
            orphans, self._launched = self._launched, []
        for item in [running, *orphans]:
            if item is not None:
                self._close(item)

    def _set_state(self, state: State) -> None:
        self.state = state
        if state != "running":
            self.url = ""
        self.state_changed.emit(state)
