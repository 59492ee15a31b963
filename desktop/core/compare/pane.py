"""One pane of a comparison: its target, its own history, its live reply and past replies.

A pane keeps the conversation as its model saw it: the same user messages as every pane
(through its template on the first turn) and its own replies. Its live state is written by the
session's threads and read by anyone through `view()` and `take_pending()` (thread-safe).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from desktop.core.backends.base import Provenance
from desktop.core.compare.target import CompareTarget, default_label, label_parts
from desktop.core.engine.protocol import ChatMessage, GenerationStats, SamplingParams, Token
from desktop.core.messages import Message

PaneStatus = Literal["idle", "waiting", "loading", "streaming", "done", "failed"]


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


@dataclass(frozen=True)
class PaneReply:
    """One turn's reply in one pane. `finish_reason` "error" (with `error`) when there was
    none; an interrupted or cancelled reply keeps its text."""

    turn: int
    user_text: str  # the user's message as this pane sent it (its template applied)
    text: str
    tokens: tuple[Token, ...]
    finish_reason: str
    stats: GenerationStats | None
    params: SamplingParams
    seed: int
    provenance: Provenance | None
    error: Message | None = None
    hint: Message | None = None
    model_prompt: str = ""  # the whole prompt after the chat template, when the backend shows it
    count_note: Message | None = None  # why the token count is an estimate, when it is
    # A reopened reply saved without its probabilities keeps only its token ids.
    saved_ids: tuple[int, ...] | None = None

    @property
    def failed(self) -> bool:
        return self.finish_reason == "error"

    @property
    def token_count(self) -> int:
        if self.stats is not None and self.stats.completion_tokens:
            return self.stats.completion_tokens
        return sum(1 for t in self.tokens if not t.forced)

    @property
    def token_ids(self) -> tuple[int, ...] | None:
        """The reply's token ids; None when the backend streamed text without them."""
        if not self.tokens and self.saved_ids is not None:
            return self.saved_ids
        if any(t.id < 0 for t in self.tokens):
            return None
        return tuple(t.id for t in self.tokens)

    @property
    def ttft_seconds(self) -> float | None:
        return self.stats.ttft_seconds if self.stats is not None else None

    @property
    def tokens_per_second(self) -> float | None:
        return self.stats.decode_tok_s if self.stats is not None else None


@dataclass(frozen=True)
class PaneView:
    """What a pane shows right now."""

    status: PaneStatus
    turn: int
    text: str
    count: int
    ttft_seconds: float | None
    tokens_per_second: float | None
    error: Message | None


class Pane:
    def __init__(self, index: int, target: CompareTarget, label: str, model_key: object) -> None:
        self.index = index
        self.target = target
        self.label = label
        self.model_key = model_key  # panes with equal keys share a vocabulary
        self.history: list[ChatMessage] = []  # user and assistant messages, no system
        self.replies: list[PaneReply] = []
        self._lock = threading.Lock()
        self._status: PaneStatus = "idle"
        self._turn = -1
        self._tokens: list[Token] = []
        self._texts: list[str] = []
        self._pending: list[Token] = []
        self._count = 0  # tokens the model chose (not forced): kept, not recounted per batch
        self._started = 0.0
        self._first: float | None = None
        self._last: float | None = None
        self._error: Message | None = None

    # ---- written by the session

    def begin(self, turn: int) -> None:
        with self._lock:
            self._status, self._turn = "waiting", turn
            self._tokens, self._texts, self._pending = [], [], []
            self._count = 0
            self._first = self._last = None
            self._error = None

    def set_status(self, status: PaneStatus) -> None:
        with self._lock:
            self._status = status
            if status == "streaming":
                self._started = time.perf_counter()

    def add_tokens(self, tokens: tuple[Token, ...]) -> int:
        """Returns the reply's token count so far."""
        now = time.perf_counter()
        with self._lock:
            if self._first is None:
                self._first = now
            self._last = now
            self._tokens.extend(tokens)
            self._texts.extend(t.text for t in tokens)
            self._pending.extend(tokens)
            self._count += sum(1 for t in tokens if not t.forced)
            return self._count

    def end(self, reply: PaneReply) -> None:
        with self._lock:
            self._status = "failed" if reply.failed else "done"
            self._error = reply.error
            self.replies.append(reply)
            self.history.append(ChatMessage("user", reply.user_text))
            if reply.text:
                self.history.append(ChatMessage("assistant", reply.text))

    # ---- read by anyone

    def messages(self, user_text: str) -> tuple[ChatMessage, ...]:
        """What the model reads for the next turn: system prompt, history, the new message."""
        system = self.target.system_prompt()
        head = (ChatMessage("system", system),) if system else ()
        return (*head, *self.history, ChatMessage("user", user_text))

    def take_pending(self) -> tuple[Token, ...]:
        """Tokens streamed since the last call (for a view that redraws once per frame)."""
        with self._lock:
            pending, self._pending = self._pending, []
        return tuple(pending)

    def view(self) -> PaneView:
        with self._lock:
            if self._status in ("done", "failed") and self.replies:
                last = self.replies[-1]
                return PaneView(
                    self._status, self._turn, last.text, last.token_count,
                    last.ttft_seconds, last.tokens_per_second, self._error,
                )  # fmt: skip
            count = self._count
            ttft = self._first - self._started if self._first and self._started else None
            rate = None
            if count > 1 and self._first is not None and self._last is not None:
                span = self._last - self._first
                rate = (count - 1) / span if span > 0 else None
            return PaneView(
                self._status, self._turn, "".join(self._texts), count, ttft, rate, self._error
            )
