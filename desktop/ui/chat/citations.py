"""What knowledge did for one reply (`ReplyKnowledge`), and its citations under the reply.

A reply that answered from knowledge bases shows, under its text, the numbered sources the
prompt contained (file, lines or pages, a snippet), what the injection cost in tokens of the
context, and a link to exactly what the model received. `[n]` links open the chunk.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.engine.protocol import ChatMessage
from desktop.ui.knowledge.labels import citation_location

CITE_ACTION = "cite:"  # "action:cite:<number>" in the footer
INJECTED_ACTION = "injected"  # "action:injected": what the model received
SNIPPET_CHARS = 110
NOTE_COLOR = "#b06000"


@dataclass(eq=False)
class ReplyKnowledge:
    """The citations of one reply and what went into its prompt (saved with the reply)."""

    question: str
    injected_text: str  # the user message exactly as the model received it
    tokens: int | None  # what the injection added, in the chat model's tokens
    citations: tuple[dict[str, Any], ...]  # self-contained: path, lines, text, scores, base
    template: str = ""
    notes: tuple[str, ...] = ()  # translated remarks, e.g. "searched by words only (...)"
    messages: tuple[ChatMessage, ...] | None = None  # the request's messages (this session)
    tools: tuple[dict, ...] | None = None  # the tools its prompt offered (an agent step's)

    @classmethod
    def from_injected(
        cls,
        injected: Any,
        notes: tuple[str, ...] = (),
        messages: tuple[ChatMessage, ...] | None = None,
    ) -> ReplyKnowledge:
        return cls(
            injected.question,
            injected.text,
            injected.tokens,
            tuple(injected.citation_dicts()),
            injected.template.body,
            notes,
            messages,
        )

    @classmethod
    def from_record(cls, record: Any) -> ReplyKnowledge:
        """A saved injection (`KnowledgeRepository.injection`)."""
        return cls(
            record.query,
            record.injected_text,
            record.injected_tokens,
            tuple(record.citations),
            record.template,
        )

    def citation(self, number: int) -> dict[str, Any] | None:
        for c in self.citations:
            if c.get("number") == number:
                return c
        return None


def citations_html(
    knowledge: ReplyKnowledge | None, color: str, tokens_text: Callable[[int], str]
) -> str:
    """The sources block under a reply ("" without knowledge); `tokens_text(n)` is "n tokens"
    in the user's language (the delegate's plural)."""
    if knowledge is None:
        return ""
    head = []
    if knowledge.citations:
        sources = QCoreApplication.translate("Citations", "Sources")
        head.append("<b>" + html.escape(sources) + "</b>")
    else:
        nothing = QCoreApplication.translate(
            "Citations", "Nothing in the attached knowledge matched this message."
        )
        head.append(html.escape(nothing))
    if knowledge.tokens is not None and knowledge.citations:
        cost = QCoreApplication.translate("Citations", "%1 of context")
        head.append(html.escape(cost.replace("%1", tokens_text(knowledge.tokens))))
    label = QCoreApplication.translate("Citations", "What the model received")
    head.append(f'<a href="action:{INJECTED_ACTION}">{html.escape(label)}</a>')
    lines = [" · ".join(head)]
    for note in knowledge.notes:
        lines.append(f'<span style="color:{NOTE_COLOR}">{html.escape(note)}</span>')
    for c in knowledge.citations:
        number = int(c.get("number", 0))
        snippet = " ".join(str(c.get("snippet") or c.get("text") or "").split())
        if len(snippet) > SNIPPET_CHARS:
            snippet = snippet[: SNIPPET_CHARS - 1] + "…"
        where = ", ".join(
            part for part in (Path(str(c.get("path", ""))).name, citation_location(c)) if part
        )
        lines.append(
            f'<a href="action:{CITE_ACTION}{number}">[{number}]</a> '
            f"{html.escape(where)} — <i>{html.escape(snippet)}</i>"
        )
    return f'<p style="color:{color}; font-size:small;">{"<br>".join(lines)}</p>'
