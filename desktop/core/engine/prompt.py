"""Turn a GenerateRequest into prompt token ids, and make them fit the context.

Chat messages go through the model's chat template (`ModelInfo.template`: its own, the user's,
or a llama.cpp built-in; earlier replies lose their <think> blocks unless the model's own
template decides that); raw text is
tokenized as is; token ids are checked and used. Overflow policies: "stop" refuses a prompt
that leaves no room to reply; "truncate_middle" drops the oldest non-system messages (or the
middle tokens of a raw prompt); "rolling_window" keeps the latest tokens, and during the reply
slides the KV cache instead of ending with "context_full".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.core.engine import errors as E
from desktop.core.engine.errors import EngineError
from desktop.core.engine.protocol import GenerateRequest
from desktop.core.templates.chat_template import ChatTemplateError, render_chat
from desktop.core.templates.thinking import without_thinking


def render_messages(
    rt: Any,
    messages: Sequence[Any],
    *,
    add_generation_prompt: bool = True,
    continue_last: bool = False,
    tools: Sequence[Any] | None = None,
) -> tuple[str, list[int]]:
    """The exact prompt text for `messages` and its token ids (as the model will see them).

    `tools` (OpenAI-shaped definitions) reach the template as its `tools` variable."""
    info = rt.info
    if info.template is not None and info.template.strip_thinking:
        messages = without_thinking(messages, keep_last=continue_last)
    try:
        text = render_chat(
            messages,
            info.chat_template,
            add_generation_prompt=add_generation_prompt,
            continue_last=continue_last,
            bos_token=info.bos_token or "",
            eos_token=info.eos_token or "",
            extra={"tools": list(tools)} if tools else None,
        ).text
    except ChatTemplateError as exc:
        raise EngineError.from_user_error("bad_request", exc, exc.detail) from None
    # Templates that write the BOS token themselves must not get a second one.
    add_special = rt.add_bos() and not (info.bos_token and text.startswith(info.bos_token))
    return text, rt.tokenize(text, add_special, True)


def build_prompt(rt: Any, req: GenerateRequest) -> list[int]:
    given = [x is not None for x in (req.text, req.token_ids, req.messages)]
    if sum(given) != 1:
        raise EngineError("bad_request", E.ONE_INPUT())
    if req.messages is not None:
        if not req.messages:
            raise EngineError("bad_request", E.NO_MESSAGES())
        _, tokens = render_messages(
            rt,
            req.messages,
            add_generation_prompt=req.add_generation_prompt and not req.continue_last,
            continue_last=req.continue_last,
            tools=req.tools,
        )
    elif req.text is not None:
        tokens = rt.tokenize(req.text, rt.add_bos(), True)
    else:
        tokens = [int(t) for t in req.token_ids or ()]
        for t in tokens:
            if not 0 <= t < rt.n_vocab:
                raise EngineError("bad_request", E.TOKEN_NOT_IN_VOCAB(id=t))
    if not tokens:
        bos = int(rt.L.llama_vocab_bos(rt.vocab))
        if bos < 0:
            raise EngineError("bad_request", E.EMPTY_PROMPT(), E.EMPTY_PROMPT_HINT())
        tokens = [bos]
    return tokens


def _room(rt: Any, req: GenerateRequest) -> int:
    """Tokens the prompt may use so the reply still has space."""
    n_ctx = rt.n_ctx
    want = req.params.max_tokens if req.params.max_tokens > 0 else n_ctx // 4
    reserve = max(1, min(want + len(req.forced_tokens), n_ctx // 2))
    return n_ctx - reserve


def fit_prompt(rt: Any, req: GenerateRequest, tokens: list[int]) -> list[int]:
    n_ctx = rt.n_ctx
    n_total = len(tokens) + len(req.forced_tokens)
    if req.overflow == "stop":
        if n_total >= n_ctx:
            raise EngineError(
                "context_full",
                E.PROMPT_TOO_LONG(n_tokens=n_total, n_ctx=n_ctx),
                E.PROMPT_TOO_LONG_HINT(),
            )
        return tokens
    if req.overflow == "rolling_window" and n_total < n_ctx:
        return tokens
    if req.overflow == "truncate_middle" and len(tokens) <= _room(rt, req):
        return tokens
    budget = _room(rt, req)
    if req.overflow == "truncate_middle" and req.messages is not None:
        kept = list(req.messages)
        while True:
            droppable = [i for i, m in enumerate(kept[:-1]) if m.role != "system"]
            if not droppable:
                break
            del kept[droppable[0]]
            _, tokens = render_messages(
                rt,
                kept,
                add_generation_prompt=req.add_generation_prompt and not req.continue_last,
                continue_last=req.continue_last,
                tools=req.tools,
            )
            if len(tokens) <= budget:
                return tokens
    if len(tokens) <= budget:
        return tokens
    if req.overflow == "truncate_middle":
        head = min(len(tokens) // 4, budget // 4)
        return tokens[:head] + tokens[len(tokens) - (budget - head) :]
    # rolling_window: keep the latest tokens (and a leading BOS).
    bos = int(rt.L.llama_vocab_bos(rt.vocab))
    if tokens and tokens[0] == bos:
        return [bos] + tokens[len(tokens) - (budget - 1) :]
    return tokens[len(tokens) - budget :]
