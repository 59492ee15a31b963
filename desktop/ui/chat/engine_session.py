"""The loaded model as the GUI sees it: load/unload in the background, progress, failures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.engine.protocol import LoadOptions, ModelInfo
from desktop.core.engine.turns import APP_OWNER
from desktop.ui.bridge import EngineBridge
from desktop.ui.i18n import error_parts


@dataclass(frozen=True)
class LoadFailure:
    """What went wrong while loading, in words a user can act on."""

    options: LoadOptions
    kind: str
    message: str
    hint: str = ""
    detail: str = ""


def describe_failure(options: LoadOptions, error: BaseException) -> LoadFailure:
    kind = getattr(error, "kind", "internal")
    message, hint = error_parts(error)  # in the user's language
    return LoadFailure(options, str(kind), message, hint, str(getattr(error, "detail", "") or ""))


CHAT_WAITER = "chat"  # the chat's reply or agent turn: one at a time


@dataclass
class _Waiter:
    callback: Callable[[], None]
    ready: Callable[[], bool] | None  # None: goes once the engine is free (and not lent)


class EngineSession(QObject):
    """Owns the engine client; every blocking call runs on a bridge task, never on the GUI thread."""

    load_started = Signal(object)  # LoadOptions
    load_progress = Signal(float)  # 0..1
    loaded = Signal(object)  # ModelInfo
    load_failed = Signal(object)  # LoadFailure
    unloaded = Signal()
    _turn_changed = Signal()  # from any thread: who holds the shared engine changed

    def __init__(
        self,
        client_factory: Callable[[], Any],
        bridge: EngineBridge,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._factory = client_factory
        self._bridge = bridge
        self._client: Any | None = None
        self._backend: Any | None = None  # the LocalBackend over the client, made on first use
        self._info: ModelInfo | None = None
        self.in_use_by = ""  # non-empty while another page runs the engine (an experiment)
        self._loading: LoadOptions | None = None
        self.last_options: LoadOptions | None = None
        self._waiters: dict[str, _Waiter] = {}  # who waits for the engine, first come first
        self._unsubscribe_turns: Callable[[], None] | None = None
        bridge.tasks.progress.connect(self.on_task_progress)
        self._turn_changed.connect(self.on_turn_changed)

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._factory()
        return self._client

    @property
    def backend(self) -> Any:
        """The engine as a Backend (desktop.core.backends.local.LocalBackend): replies go
        through it unchanged (KV reuse, probabilities, forced tokens)."""
        if self._backend is None:
            from desktop.core.backends.local import LocalBackend

            self._backend = LocalBackend(self.client)
        return self._backend

    @property
    def info(self) -> ModelInfo | None:
        return self._info

    def is_loaded(self) -> bool:
        return self._info is not None

    def is_loading(self) -> bool:
        return self._loading is not None

    def _turns(self) -> Any:
        return getattr(self._client, "turns", None)

    def turn_holder(self) -> str | None:
        """Who generates on the shared engine now (desktop.core.engine.turns: "app", "api"),
        None when nobody does or the engine is not shared."""
        turns = self._turns()
        return turns.holder if turns is not None else None

    def wait_for_turn(
        self,
        callback: Callable[[], None],
        *,
        waiter: str = CHAT_WAITER,
        ready: Callable[[], bool] | None = None,
    ) -> bool:
        """While the API server (sharing this engine) answers a request, call `callback` on
        this thread as soon as the window may generate; the window goes before the requests
        still queued. False when there is nothing to wait for (no shared engine).

        Each `waiter` (the chat, an experiment run) has one wait; waiting again replaces it.
        They go in the order they came, each once the engine is free for the window and its
        `ready()` (when given) agrees: an experiment run waits for the chat's reply too, while
        a chat reply that came later may go first."""
        turns = self._turns()
        if turns is None:
            return False
        turns.reserve(APP_OWNER)
        self._waiters.pop(waiter, None)
        self._waiters[waiter] = _Waiter(callback, ready)
        if self._unsubscribe_turns is None:
            self._unsubscribe_turns = turns.subscribe(lambda _holder: self._turn_changed.emit())
        self.recheck_turn()  # it may have come free meanwhile
        return True

    def cancel_wait(self, waiter: str = CHAT_WAITER) -> None:
        """`waiter` stopped waiting; when nobody waits any more the API server's requests may
        go again."""
        self._waiters.pop(waiter, None)
        if self._waiters:
            return
        self._stop_listening()
        turns = self._turns()
        if turns is not None:
            turns.cancel_reservation(APP_OWNER)

    def recheck_turn(self) -> None:
        """Something a waiter's `ready()` depends on changed (the chat went idle, a load
        ended): look again, on the next turn of the event loop."""
        if self._waiters:
            QTimer.singleShot(0, self.on_turn_changed)

    def hold_turn(self) -> bool:
        """Hold the engine for the window across several replies (an experiment run's cells),
        so that no API request starts between them; False when the API server holds it.
        `release_turn()` gives it back."""
        turns = self._turns()
        return turns is None or bool(turns.take(APP_OWNER))

    def release_turn(self) -> None:
        turns = self._turns()
        if turns is not None:
            turns.give_back(APP_OWNER)

    def _stop_listening(self) -> None:
        unsubscribe, self._unsubscribe_turns = self._unsubscribe_turns, None
        if unsubscribe is not None:
            unsubscribe()

    @Slot()
    def on_turn_changed(self) -> None:
        turns = self._turns()
        if turns is None or not turns.free_for(APP_OWNER):
            return
        for name, waiting in list(self._waiters.items()):
            # A reply must never start during an experiment run: it would cancel a cell.
            if waiting.ready() if waiting.ready is not None else not self.in_use_by:
                del self._waiters[name]
                break
        else:
            return
        if not self._waiters:
            self._stop_listening()
        waiting.callback()
        if self._waiters:
            # Those still waiting keep their place before the API's queue.
            turns.reserve(APP_OWNER)
            self.recheck_turn()

    def load(self, options: LoadOptions) -> bool:
        """Start loading; False when a load is already running, or another page (an experiment
        run) is using the engine (said as a failed load)."""
        if self._loading is not None:
            return False
        if self.in_use_by:
            self.load_failed.emit(
                LoadFailure(
                    options,
                    "busy",
                    self.tr("The local model is busy: %1.").replace("%1", self.in_use_by),
                    self.tr("Wait for it to finish, or cancel it there."),
                )
            )
            return False
        self._loading = options
        self.last_options = options
        self._info = None
        self.load_started.emit(options)
        client = self.client
        backend = self.backend
        token = object()
        progress = self._bridge.tasks.progress_callback(token)
        self._progress_token = token

        def work() -> ModelInfo:
            try:
                info = client.load(options, on_progress=progress)
            except TypeError as exc:
                if "on_progress" not in str(exc):
                    raise
                info = client.load(options)
            # Each saved reply records the llama.cpp build: asked here, not on the GUI thread.
            _ = backend.server_version
            return info

        self._bridge.tasks.run(
            work,
            on_done=lambda info: self._on_loaded(options, info),
            on_error=lambda error: self._on_failed(options, error),
            token=token,
        )
        return True

    def reload(self, **changes: Any) -> bool:
        """Load the last file again with some options changed (e.g. n_gpu_layers=0)."""
        if self.last_options is None:
            return False
        return self.load(replace(self.last_options, **changes))

    def unload(self) -> None:
        if self._client is None or self._loading is not None or self.in_use_by:
            return
        self._info = None
        client = self._client
        self._bridge.tasks.run(lambda: client.unload(), on_done=lambda _r: self.unloaded.emit())

    def adopt(self, info: ModelInfo | None, options: LoadOptions | None = None) -> None:
        """Another page loaded (or unloaded) a model in this engine: show what it holds now."""
        if options is not None:
            self.last_options = options
        self._info = info
        if info is None:
            self.unloaded.emit()
        else:
            self.loaded.emit(info)

    def note_worker_died(self) -> None:
        """The engine process is gone: the model has to be loaded again before the next reply."""
        self._info = None
        self.unloaded.emit()

    def close(self) -> None:
        self._waiters.clear()
        self.cancel_wait()
        if self._client is not None:
            try:
                self._client.close()
            finally:
                self._client = None
                self._backend = None
                self._info = None

    @Slot(object, object)
    def on_task_progress(self, token: object, value: object) -> None:
        if token is getattr(self, "_progress_token", None) and isinstance(value, (int, float)):
            self.load_progress.emit(float(value))

    def _on_loaded(self, options: LoadOptions, info: ModelInfo) -> None:
        self._loading = None
        self._info = info
        self.loaded.emit(info)

    def _on_failed(self, options: LoadOptions, error: BaseException) -> None:
        self._loading = None
        self._info = None
        self.load_failed.emit(describe_failure(options, error))
