"""CompareSession: one conversation sent to 2-4 targets at once, each pane streaming live.

    session = CompareSession(targets, backends=registry.open)
    session.subscribe(on_event)                   # or subscribe(on_event, pane=1)
    session.send("Explain recursion")             # returns at once; a turn thread runs it
    session.wait()
    session.send("Shorter, please")               # follow-ups go to every pane
    session.close()                               # stops the engines it started

Every pane keeps its own history with its own replies. Local targets run in engine processes
the session starts (`local_factory`), all at once when `schedule.plan` says they fit in memory
together, else one engine runs them in turn; remote targets run at once (in turns on a server
that serves fewer requests at a time). A pane that fails (its model does not load, its server
refuses) shows the error; the others go on. Panes without a seed share one random seed per
turn, so what differs between them is their settings, not chance.
The session never writes the database: `record.ComparisonRecorder` saves its turns.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import random
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.backends.base import Backend, Event
from desktop.core.compare.divergence import divergences
from desktop.core.compare.events import (
    CompareEvent,
    Observer,
    PaneFailed,
    PaneFinished,
    PaneLoading,
    PaneStarted,
    PaneTokens,
    TurnFinished,
    TurnStarted,
)
from desktop.core.compare.pane import Pane, PaneReply
from desktop.core.compare.schedule import Schedule, engine_options, plan
from desktop.core.compare.target import CompareTarget, default_label, label_parts
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import (
    ChatMessage,
    EngineErrorEvent,
    GenerateRequest,
    LoadOptions,
    Token,
    TokenBatch,
)
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError, plain
from desktop.core.models.hardware import Hardware

log = logging.getLogger(__name__)

MIN_TARGETS, MAX_TARGETS = 2, 4
_REQUEST_IDS = itertools.count(1)  # unique per process: panes may share one engine

TARGET_COUNT = MessageSpec(
    "compare.target_count",
    QT_TRANSLATE_NOOP("CoreMessages", "A comparison has 2 to 4 targets, not {count}."),
)
BUSY = MessageSpec(
    "compare.busy",
    QT_TRANSLATE_NOOP(
        "CoreMessages", "The previous message is still being answered: wait, or stop it first."
    ),
)
EMPTY = MessageSpec("compare.empty", QT_TRANSLATE_NOOP("CoreMessages", "The message is empty."))
CLOSED = MessageSpec(
    "compare.closed", QT_TRANSLATE_NOOP("CoreMessages", "This comparison has been closed.")
)
NO_BACKENDS = MessageSpec(
    "compare.no_backends",
    QT_TRANSLATE_NOOP("CoreMessages", "Saved backends are not available here, so {name} is not."),
)
LOAD_FAILED = MessageSpec(
    "compare.load_failed",
    QT_TRANSLATE_NOOP("CoreMessages", "{name} could not be loaded: {reason}"),
)


class CompareError(UserError, ValueError):
    """A comparison that cannot start, or a message it cannot take now."""


BackendResolver = Callable[[str], Backend]  # a saved backend's name -> its open Backend
LocalFactory = Callable[[], Backend]  # a new local engine backend (LocalBackend)


def _new_local() -> Backend:
    from desktop.core.backends.local import LocalBackend

    return LocalBackend()


def model_key(target: CompareTarget) -> object:
    """Replies of targets with the same key come from one vocabulary (token ids compare)."""
    if target.is_local:
        return ("file", target.model)
    return ("backend", target.backend, target.model)


def unique_labels(targets: Sequence[CompareTarget]) -> list[str]:
    """Each pane's label: its own, or what tells it apart (settings every pane shares are
    left out); a number is added to labels that are still the same."""
    word_sets = [set(label_parts(t)[1]) for t in targets]
    common = frozenset(set.intersection(*word_sets)) if word_sets else frozenset()
    labels: list[str] = []
    for target in targets:
        label = target.label or default_label(target, common)
        base, n = label, 2
        while label in labels:
            label, n = f"{base} ({n})", n + 1
        labels.append(label)
    return labels


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
class Turn:
    """One message sent to every pane, and what came back once the turn finished."""

    index: int
    text: str
    seed: int  # the seed of panes that set none
    finished: TurnFinished | None = None


class CompareSession:
    """Thread-safe. `hardware` None is detected when two or more targets are local."""

    def __init__(
        self,
        targets: Sequence[CompareTarget],
        *,
        backends: BackendResolver | None = None,
        local_factory: LocalFactory | None = None,
        hardware: Hardware | None = None,
        top_logprobs: int = 0,
        history: Sequence[ChatMessage] = (),
    ) -> None:
        if not MIN_TARGETS <= len(targets) <= MAX_TARGETS:
            raise CompareError(TARGET_COUNT(count=len(targets)))
        self.targets = tuple(targets)
        self.top_logprobs = max(0, min(20, top_logprobs))
        self.history = tuple(history)
        self._backends = backends
        self._local_factory = local_factory or _new_local
        self._observers: list[tuple[Observer, int | None]] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._closed = False
        self._running: set[Any] = set()  # generations to cancel
        self._engines: dict[tuple[int, ...], Backend] = {}  # lane -> its local engine
        self._loaded: dict[tuple[int, ...], LoadOptions | None] = {}
        self.turns: list[Turn] = []
        labels = unique_labels(self.targets)
        self.panes = [Pane(i, t, labels[i], model_key(t)) for i, t in enumerate(self.targets)]
        for pane in self.panes:
            pane.history.extend(m for m in self.history if m.role != "system")
        self.schedule: Schedule = plan(self.targets, hardware, self._slots())

    # ------------------------------------------------------------------ observers

    def subscribe(self, observer: Observer, pane: int | None = None) -> Callable[[], None]:
        """Calls `observer` with every event (only pane `pane`'s and the turn's events when
        given); returns the function that unsubscribes it."""
        entry = (observer, pane)
        with self._lock:
            self._observers.append(entry)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._observers.remove(entry)

        return unsubscribe

    def _emit(self, event: CompareEvent) -> None:
        with self._lock:
            observers = list(self._observers)
        target = getattr(event, "pane", None)
        for observer, pane in observers:
            if pane is not None and target is not None and pane != target:
                continue
            try:
                observer(event)
            except Exception:
                log.exception("a compare observer failed")

    def drain(self) -> list[tuple[int, tuple[Token, ...]]]:
        """(pane, tokens) streamed since the last call, for panes that got any: a view that
        redraws once per frame pulls here instead of reacting to every PaneTokens."""
        out = []
        for pane in self.panes:
            tokens = pane.take_pending()
            if tokens:
                out.append((pane.index, tokens))
        return out

    # ------------------------------------------------------------------ turns

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def send(self, text: str) -> Turn:
        """Sends `text` to every pane (returns at once; events tell the rest)."""
        if not text.strip():
            raise CompareError(EMPTY())
        with self._lock:
            if self._closed:
                raise CompareError(CLOSED())
            if self._thread is not None and self._thread.is_alive():
                raise CompareError(BUSY())
            turn = Turn(len(self.turns), text, random.randrange(2**31))
            self.turns.append(turn)
            self._cancel.clear()
            self._thread = threading.Thread(
                target=self._run_turn, args=(turn,), name="compare-turn", daemon=True
            )
            for pane in self.panes:
                pane.begin(turn.index)
            self._thread.start()
        return turn

    def wait(self, timeout: float | None = None) -> bool:
        """Waits for the running turn; True when none is running any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def cancel(self) -> None:
        """Stops every reply now; panes not started yet in this turn do not start."""
        self._cancel.set()
        with self._lock:
            running = list(self._running)
        for generation in running:
            with contextlib.suppress(Exception):
                generation.cancel()

    def close(self) -> None:
        """Stops the turn and the engine processes this session started."""
        with self._lock:
            self._closed = True
        self.cancel()
        self.wait(30)
        with self._lock:
            engines, self._engines = list(self._engines.values()), {}
        for engine in engines:
            with contextlib.suppress(Exception):
                engine.close()

    def __enter__(self) -> CompareSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the turn thread

    def _slots(self) -> dict[str, int | None]:
        slots: dict[str, int | None] = {}
        for target in self.targets:
            if target.is_local or target.backend in slots or self._backends is None:
                continue
            try:
                slots[str(target.backend)] = (
                    self._backends(str(target.backend)).capabilities().parallel_slots
                )
            except Exception:  # noqa: BLE001 - the pane reports it when it runs
                slots[str(target.backend)] = None
        return slots

    def _run_turn(self, turn: Turn) -> None:
        self._emit(TurnStarted(turn.index, turn.text, self.schedule))
        threads = [
            threading.Thread(
                target=self._run_lane, args=(lane, turn), name="compare-lane", daemon=True
            )
            for lane in self.schedule.lanes
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        replies = [
            (p.index, p.model_key, p.replies[-1].tokens)
            for p in self.panes
            if p.replies and p.replies[-1].turn == turn.index and not p.replies[-1].failed
        ]
        found, same = divergences(replies)
        finished = TurnFinished(turn.index, found, same)
        with self._lock:
            self.turns[turn.index] = dataclasses.replace(turn, finished=finished)
        self._emit(finished)

    def _lane_order(self, lane: tuple[int, ...]) -> list[int]:
        """The lane's panes, those whose model its engine holds already first."""
        loaded = self._loaded.get(lane)
        if loaded is None:
            return list(lane)
        threads = self.schedule.threads
        return sorted(
            lane,
            key=lambda i: (
                0
                if self.targets[i].is_local and engine_options(self.targets[i], threads) == loaded
                else 1
            ),
        )

    def _run_lane(self, lane: tuple[int, ...], turn: Turn) -> None:
        for i in self._lane_order(lane):
            try:
                self._run_pane(lane, self.panes[i], turn)
            except Exception as exc:  # noqa: BLE001 - one pane's bug must not stop the others
                log.exception("compare pane %d failed", i)
                self._fail(self.panes[i], turn, exc)

    def _engine(self, lane: tuple[int, ...]) -> Backend:
        with self._lock:
            engine = self._engines.get(lane)
            if engine is None:
                engine = self._engines[lane] = self._local_factory()
            return engine

    def _fail(
        self, pane: Pane, turn: Turn, exc: BaseException | None, message: Message | None = None
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

    def _run_pane(self, lane: tuple[int, ...], pane: Pane, turn: Turn) -> None:
        target = pane.target
        user_text = target.user_text(turn.text, turn.index == 0)
        params = target.sampling()
        seed = params.seed if params.seed is not None else turn.seed
        params = dataclasses.replace(params, seed=seed)
        if self._cancel.is_set():
            pane.end(
                PaneReply(turn.index, user_text, "", (), "cancelled", None, params, seed, None)
            )
            self._emit(PaneFinished(pane.index, turn.index, "cancelled", None))
            return
        model: str | None = None
        try:
            if target.is_local:
                backend = self._engine(lane)
                options = engine_options(target, self.schedule.threads)
                if self._loaded.get(lane) == options and not _holds_model(backend):
                    self._loaded[lane] = None  # its process died since: load it again
                if self._loaded.get(lane) != options:
                    pane.set_status("loading")
                    self._emit(PaneLoading(pane.index, turn.index, options.path))
                    self._loaded[lane] = None
                    try:
                        backend.load(options)
                    except Exception as exc:  # noqa: BLE001 - EngineError, a bad option...
                        reason, _hint = error_messages(exc)
                        name = plain(Path(options.path).name)
                        self._fail(pane, turn, exc, LOAD_FAILED(name=name, reason=reason))
                        return
                    self._loaded[lane] = options
            else:
                if self._backends is None:
                    raise CompareError(NO_BACKENDS(name=target.backend))
                backend = self._backends(str(target.backend))
                model = backend.resolve_model(target.model)
            caps = backend.capabilities()
            provenance = backend.provenance(model or target.model)
        except Exception as exc:  # noqa: BLE001 - unknown backend, unreachable server...
            self._fail(pane, turn, exc)
            return
        top = min(self.top_logprobs, caps.max_top_logprobs) if caps.logprobs else 0
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
            self._fail(pane, turn, exc)
            return
        with self._lock:
            self._running.add(generation)
        if self._cancel.is_set():
            generation.cancel()
        try:
            done = generation.wait()
        except Exception as exc:  # noqa: BLE001 - the reply failed: EngineErrorEvent
            error: EngineErrorEvent | None = getattr(generation, "error", None)
            if error is not None and error.user_message is not None:
                self._fail(pane, turn, None, error.user_message)
            else:
                self._fail(pane, turn, exc)
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
