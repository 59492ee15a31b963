"""ComparisonRecorder: saves a compare session's finished turns as an experiment run.

Call `save()` when a turn finishes (from the thread that owns the store: the GUI thread in
the app); it saves every finished turn not saved yet, and the first call creates the experiment ("Compare: <first message>") and
its run. See desktop.core.store.comparisons for how a comparison maps onto the tables.
"""

from __future__ import annotations

from typing import Any

from desktop.core.compare.pane import PaneReply
from desktop.core.compare.session import CompareSession
from desktop.core.experiments.results import CellResult
from desktop.core.experiments.spec import Case, Cell, ExperimentSpec, PromptVersion, RunConfig
from desktop.core.store.comparisons import ComparisonRepository, pack_logprobs
from desktop.core.store.conversations import make_title
from desktop.core.store.logprobs import from_engine_tokens
from desktop.core.templates.variables import RenderedPrompt

MESSAGE_VERSION = PromptVersion(label="message", body="{{message}}", kind="chat")


def comparison_name(first_message: str) -> str:
    return f"Compare: {make_title(first_message)}"


def build_spec(session: CompareSession, name: str) -> ExperimentSpec:
    """The comparison as an experiment: its turns so far are the cases, its panes the configs."""
    configs = []
    for pane in session.panes:
        target = pane.target
        model = target.model or ""
        last = pane.replies[-1] if pane.replies else None
        if not target.is_local and last is not None and last.provenance is not None:
            model = last.provenance.model or model  # the model the server's default resolved to
        configs.append(
            RunConfig(
                label=pane.label,
                model_path=model,
                params=dict(target.params),
                load=dict(target.load) if target.is_local else {},
                backend="" if target.is_local else str(target.backend),
            )
        )
    cases = tuple(
        Case(f"{turn.index + 1}. {make_title(turn.text)}", {"message": turn.text})
        for turn in session.turns
        if turn.finished is not None
    )
    return ExperimentSpec(
        versions=(MESSAGE_VERSION,), cases=cases, configs=tuple(configs), name=name
    )


def compare_data(session: CompareSession) -> dict[str, Any]:
    """What only a comparison has, for the run snapshot (see store.comparisons)."""
    turns = []
    for turn in session.turns:
        if turn.finished is None:
            continue
        replies = [_reply(pane.replies, turn.index) for pane in session.panes]
        turns.append(
            {
                "text": turn.text,
                "seed": turn.seed,
                "token_ids": [
                    None if r is None or r.token_ids is None else list(r.token_ids) for r in replies
                ],
                # Per-token probabilities, so a reopened comparison shades its replies again.
                "logprobs": [_logprobs(r) for r in replies],
                "divergences": [d.to_dict() for d in turn.finished.divergences],
                "identical": [list(pair) for pair in turn.finished.identical],
            }
        )
    return {
        "targets": [t.to_dict() for t in session.targets],
        "labels": [p.label for p in session.panes],
        "history": [[m.role, m.content] for m in session.history],
        "schedule": session.schedule.to_dict(),
        "top_logprobs": session.top_logprobs,
        "turns": turns,
    }


def _logprobs(reply: PaneReply | None) -> str | None:
    if reply is None or not any(t.logprob is not None for t in reply.tokens):
        return None
    return pack_logprobs(from_engine_tokens(reply.tokens))


def _reply(replies: list[PaneReply], turn: int) -> PaneReply | None:
    return next((r for r in replies if r.turn == turn), None)


def cell_result(session: CompareSession, turn: int, pane_index: int) -> CellResult | None:
    pane = session.panes[pane_index]
    reply = _reply(pane.replies, turn)
    if reply is None:
        return None
    target = pane.target
    provenance = reply.provenance
    stats = reply.stats
    return CellResult(
        cell=Cell(0, turn, pane_index, 0),
        prompt=RenderedPrompt("chat", target.system_prompt(), reply.user_text),
        params=reply.params,
        seed=reply.seed,
        model_path=provenance.model if provenance else (target.model or ""),
        output=reply.text,
        model_prompt=reply.model_prompt,
        finish_reason=reply.finish_reason,
        prompt_tokens=stats.prompt_tokens if stats else 0,
        completion_tokens=reply.token_count,
        ttft_seconds=reply.ttft_seconds,
        tokens_per_second=reply.tokens_per_second,
        total_seconds=stats.total_seconds if stats else 0.0,
        error=str(reply.error) if reply.error is not None else "",
        backend=provenance.backend
        if provenance
        else ("local" if target.is_local else str(target.backend)),
        server_version=provenance.server_version if provenance else "",
    )


class ComparisonRecorder:
    """Saves `session`'s turns into `repo`; `result_ids[(turn, pane)]` for rating them."""

    def __init__(self, repo: ComparisonRepository, session: CompareSession) -> None:
        self.repo = repo
        self.session = session
        self.experiment_id: int | None = None
        self.run_id: int | None = None
        self.result_ids: dict[tuple[int, int], int] = {}
        self._saved: set[int] = set()
        self.name: str | None = None  # a resumed comparison keeps its (perhaps renamed) name

    def resume(
        self,
        experiment_id: int,
        run_id: int,
        result_ids: dict[tuple[int, int], int],
        name: str | None = None,
    ) -> None:
        """Goes on saving into a saved comparison whose turns the session has restored."""
        self.experiment_id, self.run_id = experiment_id, run_id
        self.result_ids = dict(result_ids)
        self.name = name
        self._saved = {t.index for t in self.session.turns if t.finished is not None}

    def _versions(self) -> str:
        seen: list[str] = []
        for pane in self.session.panes:
            for reply in pane.replies:
                p = reply.provenance
                if p is not None:
                    text = f"{p.backend}: {p.server_version}"
                    if text not in seen:
                        seen.append(text)
        return "; ".join(seen)

    def save(self) -> int:
        """Saves every finished turn not saved yet (creating the run on the first call);
        returns the run id."""
        pending = [
            t.index
            for t in self.session.turns
            if t.finished is not None and t.index not in self._saved
        ]
        name = self.name or (
            comparison_name(self.session.turns[0].text) if self.session.turns else "Compare"
        )
        spec = build_spec(self.session, name)
        data = compare_data(self.session)
        if self.run_id is None or self.experiment_id is None:
            self.experiment_id, self.run_id = self.repo.create(spec, data, self._versions())
        for turn in pending:
            results = [cell_result(self.session, turn, p.index) for p in self.session.panes]
            present = [r for r in results if r is not None]
            ids = self.repo.add_turn(
                self.experiment_id, self.run_id, spec, data, present, self._versions()
            )
            for result, result_id in zip(present, ids, strict=True):
                self.result_ids[(turn, result.cell.config)] = result_id
            self._saved.add(turn)
        return self.run_id

    def pick(self, turn: int, pane: int) -> None:
        assert self.run_id is not None, "save the turn first"
        self.repo.pick(self.run_id, turn, pane)

    def rate(self, turn: int, pane: int, rating: int | None) -> None:
        self.repo.rate(self.result_ids[(turn, pane)], rating)
