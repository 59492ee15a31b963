"""What a compare session tells its observers, as plain frozen dataclasses.

Observers are called on the session's worker threads (a pane's engine reader thread, a
server's loop thread, the turn thread), one event at a time per pane: keep them short and hand
the event to your own thread (the Compare page queues them to the GUI thread, or ignores
`PaneTokens` and pulls text once per frame with `CompareSession.drain()`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.core.compare.divergence import Divergence
from desktop.core.compare.schedule import Schedule
from desktop.core.engine.protocol import GenerationStats, Token
from desktop.core.messages import Message


@dataclass(frozen=True)
class PaneLoading:
    """The pane's local model is loading (the pane waits for its engine)."""

    pane: int
    turn: int
    model: str


@dataclass(frozen=True)
class PaneStarted:
    """The request went out; tokens follow."""

    pane: int
    turn: int


@dataclass(frozen=True)
class PaneTokens:
    """Tokens streamed into the pane; `count` is its reply's token count so far."""

    pane: int
    turn: int
    tokens: tuple[Token, ...]
    count: int


@dataclass(frozen=True)
class PaneFinished:
    """The pane's reply ended (complete, length, cancelled, or interrupted with its text kept:
    `error` then says why)."""

    pane: int
    turn: int
    finish_reason: str
    stats: GenerationStats | None
    error: Message | None = None


@dataclass(frozen=True)
class PaneFailed:
    """The pane produced no reply this turn: its model did not load, its server refused..."""

    pane: int
    turn: int
    error: Message
    hint: Message | None = None


@dataclass(frozen=True)
class TurnStarted:
    turn: int
    text: str
    schedule: Schedule


@dataclass(frozen=True)
class TurnFinished:
    """Every pane is done; `divergences` of panes with the same model (see divergence.py),
    `identical` the pairs of such panes whose replies are the same token for token."""

    turn: int
    divergences: tuple[Divergence, ...]
    identical: tuple[tuple[int, int], ...]


PaneEvent = PaneLoading | PaneStarted | PaneTokens | PaneFinished | PaneFailed
CompareEvent = PaneEvent | TurnStarted | TurnFinished
Observer = Callable[[CompareEvent], None]
