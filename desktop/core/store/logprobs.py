"""Compact storage of per-token probabilities: zlib-compressed JSON arrays, versioned.

Layout after decompression: {"v": 1, "source": "raw", "t": [[id, text, logprob, [[id, text,
logprob], ...], forced], ...]}. Floats keep full precision, so a saved reply shows exactly what
was generated; zlib brings a top-5 reply to ~30-40 bytes per token.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable
from typing import Any

from desktop.core.store.records import MessageLogprobs, TokenAlternative, TokenLogprob

FORMAT_VERSION = 1


def _num(x: float | None) -> float | None:
    # JSON has no -inf/NaN; a banned token's -inf is stored as None.
    if x is None or not math.isfinite(x):
        return None
    return float(x)


def to_plain(logprobs: MessageLogprobs) -> dict[str, Any]:
    """The JSON-able form used both in the blob and in exports."""
    return {
        "v": FORMAT_VERSION,
        "source": logprobs.source,
        "t": [
            [
                t.id,
                t.text,
                _num(t.logprob),
                [[a.id, a.text, _num(a.logprob)] for a in t.alternatives],
                bool(t.forced),
            ]
            for t in logprobs.tokens
        ],
    }


def from_plain(data: Any) -> MessageLogprobs:
    """Inverse of `to_plain`; raises ValueError on anything malformed."""
    if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
        raise ValueError("unknown token probability format")
    source = data.get("source", "raw")
    rows = data.get("t")
    if not isinstance(source, str) or not isinstance(rows, list):
        raise ValueError("token probabilities must have a source and a token list")
    tokens = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 5):
            raise ValueError("each token must be [id, text, logprob, alternatives, forced]")
        tid, text, lp, alts, forced = row
        if not _is_int(tid) or not isinstance(text, str) or not _is_num_or_none(lp):
            raise ValueError("token id, text or logprob has the wrong type")
        if not isinstance(alts, list) or not isinstance(forced, bool):
            raise ValueError("token alternatives must be a list and forced a boolean")
        alternatives = []
        for alt in alts:
            if not (isinstance(alt, list) and len(alt) == 3):
                raise ValueError("each alternative must be [id, text, logprob]")
            aid, atext, alp = alt
            if not _is_int(aid) or not isinstance(atext, str) or not _is_num_or_none(alp):
                raise ValueError("alternative id, text or logprob has the wrong type")
            alternatives.append(
                TokenAlternative(aid, atext, float("-inf") if alp is None else float(alp))
            )
        tokens.append(
            TokenLogprob(tid, text, None if lp is None else float(lp), tuple(alternatives), forced)
        )
    return MessageLogprobs(tuple(tokens), source)


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_num_or_none(x: Any) -> bool:
    return x is None or (isinstance(x, (int, float)) and not isinstance(x, bool))


def encode(logprobs: MessageLogprobs | None) -> bytes | None:
    if logprobs is None:
        return None
    raw = json.dumps(to_plain(logprobs), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(raw.encode("utf-8"), 6)


def decode(blob: bytes | None) -> MessageLogprobs | None:
    if not blob:
        return None
    return from_plain(json.loads(zlib.decompress(blob).decode("utf-8")))


def from_engine_tokens(tokens: Iterable[Any], source: str = "raw") -> MessageLogprobs:
    """Builds the record from `desktop.core.engine.protocol.Token` objects (duck-typed)."""
    out = []
    for tok in tokens:
        top = getattr(tok, "top", None) or ()
        out.append(
            TokenLogprob(
                id=int(tok.id),
                text=tok.text,
                logprob=tok.logprob,
                alternatives=tuple(TokenAlternative(int(a.id), a.text, a.logprob) for a in top),
                forced=bool(getattr(tok, "forced", False)),
            )
        )
    return MessageLogprobs(tuple(out), source)
