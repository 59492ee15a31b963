"""Prompt mode: the exact tokens a model receives for a conversation, through its chat template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.messages import plain
from desktop.core.tokenizers.base import Tokenization, Tokenizer, TokenizerError


@dataclass(frozen=True, eq=False)
class PromptTokens:
    tokenization: Tokenization
    used_fallback: bool  # the tokenizer has no chat template: ChatML was used
    context_length: int | None

    @property
    def text(self) -> str:
        return self.tokenization.text

    @property
    def n_tokens(self) -> int:
        return len(self.tokenization)

    @property
    def context_share(self) -> float | None:
        """Fraction of the context the prompt fills (None when the context length is unknown)."""
        if not self.context_length:
            return None
        return self.n_tokens / self.context_length


def tokenize_prompt(
    tokenizer: Tokenizer,
    messages: Sequence[Any],
    *,
    template: str | None = None,
    add_generation_prompt: bool = True,
    context_length: int | None = None,
) -> PromptTokens:
    """Render `messages` (ChatMessage or {"role", "content"}) and tokenize the result.

    Special tokens in the rendered text are parsed (that is what the model sees), and a BOS
    the model adds by itself is added unless the template already wrote it.
    """
    from desktop.core.templates.chat_template import ChatTemplateError, render_chat

    bos = getattr(tokenizer, "bos_token", None)
    eos = getattr(tokenizer, "eos_token", None)
    try:
        rendered = render_chat(
            messages,
            template if template is not None else tokenizer.chat_template,
            add_generation_prompt=add_generation_prompt,
            bos_token=bos,
            eos_token=eos,
        )
    except ChatTemplateError as exc:
        raise TokenizerError(exc.user_message, plain(exc.detail) if exc.detail else None) from None
    add_bos = bool(getattr(tokenizer, "adds_bos", False)) and not (
        bos and rendered.text.startswith(bos)
    )
    tokenization = tokenizer.tokenize(rendered.text, parse_special=True, add_special=add_bos)
    return PromptTokens(
        tokenization=tokenization,
        used_fallback=rendered.used_fallback,
        context_length=context_length or tokenizer.context_length,
    )
