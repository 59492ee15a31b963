"""Reopening a saved comparison: its panes, turns and replies as the session had them.

`reopen(stored)` turns a StoredComparison into what the Compare page shows and what a
CompareSession takes up again (`CompareSession.restore`): each pane's target and label, each
turn's message, seed and divergences, each pane's replies with their text, stats, provenance
and (where saved) per-token probabilities, the ratings and picks. It reads no engine and
writes nothing; what cannot be shown as saved is said (`problems`, a pane's `missing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.backends.base import Provenance
from desktop.core.compare.divergence import Divergence
from desktop.core.compare.events import TurnFinished
from desktop.core.compare.pane import PaneReply, unique_labels
from desktop.core.compare.session import MAX_TARGETS, MIN_TARGETS, Turn
from desktop.core.compare.target import CompareTarget
from desktop.core.engine.protocol import ChatMessage, GenerationStats, Token, TopToken
from desktop.core.experiments.results import CellResult
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, MessageSpec, UserError, plain
from desktop.core.store.comparisons import StoredComparison, StoredTurn
from desktop.core.store.records import MessageLogprobs

MODEL_MISSING = MessageSpec(
    "compare.model_missing",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The model file {name} is no longer at {path}. This pane shows its saved replies; "
        "new messages cannot be answered in it until the file is back.",
    ),
)
REPLY_NOT_SAVED = MessageSpec(
    "compare.reply_not_saved",
    QT_TRANSLATE_NOOP("CoreMessages", "Pane {pane} has no saved reply to message {turn}."),
)
PANE_COUNT = MessageSpec(
    "compare.reopen_pane_count",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This comparison cannot be reopened in Compare: it has {count} saved panes, and a "
        "comparison has 2 to 4. Its replies are still listed on the Experiments page.",
    ),
)


class ReopenError(UserError, ValueError):
    """A saved comparison that the Compare page cannot show."""


@dataclass(frozen=True)
class SavedPane:
    target: CompareTarget
    label: str
    replies: tuple[PaneReply, ...]  # in turn order; a turn without a saved reply is skipped
    ratings: Mapping[int, int] = field(default_factory=dict)  # turn -> stars
    missing: Message | None = None  # why this pane cannot answer new messages

    def reply(self, turn: int) -> PaneReply | None:
        return next((r for r in self.replies if r.turn == turn), None)


@dataclass(frozen=True)
class ReopenedComparison:
    stored: StoredComparison
    history: tuple[ChatMessage, ...]
    turns: tuple[Turn, ...]  # every one finished
    panes: tuple[SavedPane, ...]
    picked: Mapping[int, int]  # turn -> the pane picked as better
    result_ids: Mapping[tuple[int, int], int]  # (turn, pane) -> saved result, for ratings
    problems: tuple[Message, ...]  # what of it was not saved, said once for the page

    @property
    def run_id(self) -> int:
        return self.stored.run_id

    @property
    def experiment_id(self) -> int:
        return self.stored.experiment_id

    @property
    def name(self) -> str:
        return self.stored.name

    @property
    def targets(self) -> tuple[CompareTarget, ...]:
        return tuple(p.target for p in self.panes)


def reopen(stored: StoredComparison) -> ReopenedComparison:
    """Raises ReopenError when the comparison cannot be shown as a comparison at all."""
    targets = _targets(stored)
    if not MIN_TARGETS <= len(targets) <= MAX_TARGETS:
        raise ReopenError(PANE_COUNT(count=len(targets)))
    labels = list(stored.labels[: len(targets)])
    if len(labels) < len(targets):
        labels = unique_labels(targets)
    turns = tuple(_turn(i, t) for i, t in enumerate(stored.turns))
    problems: list[Message] = []
    panes = []
    for index, target in enumerate(targets):
        replies = []
        ratings: dict[int, int] = {}
        for turn in turns:
            saved = stored.result(turn.index, index)
            if saved is None:
                problems.append(REPLY_NOT_SAVED(pane=index + 1, turn=turn.index + 1))
                continue
            stored_turn = stored.turns[turn.index]
            replies.append(_reply(turn.index, saved.result, stored_turn, index))
            if saved.rating is not None:
                ratings[turn.index] = saved.rating
        panes.append(SavedPane(target, labels[index], tuple(replies), ratings, _missing(target)))
    picked = {}
    for turn in turns:
        pane = stored.picked(turn.index)
        if pane is not None:
            picked[turn.index] = pane
    result_ids = {(s.result.cell.case, s.result.cell.config): s.id for s in stored.run.results}
    return ReopenedComparison(
        stored=stored,
        history=stored.history,
        turns=turns,
        panes=tuple(panes),
        picked=picked,
        result_ids=result_ids,
        problems=tuple(problems),
    )


def _targets(stored: StoredComparison) -> list[CompareTarget]:
    configs = stored.run.spec.configs
    if stored.targets and (not configs or len(stored.targets) == len(configs)):
        return list(stored.targets)
    # The snapshot lost its targets: the experiment's configs say what each pane ran.
    return [
        CompareTarget(
            "backend" if c.backend else "model",
            c.model_path or None,
            backend=c.backend or None,
            params=dict(c.params),
            load=dict(c.load),
        )
        for c in configs
    ]


def _missing(target: CompareTarget) -> Message | None:
    if not target.is_local or not target.model:
        return None
    path = Path(target.model)
    return None if path.is_file() else MODEL_MISSING(name=path.name, path=str(path.parent))


def _turn(index: int, saved: StoredTurn) -> Turn:
    divergences = []
    for data in saved.divergences:
        try:
            divergences.append(Divergence.from_dict(data))
        except (KeyError, TypeError, ValueError):
            continue  # a mark not shown again; the replies are
    finished = TurnFinished(index, tuple(divergences), tuple(saved.identical))
    return Turn(index, saved.text, saved.seed, finished)


def _tokens(logprobs: MessageLogprobs) -> tuple[Token, ...]:
    return tuple(
        Token(
            id=t.id,
            text=t.text,
            piece=t.text.encode("utf-8"),
            logprob=t.logprob,
            top=tuple(TopToken(a.id, a.text, a.logprob) for a in t.alternatives),
            forced=t.forced,
        )
        for t in logprobs.tokens
    )


def _stats(r: CellResult) -> GenerationStats:
    return GenerationStats(
        prompt_tokens=r.prompt_tokens,
        prompt_tokens_evaluated=r.prompt_tokens,
        prompt_eval_seconds=0.0,
        ttft_seconds=r.ttft_seconds or 0.0,
        completion_tokens=r.completion_tokens,
        decode_seconds=0.0,
        decode_tok_s=r.tokens_per_second or 0.0,
        prompt_tok_s=0.0,
        total_seconds=r.total_seconds,
    )


def _reply(turn: int, r: CellResult, saved: StoredTurn, pane: int) -> PaneReply:
    logprobs = saved.logprobs[pane] if pane < len(saved.logprobs) else None
    ids = saved.token_ids[pane] if pane < len(saved.token_ids) else None
    failed = r.finish_reason == "error"
    return PaneReply(
        turn=turn,
        user_text=r.prompt.user,
        text=r.output,
        tokens=_tokens(logprobs) if logprobs is not None else (),
        finish_reason=r.finish_reason,
        stats=None if failed else _stats(r),
        params=r.params,
        seed=r.seed,
        provenance=Provenance(r.backend, r.server_version, r.model_path) if r.backend else None,
        error=plain(r.error) if r.error else None,
        model_prompt=r.model_prompt,
        saved_ids=ids if logprobs is None else None,
    )
