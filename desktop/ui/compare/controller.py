"""CompareController: runs a CompareSession for the Compare page, off the GUI thread.

The session's observers are called on its worker threads; here they only hand each event to
the GUI thread through a queued signal, and streamed tokens are not signalled one batch at a
time at all: a frame timer pulls them with `CompareSession.drain()` (four panes streaming at
once must not flood the event loop). Starting a session (reading the models' headers for the
memory plan), closing it (stopping its engine processes), saving turns, picks and ratings,
continuing a pane as a chat and reading a chat to compare on all run as background tasks.
A saved comparison is reopened (`open_saved`) without starting anything: its engines start
with its next message, and that turn is saved into the same comparison.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.compare.continue_chat import (
    continue_as_chat,
    transcript_from_pane,
    transcript_from_stored,
)
from desktop.core.compare.engines import BackgroundLocalBackend
from desktop.core.compare.events import (
    CompareEvent,
    PaneFailed,
    PaneFinished,
    PaneLoading,
    PaneStarted,
    PaneTokens,
    TurnFinished,
    TurnStarted,
)
from desktop.core.compare.from_chat import ChatStart, compare_from_chat
from desktop.core.compare.pane_run import LocalFactory
from desktop.core.compare.record import ComparisonRecorder
from desktop.core.compare.reopen import ReopenedComparison, reopen
from desktop.core.compare.session import CompareSession
from desktop.core.compare.target import CompareTarget
from desktop.core.engine.protocol import ChatMessage
from desktop.core.models.hardware import Hardware
from desktop.ui.i18n import error_text
from desktop.ui.widgets.tasks import BackgroundTasks

log = logging.getLogger(__name__)

FRAME_MS = 33  # streamed text is applied at most this often
TOP_LOGPROBS = 5  # alternatives per token: the panes shade probabilities like the chat


class CompareController(QObject):
    """Owns at most one live session; every signal arrives on the GUI thread."""

    turn_started = Signal(object)  # TurnStarted
    pane_loading = Signal(object)  # PaneLoading
    pane_started = Signal(object)  # PaneStarted
    tokens_arrived = Signal(int, object)  # pane, tuple[Token, ...] (once per frame)
    frame = Signal()  # after a frame's tokens: live stats may be read (`session.panes[i].view()`)
    pane_finished = Signal(object)  # PaneFinished or PaneFailed, after the pane's last tokens
    turn_finished = Signal(object)  # TurnFinished
    busy_changed = Signal(bool)
    saved = Signal(int, int)  # experiment id, run id: the comparison is in the store
    rated = Signal(int, int)  # turn, pane: a pick or rating was saved
    chat_created = Signal(int)  # conversation id of a pane continued as a chat
    chat_read = Signal(object)  # ChatStart: "Compare…" from a chat message
    reopened = Signal(object)  # ReopenedComparison: a saved comparison, ready to show
    problem = Signal(str)  # something failed that the user should read
    closed = Signal()  # the previous session's engines have stopped

    _event = Signal(object)  # worker threads -> GUI thread

    def __init__(
        self,
        *,
        comparisons: Any = None,  # desktop.core.store.comparisons.ComparisonRepository
        store: Any = None,  # the open Store: chats are read and created in it
        backends: Callable[[], Any] | None = None,  # the BackendRegistry, made on first use
        local_factory: LocalFactory | None = None,
        hardware: Hardware | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.comparisons = comparisons
        self.store = store
        self.backends = backends
        # Local panes run in engines of their own, below the window's priority (engines.py).
        self.local_factory = local_factory or BackgroundLocalBackend
        self.hardware = hardware
        self.session: CompareSession | None = None
        self.recorder: ComparisonRecorder | None = None
        self.run_id: int | None = None
        self.restored: ReopenedComparison | None = None  # reopened, no message sent since
        self._busy = False
        self._starting = False
        self._generation = 0  # a session that finishes starting after "New" is closed at once
        self._tasks = BackgroundTasks(self, name="tessera-compare")
        self._store_tasks = BackgroundTasks(self, ordered=True, name="tessera-compare-store")
        self._frame = QTimer(self)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self.on_frame_timeout)
        self._event.connect(self.on_event)

    # ------------------------------------------------------------------ state

    @property
    def busy(self) -> bool:
        """A session is starting or a turn is running."""
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def started(self) -> bool:
        """Whether a comparison is under way (its panes' targets are fixed)."""
        return self.session is not None or self._starting or self.restored is not None

    # ------------------------------------------------------------------ turns

    def send(
        self,
        text: str,
        targets: Sequence[CompareTarget] = (),
        history: Sequence[ChatMessage] = (),
    ) -> bool:
        """Sends `text` to every pane: the first message starts a session on `targets`
        (in the background), follow-ups go to the running one. False when it cannot now."""
        if self._busy or not text.strip():
            return False
        if self.session is not None:
            return self._send(text)
        resolver = self._resolver()
        local_factory, hardware = self.local_factory, self.hardware
        restored = self.restored
        if restored is not None:  # the reopened comparison goes on with the same panes
            targets, history = restored.targets, restored.history

        def make() -> CompareSession:
            session = CompareSession(
                list(targets),
                backends=resolver,
                local_factory=local_factory,
                hardware=hardware,
                top_logprobs=TOP_LOGPROBS,
                history=list(history),
            )
            if restored is not None:
                session.restore(restored.turns, [p.replies for p in restored.panes])
            session.subscribe(lambda event: self._observe(session, event))
            return session

        self._starting = True
        self._set_busy(True)
        generation = self._generation
        self._tasks.run(
            make, lambda s: self._on_session(s, text, generation), self._on_start_failed
        )
        return True

    def _resolver(self) -> Callable[[str], Any] | None:
        backends = self.backends
        if backends is None:
            return None
        return lambda name: backends().open(name)

    def _on_session(self, session: CompareSession, text: str, generation: int) -> None:
        if generation != self._generation:
            self._tasks.run(session.close)
            return
        self._starting = False
        self.session = session
        restored, self.restored = self.restored, None
        if self.comparisons is not None:
            self.recorder = ComparisonRecorder(self.comparisons, session)
            if restored is not None:
                self.recorder.resume(
                    restored.experiment_id,
                    restored.run_id,
                    dict(restored.result_ids),
                    name=restored.name,
                )
        self._set_busy(False)
        self._send(text)

    def _on_start_failed(self, exc: BaseException) -> None:
        if not self._starting:
            return  # "New" was pressed meanwhile
        self._starting = False
        self._set_busy(False)
        self.problem.emit(error_text(exc))

    def _send(self, text: str) -> bool:
        assert self.session is not None
        try:
            self.session.send(text)
        except Exception as exc:  # noqa: BLE001 - CompareError: busy, closed, empty
            self.problem.emit(error_text(exc))
            return False
        self._set_busy(True)
        self._frame.start()
        return True

    def cancel(self) -> None:
        if self.session is not None:
            self.session.cancel()

    def close_session(self) -> None:
        """Ends the comparison: its engines stop in the background (`closed` then)."""
        session, self.session, self.recorder, self.run_id = self.session, None, None, None
        self.restored = None
        self._generation += 1
        self._starting = False
        self._frame.stop()
        self._set_busy(False)
        if session is None:
            return
        session.cancel()
        self._tasks.run(session.close, lambda _r: self.closed.emit(), self._on_problem)

    # ------------------------------------------------------------------ events

    def _observe(self, session: CompareSession, event: CompareEvent) -> None:
        # On a session thread: tokens are pulled per frame, everything else goes across.
        if not isinstance(event, PaneTokens):
            self._event.emit((session, event))

    @Slot(object)
    def on_event(self, sent: tuple[CompareSession, CompareEvent]) -> None:
        session, event = sent
        if session is not self.session:
            return  # a closed session's last words
        if isinstance(event, TurnStarted):
            self.turn_started.emit(event)
        elif isinstance(event, PaneLoading):
            self.pane_loading.emit(event)
        elif isinstance(event, PaneStarted):
            self.pane_started.emit(event)
        elif isinstance(event, (PaneFinished, PaneFailed)):
            self._flush(session)
            self.pane_finished.emit(event)
        elif isinstance(event, TurnFinished):
            self._flush(session)
            self._frame.stop()
            self._set_busy(False)
            self.turn_finished.emit(event)
            self._save()

    @Slot()
    def on_frame_timeout(self) -> None:
        if self.session is not None:
            self._flush(self.session)
            self.frame.emit()

    def _flush(self, session: CompareSession) -> None:
        for pane, tokens in session.drain():
            self.tokens_arrived.emit(pane, tokens)

    # ------------------------------------------------------------------ the store

    def _on_problem(self, exc: BaseException) -> None:
        log.warning("compare: %s", exc)
        self.problem.emit(error_text(exc))

    def _save(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return

        def save() -> tuple[int, int]:
            run_id = recorder.save()
            assert recorder.experiment_id is not None
            return recorder.experiment_id, run_id

        def done(ids: tuple[int, int]) -> None:
            if recorder is self.recorder:
                self.run_id = ids[1]
            self.saved.emit(*ids)

        self._store_tasks.run(save, done, self._on_problem)

    def pick(self, turn: int, pane: int) -> None:
        """Marks pane `pane`'s reply as the better one of `turn` (saved, then `rated`)."""
        recorder, restored, repo = self.recorder, self.restored, self.comparisons
        if recorder is not None:
            work: Callable[[], None] = lambda: recorder.pick(turn, pane)  # noqa: E731
        elif restored is not None and repo is not None:
            work = lambda: repo.pick(restored.run_id, turn, pane)  # noqa: E731
        else:
            return
        self._store_tasks.run(work, lambda _r: self.rated.emit(turn, pane), self._on_problem)

    def rate(self, turn: int, pane: int, rating: int | None) -> None:
        recorder, restored, repo = self.recorder, self.restored, self.comparisons
        if recorder is not None:
            work: Callable[[], None] = lambda: recorder.rate(turn, pane, rating)  # noqa: E731
        elif restored is not None and repo is not None and (turn, pane) in restored.result_ids:
            result_id = restored.result_ids[(turn, pane)]
            work = lambda: repo.rate(result_id, rating)  # noqa: E731
        else:
            return
        self._store_tasks.run(work, lambda _r: self.rated.emit(turn, pane), self._on_problem)

    def continue_as_chat(self, pane: int) -> None:
        """Saves pane `pane`'s conversation as a chat (`chat_created` with its id)."""
        session, restored, store = self.session, self.restored, self.store
        if store is None or (session is None and restored is None):
            return

        def make() -> int:
            if session is not None:
                transcript = transcript_from_pane(session, pane)
            else:
                assert restored is not None
                transcript = transcript_from_stored(restored.stored, pane)
            return int(continue_as_chat(store, transcript).id)

        self._store_tasks.run(make, self.chat_created.emit, self._on_problem)

    def read_chat(self, message_id: int) -> None:
        """What "Compare…" on a chat message starts from (`chat_read` with a ChatStart)."""
        store = self.store
        if store is None:
            return

        def read() -> ChatStart:
            return compare_from_chat(store, message_id)

        self._store_tasks.run(read, self.chat_read.emit, self._on_problem)

    # ------------------------------------------------------------------ saved comparisons

    def saved_comparisons(self) -> list[Any]:
        """The saved comparisons, newest first (ComparisonSummary; a short read)."""
        return [] if self.comparisons is None else self.comparisons.saved()

    def open_saved(self, run_id: int) -> None:
        """Reads saved comparison `run_id` in the background (`reopened` with it, or
        `problem`); nothing starts until the user sends its next message."""
        repo = self.comparisons
        if repo is None:
            return
        generation = self._generation

        def done(found: ReopenedComparison) -> None:
            if generation == self._generation:  # "New comparison" was not pressed meanwhile
                self.reopened.emit(found)

        self._store_tasks.run(lambda: reopen(repo.load(run_id)), done, self._on_problem)

    def take_up(self, found: ReopenedComparison) -> None:
        """Ends the comparison on the page and holds `found` until its next message."""
        self.close_session()
        self.restored = found
        self.run_id = found.run_id

    def shutdown(self) -> None:
        """Stops the session's engines (waiting for them) and the background tasks."""
        session, self.session = self.session, None
        self._frame.stop()
        if session is not None:
            session.close()
        self._store_tasks.shutdown()
        self._tasks.shutdown()
