"""Puts retrieved chunks into a chat turn through a visible, editable template.

The template is the user message the model receives: `{context}` becomes the numbered chunks
(each through `chunk_format`), `{question}` what the user typed. Placeholders are replaced
literally, so braces inside documents (code!) are never read as template syntax. English and
Chinese defaults are given; the user's edit is a setting (`TEMPLATE_SETTING`). The result keeps
exactly what was injected and, given the chat model's token counter, what it cost: the tokens
of the whole message minus those of the question alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.knowledge.retrieval import Citation, RetrievalHit, RetrievalResult
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError

TEMPLATE_SETTING = "knowledge.injection_template"  # {"body": ..., "chunk_format": ...}

DEFAULT_BODY_EN = (
    "Answer the question using the numbered excerpts below. Cite the excerpts you use as [1], "
    "[2]. If they do not contain the answer, say so.\n\n{context}\n\nQuestion: {question}"
)
DEFAULT_BODY_ZH = (
    "请根据下面编号的资料回答问题，并用 [1]、[2] 这样的编号注明引用的资料。"
    "如果资料中没有答案，请直接说明。\n\n{context}\n\n问题：{question}"
)
DEFAULT_CHUNK_FORMAT = "[{number}] {source}\n{text}"

MISSING_PLACEHOLDER = MessageSpec(
    "knowledge.template_placeholder",
    QT_TRANSLATE_NOOP("CoreMessages", "The knowledge template must contain {placeholder}."),
)


class TemplateError(UserError):
    pass


@dataclass(frozen=True)
class InjectionTemplate:
    body: str = DEFAULT_BODY_EN
    chunk_format: str = DEFAULT_CHUNK_FORMAT
    separator: str = "\n\n"

    def check(self) -> None:
        for placeholder in ("{context}", "{question}"):
            if placeholder not in self.body:
                raise TemplateError(MISSING_PLACEHOLDER(placeholder=placeholder))
        if "{text}" not in self.chunk_format:
            raise TemplateError(MISSING_PLACEHOLDER(placeholder="{text}"))

    def to_dict(self) -> dict[str, str]:
        return {"body": self.body, "chunk_format": self.chunk_format, "separator": self.separator}

    @classmethod
    def from_dict(cls, data: Any, language: str = "en") -> InjectionTemplate:
        default = default_template(language)
        if not isinstance(data, dict):
            return default
        return cls(
            str(data.get("body") or default.body),
            str(data.get("chunk_format") or default.chunk_format),
            str(data.get("separator") if data.get("separator") is not None else "\n\n"),
        )


def default_template(language: str = "en") -> InjectionTemplate:
    """The Chinese default for zh* languages, else the English one."""
    if language.lower().replace("-", "_").startswith("zh"):
        return InjectionTemplate(DEFAULT_BODY_ZH)
    return InjectionTemplate()


@dataclass(frozen=True)
class InjectedContext:
    """One turn's injection: `text` is the user message exactly as the model receives it."""

    question: str
    text: str
    context: str  # the numbered chunks as placed into the template
    template: InjectionTemplate
    hits: tuple[RetrievalHit, ...]
    tokens: int | None  # what the injection added, in the chat model's tokens
    dropped: int = 0  # hits left out to stay within `max_tokens`

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(h.citation for h in self.hits)

    def citation_dicts(self) -> list[dict[str, Any]]:
        """Self-contained citations to save with the reply (they survive a re-index)."""
        out = []
        for hit in self.hits:
            d = hit.citation.to_dict()
            d.update(
                chunk_id=hit.chunk.id,
                base=hit.base_name,
                text=hit.chunk.text,
                bm25=hit.bm25,
                vector=hit.vector,
                fused=hit.fused,
            )
            out.append(d)
        return out


def source_label(citation: Citation) -> str:
    return f"({citation.file_name}, {citation.location})"


def render(
    template: InjectionTemplate, question: str, hits: Sequence[RetrievalHit]
) -> tuple[str, str]:
    """(the whole message, its context part)."""
    blocks = []
    for number, hit in enumerate(hits, 1):
        block = template.chunk_format
        for key, value in (
            ("{number}", str(number)),
            ("{source}", source_label(hit.citation)),
            ("{path}", hit.citation.path),
            ("{text}", hit.chunk.text),
        ):
            block = block.replace(key, value)
        blocks.append(block)
    context = template.separator.join(blocks)
    # {question} last: a question that contains "{context}" stays as typed.
    text = template.body.replace("{context}", context).replace("{question}", question)
    return text, context


def inject(
    question: str,
    result: RetrievalResult,
    template: InjectionTemplate | None = None,
    *,
    count_tokens: Callable[[str], int] | None = None,
    max_tokens: int | None = None,
) -> InjectedContext:
    """The user message with the retrieved chunks, renumbered from 1.

    With `count_tokens` (the chat model's), `tokens` is the injection's cost, and the
    lowest-ranked hits are dropped until it is at most `max_tokens`. No hits: the question is
    sent as typed, at no cost.
    """
    template = template or InjectionTemplate()
    template.check()
    hits = list(result.hits)
    if not hits:
        return InjectedContext(question, question, "", template, (), 0 if count_tokens else None)
    base_cost = count_tokens(question) if count_tokens else 0
    dropped = 0
    while True:
        numbered = [_renumber(h, i) for i, h in enumerate(hits, 1)]
        text, context = render(template, question, numbered)
        tokens = count_tokens(text) - base_cost if count_tokens else None
        if max_tokens is None or tokens is None or tokens <= max_tokens or len(hits) <= 1:
            break
        hits.pop()
        dropped += 1
    return InjectedContext(question, text, context, template, tuple(numbered), tokens, dropped)


def _renumber(hit: RetrievalHit, number: int) -> RetrievalHit:
    from dataclasses import replace

    if hit.citation.number == number:
        return hit
    return replace(hit, citation=replace(hit.citation, number=number))
