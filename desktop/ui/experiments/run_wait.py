"""An experiment run waiting for its turn on the engine the chat and the API server share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.engine.turns import API_OWNER, APP_OWNER
from desktop.core.experiments.runner import ExperimentRunner, ExperimentSpec

EXPERIMENT_WAITER = "experiment"  # its place among the engine's waiters (EngineSession)


@dataclass(frozen=True)
class PendingRun:
    """A run as the user pressed Run: its spec then, not as the setup is edited meanwhile."""

    runner: ExperimentRunner  # not started
    spec: ExperimentSpec
    experiment_id: int


class RunWait(QObject):
    """Holds the one run that starts once the shared engine is free for it: no API request on
    it, no chat reply running (nor waiting), no model loading. `turn` delivers the run when
    it may start; `waiting_for` says what it waits for, each time that changes."""

    turn = Signal(object)  # PendingRun
    waiting_for = Signal(str)

    def __init__(
        self, engine: Any, chat_busy: Callable[[], bool], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._engine = engine  # desktop.ui.chat.engine_session.EngineSession
        self._chat_busy = chat_busy
        self.pending: PendingRun | None = None
        self._said = ""
        engine.loaded.connect(self.on_load_ended)
        engine.load_failed.connect(self.on_load_ended)

    def blocker(self) -> str:
        """What the run would wait for now: "api", "chat", "loading", or "" (nothing)."""
        holder = self._engine.turn_holder()
        if holder == API_OWNER:
            return "api"
        if self._chat_busy() or holder == APP_OWNER:
            return "chat"
        if self._engine.is_loading():
            return "loading"
        return ""

    def wait(self, pending: PendingRun) -> bool:
        """Start waiting; False when the engine is not shared (nothing would wake the run)."""
        self.pending = pending
        self._said = ""
        self._say(self.blocker() or "api")
        if self._engine.wait_for_turn(self.on_turn, waiter=EXPERIMENT_WAITER, ready=self._ready):
            return True
        self.pending = None
        return False

    def cancel(self) -> PendingRun | None:
        """Stop waiting; the run that waited, if any (never started, nothing saved of it)."""
        pending, self.pending = self.pending, None
        if pending is not None:
            self._engine.cancel_wait(EXPERIMENT_WAITER)
        return pending

    def _ready(self) -> bool:
        blocker = self.blocker()
        if blocker:
            self._say(blocker)
        return not blocker

    def _say(self, blocker: str) -> None:
        if blocker == self._said:
            return
        self._said = blocker
        texts = {
            "api": self.tr("Waiting for the API server's request to finish…"),
            "chat": self.tr("Waiting for the chat's reply to finish…"),
            "loading": self.tr("Waiting for the model to finish loading…"),
        }
        self.waiting_for.emit(
            texts[blocker] + " " + self.tr("The run starts by itself; Cancel stops waiting.")
        )

    @Slot()
    def on_turn(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            self.turn.emit(pending)

    @Slot()
    def on_load_ended(self) -> None:
        if self.pending is not None:
            self._engine.recheck_turn()
