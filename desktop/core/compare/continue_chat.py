"""Continue a pane as a normal chat: a saved conversation holding that pane's history.

The conversation gets the pane's model, system prompt and settings; its messages are the chat
the comparison started from (if any), then each turn's user message as the pane sent it and
the pane's own reply, with where it was generated, its stats and, when the comparison asked
for them, its per-token probabilities. Works from a live session or a saved comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core.compare.pane import PaneReply
from desktop.core.compare.session import CompareSession
from desktop.core.engine.options import SAMPLING_FIELDS, params_to_dict
from desktop.core.engine.protocol import ChatMessage
from desktop.core.store.comparisons import StoredComparison
from desktop.core.store.conversations import make_title
from desktop.core.store.logprobs import from_engine_tokens
from desktop.core.store.messages import stats_to_dict
from desktop.core.store.records import Conversation, MessageLogprobs

TITLE_HEAD = 32  # characters of the first message in the title; the pane's label follows
_STATUS = {"cancelled": "cancelled", "interrupted": "interrupted", "error": "error"}


@dataclass(frozen=True)
class Exchange:
    """One turn of one pane: the user's message and the pane's reply."""

    user: str
    reply: str
    finish_reason: str
    model: str
    backend: str | None
    server_version: str | None
    params: Mapping[str, Any] = field(default_factory=dict)
    stats: Mapping[str, Any] | None = None
    error: str | None = None
    logprobs: MessageLogprobs | None = None

    @property
    def status(self) -> str:
        return _STATUS.get(self.finish_reason, "complete")


@dataclass(frozen=True)
class PaneTranscript:
    label: str
    model: str
    system: str
    settings: Mapping[str, Any]  # the pane's sampling settings, for the conversation
    history: tuple[ChatMessage, ...]
    exchanges: tuple[Exchange, ...]


def _settings(template_params: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    merged = {k: v for k, v in template_params.items() if k in SAMPLING_FIELDS}
    merged.update(params)
    return merged


def _exchange(reply: PaneReply, fallback_model: str, backend: str | None) -> Exchange:
    provenance = reply.provenance
    logprobs = None
    if reply.tokens and any(t.logprob is not None for t in reply.tokens):
        logprobs = from_engine_tokens(reply.tokens)
    return Exchange(
        user=reply.user_text,
        reply=reply.text,
        finish_reason=reply.finish_reason,
        model=provenance.model if provenance else fallback_model,
        backend=provenance.backend if provenance else backend,
        server_version=provenance.server_version if provenance else None,
        params=params_to_dict(reply.params),
        stats=stats_to_dict(reply.stats),
        error=str(reply.error) if reply.error is not None else None,
        logprobs=logprobs,
    )


def transcript_from_pane(session: CompareSession, pane_index: int) -> PaneTranscript:
    pane = session.panes[pane_index]
    target = pane.target
    backend = "local" if target.is_local else target.backend
    exchanges = tuple(_exchange(r, target.model or "", backend) for r in pane.replies)
    model = next((e.model for e in reversed(exchanges) if e.model), target.model or "")
    template_params = target.template.params if target.template else {}
    return PaneTranscript(
        label=pane.label,
        model=model,
        system=target.system_prompt(),
        settings=_settings(template_params, target.params),
        history=tuple(m for m in session.history if m.role != "system"),
        exchanges=exchanges,
    )


def transcript_from_stored(comparison: StoredComparison, pane_index: int) -> PaneTranscript:
    config = comparison.run.spec.configs[pane_index]
    results = sorted(
        (s.result for s in comparison.run.results if s.result.cell.config == pane_index),
        key=lambda r: r.cell.case,
    )
    exchanges = tuple(
        Exchange(
            user=r.prompt.user,
            reply=r.output,
            finish_reason=r.finish_reason,
            model=r.model_path or config.model_path,
            backend=r.backend or None,
            server_version=r.server_version or None,
            params=params_to_dict(r.params),
            stats={
                "prompt_tokens": r.prompt_tokens,
                "completion_tokens": r.completion_tokens,
                "ttft_seconds": r.ttft_seconds,
                "decode_tok_s": r.tokens_per_second,
                "total_seconds": r.total_seconds,
            },
            error=r.error or None,
        )
        for r in results
    )
    target = comparison.targets[pane_index] if pane_index < len(comparison.targets) else None
    template_params = target.template.params if target and target.template else {}
    system = results[0].prompt.system if results else (target.system_prompt() if target else "")
    return PaneTranscript(
        label=config.label,
        model=config.model_path,
        system=system,
        settings=_settings(template_params, config.params),
        history=tuple(m for m in comparison.history if m.role != "system"),
        exchanges=exchanges,
    )


def continue_as_chat(store: Any, transcript: PaneTranscript) -> Conversation:
    """Creates the conversation (in `store`, an open desktop.core.store Store); returns it."""
    first = next((m.content for m in transcript.history if m.role == "user"), None)
    if first is None and transcript.exchanges:
        first = transcript.exchanges[0].user
    head = make_title(first or "")
    if len(head) > TITLE_HEAD:
        head = head[: TITLE_HEAD - 1].rstrip() + "…"
    title = f"{head} · {transcript.label}" if head else transcript.label
    conversation = store.conversations.create(
        title=title,
        model=transcript.model or None,
        system_prompt=transcript.system,
        sampling_params=dict(transcript.settings),
    )
    for message in transcript.history:
        store.messages.append(conversation.id, message.role, message.content)
    for exchange in transcript.exchanges:
        store.messages.append_user(conversation.id, exchange.user)
        reply = store.messages.start_assistant(
            conversation.id,
            model=exchange.model or None,
            params=dict(exchange.params),
            backend=exchange.backend,
            server_version=exchange.server_version,
        )
        store.messages.finish(
            reply.id,
            exchange.reply,
            status=exchange.status,
            finish_reason=exchange.finish_reason,
            stats=exchange.stats,
            logprobs=exchange.logprobs,
            error=exchange.error,
        )
    return store.conversations.get(conversation.id)
