"""PaneRunner: one pane's reply on its backend, from loading its model to its PaneReply.

Local panes run on engines the runner starts (`local_factory`), one per lane, so panes of one
lane share an engine and a model is loaded only when the engine holds another one (or its
process died). Whatever fails, the pane ends with a PaneReply saying why, and events tell the
session's observers as it goes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.backends.base import Backend, Event
from desktop.core.compare.events import (
    CompareEvent,
    PaneFailed,
    PaneFinished,
    PaneLoading,
    PaneStarted,
    PaneTokens,
)
from desktop.core.compare.pane import Pane, PaneReply
from desktop.core.compare.schedule import engine_options
from desktop.core.compare.target import CompareTarget
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import (
    ChatMessage,
    EngineErrorEvent,
    GenerateRequest,
    LoadOptions,
    TokenBatch,
)
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError, plain

_REQUEST_IDS = itertools.count(1)  # unique per process: panes may share one engine

NO_BACKENDS = MessageSpec(
    "compare.no_backends",
    QT_TRANSLATE_NOOP("CoreMessages", "Saved backends are not available here, so {name} is not."),
)
LOAD_FAILED = MessageSpec(
    "compare.load_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} could not be loaded: {reason}"),
)

BackendResolver = Callable[[str], Backend]  # a saved backend's name -> its open Backend
LocalFactory = Callable[[], Backend]  # a new local engine backend (LocalBackend)
Lane = tuple[int, ...]


class NoBackends(UserError, LookupError):
    pass


def new_local() -> Backend:
    from desktop.core.backends.local import LocalBackend

    return LocalBackend()


def error_messages(exc: BaseException) -> tuple[Message, Message | None]:
    """The Message (and hint) to show for a failure, from any exception the backends raise."""
    if isinstance(exc, UserError):
        return exc.user_message, exc.user_hint
    message = getattr(exc, "user_message", None)
    if isinstance(message, Message):
        return message, getattr(exc, "user_hint", None)
    if isinstance(exc, EngineError):
        return plain(exc.message), plain(exc.hint) if exc.hint else None
    return plain(str(exc) or type(exc).__name__), None


@dataclasses.dataclass(frozen=True)
class TurnInput:
    index: int
    text: str
    seed: int  # for panes that set none


class PaneRunner:
    """Thread-safe: lanes call `run` from their own threads."""

    def __init__(
        self,
        *,
        backends: BackendResolver | None,
        local_factory: LocalFactory | None,
        top_logprobs: int,
        threads: int | None,
        emit: Callable[[CompareEvent], None],
    ) -> None:
        self._backends = backends
        self._local_factory = local_factory or new_local
        self._top_logprobs = top_logprobs
        self._threads = threads
        self._emit = emit
        self._lock = threading.Lock()
        self._engines: dict[Lane, Backend] = {}
        self._loaded: dict[Lane, LoadOptions | None] = {}
        self._running: set[Any] = set()  # generations to cancel
        self.cancelled = threading.Event()

    def order(self, lane: Lane, targets: Sequence[CompareTarget]) -> list[int]:
        """The lane's panes, those whose model its engine holds already first."""
        loaded = self._loaded.get(lane)
        if loaded is None:
            return list(lane)

        def holds(i: int) -> bool:
            return targets[i].is_local and engine_options(targets[i], self._threads) == loaded

        return sorted(lane, key=lambda i: 0 if holds(i) else 1)

    def cancel(self) -> None:
        self.cancelled.set()
        with self._lock:
            running = list(self._running)
        for generation in running:
            with contextlib.suppress(Exception):
                generation.cancel()

    def close(self) -> None:
        """Stops the engine processes this runner started."""
        with self._lock:
            engines, self._engines = list(self._engines.values()), {}
        for engine in engines:
            with contextlib.suppress(Exception):
                engine.close()

    def _engine(self, lane: Lane) -> Backend:
        with self._lock:
            engine = self._engines.get(lane)
            if engine is None:
                engine = self._engines[lane] = self._local_factory()
            return engine

    def fail(
        self, pane: Pane, turn: TurnInput, exc: BaseException | None, message: Message | None = None
    ) -> None:
        hint = None
        if message is None:
            assert exc is not None
            message, hint = error_messages(exc)
        target = pane.target
        params = target.sampling()
        reply = PaneReply(
            turn=turn.index,
            user_text=target.user_text(turn.text, turn.index == 0),
            text="",
            tokens=(),
            finish_reason="error",
            stats=None,
            params=params,
            seed=params.seed if params.seed is not None else turn.seed,
            provenance=None,
            error=message,
            hint=hint,
        )
        pane.end(reply)
        self._emit(PaneFailed(pane.index, turn.index, message, hint))

    def _local(self, lane: Lane, pane: Pane, turn: TurnInput) -> Backend | None:
        """The lane's engine with the pane's model loaded; None when it failed to load."""
        target = pane.target
        backend = self._engine(lane)
        options = engine_options(target, self._threads)
        if self._loaded.get(lane) == options and not _holds_model(backend):
            self._loaded[lane] = None  # its process died since: load it again
        if self._loaded.get(lane) == options:
            return backend
        pane.set_status("loading")
        self._emit(PaneLoading(pane.index, turn.index, options.path))
        self._loaded[lane] = None
        try:
            backend.load(options)
        except Exception as exc:  # noqa: BLE001 - EngineError, a bad option...
            reason, _hint = error_messages(exc)
            name = plain(Path(options.path).name)
            self.fail(pane, turn, exc, LOAD_FAILED(name=name, reason=reason))
            return None
        self._loaded[lane] = options
        return backend

    def run(self, lane: Lane, pane: Pane, turn: TurnInput) -> None:
        target = pane.target
        user_text = target.user_text(turn.text, turn.index == 0)
        params = target.sampling()
        seed = params.seed if params.seed is not None else turn.seed
        params = dataclasses.replace(params, seed=seed)
        if self.cancelled.is_set():
            pane.end(
                PaneReply(turn.index, user_text, "", (), "cancelled", None, params, seed, None)
            )
            self._emit(PaneFinished(pane.index, turn.index, "cancelled", None))
            return
        model: str | None = None
        try:
            if target.is_local:
                local = self._local(lane, pane, turn)
                if local is None:
                    return
                backend = local
            else:
                if self._backends is None:
                    raise NoBackends(NO_BACKENDS(name=target.backend))
                backend = self._backends(str(target.backend))
                model = backend.resolve_model(target.model)
            caps = backend.capabilities()
            provenance = backend.provenance(model or target.model)
        except Exception as exc:  # noqa: BLE001 - unknown backend, unreachable server...
            self.fail(pane, turn, exc)
            return
        top = min(self._top_logprobs, caps.max_top_logprobs) if caps.logprobs else 0
        messages = pane.messages(user_text)
        request = GenerateRequest(next(_REQUEST_IDS), params, messages=messages, top_logprobs=top)

        def on_event(event: Event) -> None:
            if isinstance(event, TokenBatch) and event.tokens:
                count = pane.add_tokens(event.tokens)
                self._emit(PaneTokens(pane.index, turn.index, event.tokens, count))

        pane.set_status("streaming")
        self._emit(PaneStarted(pane.index, turn.index))
        try:
            generation = backend.generate(request, on_event, model=model)
        except Exception as exc:  # noqa: BLE001 - refused before anything streamed
            self.fail(pane, turn, exc)
            return
        with self._lock:
            self._running.add(generation)
        if self.cancelled.is_set():
            generation.cancel()
        try:
            done = generation.wait()
        except Exception as exc:  # noqa: BLE001 - the reply failed: EngineErrorEvent
            error: EngineErrorEvent | None = getattr(generation, "error", None)
            if error is not None:
                self.fail(pane, turn, None, error.message)
            else:
                self.fail(pane, turn, exc)
            return
        finally:
            with self._lock:
                self._running.discard(generation)
        reply = PaneReply(
            turn=turn.index,
            user_text=user_text,
            text=done.text,
            tokens=tuple(generation.tokens),
            finish_reason=done.finish_reason,
            stats=done.stats,
            params=params,
            seed=seed,
            provenance=provenance,
            error=done.error,
            model_prompt=_model_prompt(backend, messages, model, caps.apply_template),
            count_note=caps.why_not("tokenizer"),
        )
        pane.end(reply)
        self._emit(PaneFinished(pane.index, turn.index, done.finish_reason, done.stats, done.error))


def _holds_model(backend: Backend) -> bool:
    """Whether a local engine still has a model loaded (its process may have died)."""
    try:
        backend.resolve_model(None)
    except Exception:  # noqa: BLE001 - EngineError not_loaded
        return False
    return True


def _model_prompt(
    backend: Backend, messages: Sequence[ChatMessage], model: str | None, available: bool
) -> str:
    if not available:
        return ""
    try:
        return backend.apply_template(messages, model=model)
    except Exception:  # noqa: BLE001 - informative only: the reply is there
        return ""
