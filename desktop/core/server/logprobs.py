"""Token logprobs in OpenAI's two shapes: chat's `content` list and legacy completions' lists.

Chat: one entry per token, {"token", "logprob", "bytes", "top_logprobs": [{"token", "logprob",
"bytes"}]}. Legacy completions: parallel lists `tokens`, `token_logprobs`, `top_logprobs`
(one {token: logprob} dict per token) and `text_offset`. A token that ends inside a UTF-8
character is named "bytes:\\xe4\\xbd" as OpenAI names it, its `bytes` exact; JSON has no
-Infinity, so an impossible token reads -9999.0 as in OpenAI's answers. A token whose
probability the backend did not report (llama-server drops it for a token that ends inside a
UTF-8 character) has no entry: the shape has no place for an unknown logprob.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from desktop.core.engine.protocol import Token

Lookup = Callable[[int, str], bytes]  # (token id, display text) -> the token's bytes
FLOOR = -9999.0


def token_name(piece: bytes) -> str:
    try:
        return piece.decode("utf-8")
    except UnicodeDecodeError:
        return "bytes:" + "".join(f"\\x{b:02x}" for b in piece)


def finite(logprob: float | None) -> float | None:
    if logprob is None:
        return None
    return logprob if math.isfinite(logprob) else FLOOR


def chat_content(tokens: Sequence[Token], top_n: int, lookup: Lookup) -> list[dict[str, Any]]:
    out = []
    for token in tokens:
        if token.logprob is None:
            continue
        alternatives = []
        for alt in (token.top or ())[:top_n]:
            raw = lookup(alt.id, alt.text)
            alternatives.append(
                {"token": token_name(raw), "logprob": finite(alt.logprob), "bytes": list(raw)}
            )
        out.append(
            {
                "token": token_name(token.piece),
                "logprob": finite(token.logprob),
                "bytes": list(token.piece),
                "top_logprobs": alternatives,
            }
        )
    return out


def chat_logprobs(tokens: Sequence[Token], top_n: int, lookup: Lookup) -> dict[str, Any]:
    return {"content": chat_content(tokens, top_n, lookup), "refusal": None}


def completion_logprobs(
    tokens: Sequence[Token], top_n: int, lookup: Lookup, offset: int
) -> dict[str, Any]:
    """`offset`: characters before the first token (the prompt's length, as OpenAI counts)."""
    names, logprobs, tops, offsets = [], [], [], []
    for token in tokens:
        if token.logprob is None:
            offset += len(token.text)
            continue
        names.append(token_name(token.piece))
        logprobs.append(finite(token.logprob))
        top: dict[str, float | None] = {}
        for alt in (token.top or ())[:top_n]:
            name = token_name(lookup(alt.id, alt.text))
            top.setdefault(name, finite(alt.logprob))  # tokens with equal text: the likelier
        tops.append(top)
        offsets.append(offset)
        offset += len(token.text)
    return {
        "tokens": names,
        "token_logprobs": logprobs,
        "top_logprobs": tops,
        "text_offset": offsets,
    }
