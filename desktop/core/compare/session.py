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
import logging
import random
import threading
from collections.abc import Callable, Sequence

from desktop.core.compare.divergence import divergences
from desktop.core.compare.events import CompareEvent, Observer, TurnFinished, TurnStarted
from desktop.core.compare.pane import Pane, PaneReply, model_key, unique_labels
from desktop.core.compare.pane_run import (
    BackendResolver,
    Lane,
    LocalFactory,
    PaneRunner,
    TurnInput,
)
from desktop.core.compare.schedule import Schedule, plan
from desktop.core.compare.target import CompareTarget
from desktop.core.engine.protocol import ChatMessage, Token
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError
from desktop.core.models.hardware import Hardware

log = logging.getLogger(__name__)

MIN_TARGETS, MAX_TARGETS = 2, 4

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


class CompareError(UserError, ValueError):
    """A comparison that cannot start, or a message it cannot take now."""


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
        self._observers: list[tuple[Observer, int | None]] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.turns: list[Turn] = []
        labels = unique_labels(self.targets)
        self.panes = [Pane(i, t, labels[i], model_key(t)) for i, t in enumerate(self.targets)]
        for pane in self.panes:
            pane.history.extend(m for m in self.history if m.role != "system")
        self.schedule: Schedule = plan(self.targets, hardware, self._slots())
        self._runner = PaneRunner(
            backends=backends,
            local_factory=local_factory,
            top_logprobs=self.top_logprobs,
            threads=self.schedule.threads,
            emit=self._emit,
        )

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
            self._runner.cancelled.clear()
            self._thread = threading.Thread(
                target=self._run_turn, args=(turn,), name="compare-turn", daemon=True
            )
            for pane in self.panes:
                pane.begin(turn.index)
            self._thread.start()
        return turn

    def restore(self, turns: Sequence[Turn], replies: Sequence[Sequence[PaneReply]]) -> None:
        """Takes up a saved comparison before its next message: its finished `turns` and
        each pane's saved `replies` (its history grows from them as if they had streamed)."""
        with self._lock:
            if self.turns or self.running:
                raise CompareError(BUSY())
            self.turns = list(turns)
        for pane, saved in zip(self.panes, replies, strict=False):
            for reply in saved:
                pane.end(reply)

    def wait(self, timeout: float | None = None) -> bool:
        """Waits for the running turn; True when none is running any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def cancel(self) -> None:
        """Stops every reply now; panes not started yet in this turn do not start."""
        self._runner.cancel()

    def close(self) -> None:
        """Stops the turn and the engine processes this session started."""
        with self._lock:
            self._closed = True
        self.cancel()
        self.wait(30)
        self._runner.close()

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

    def _run_lane(self, lane: Lane, turn: Turn) -> None:
        given = TurnInput(turn.index, turn.text, turn.seed)
        for i in self._runner.order(lane, self.targets):
            try:
                self._runner.run(lane, self.panes[i], given)
            except Exception as exc:  # noqa: BLE001 - one pane's bug must not stop the others
                log.exception("compare pane %d failed", i)
                self._runner.fail(self.panes[i], given, exc)
