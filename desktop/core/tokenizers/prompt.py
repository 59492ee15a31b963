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
    used_fallback: bool  # the tokenizer has no chat template: a built-in was chosen for it
    context_length: int | None
    template: Any = None  # TemplateChoice for a model's vocabulary: which template and why

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
    override: str | None = None,
) -> PromptTokens:
    """Render `messages` (ChatMessage or {"role", "content"}) and tokenize the result.

    A model's vocabulary gets the template the engine would use (its own, the per-model
    `override`, or a built-in chosen for it, earlier thinking stripped as the engine does).
    Special tokens in the rendered text are parsed (that is what the model sees), and a BOS
    the model adds by itself is added unless the template already wrote it.
    """
    from desktop.core.templates.chat_template import ChatTemplateError, render_chat

    choice = None
    path = getattr(tokenizer, "path", None)
    if template is None and path is not None:
        from desktop.core.gguf import GGUFError, read_gguf_meta
        from desktop.core.templates.choice import choose_chat_template
        from desktop.core.templates.thinking import without_thinking

        try:
            meta = read_gguf_meta(path, check_architecture=False)
        except GGUFError as exc:
            raise TokenizerError(exc.user_message, exc.user_hint) from None
        choice = choose_chat_template(meta, override)
        template = choice.template
        if choice.strip_thinking:
            messages = without_thinking(messages)

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
        used_fallback=rendered.used_fallback or bool(choice and choice.is_fallback),
        context_length=context_length or tokenizer.context_length,
        template=choice,
    )
