"""Where two replies of the same model part ways: the first token whose id differs.

Only replies whose tokens come from the same vocabulary are compared (the same model file, or
the same model on the same server), and only when every token carries its id: a server that
streams text without ids cannot say where replies diverge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.engine.protocol import Token


@dataclass(frozen=True)
class DivergedToken:
    id: int
    text: str


@dataclass(frozen=True)
class Divergence:
    """Panes `a` and `b` agree on tokens [0, index); `token_a`/`token_b` are their tokens at
    `index` (None: that reply ended there)."""

    a: int
    b: int
    index: int
    token_a: DivergedToken | None
    token_b: DivergedToken | None

    def to_dict(self) -> dict[str, object]:
        return {
            "panes": [self.a, self.b],
            "index": self.index,
            "tokens": [
                None if t is None else {"id": t.id, "text": t.text}
                for t in (self.token_a, self.token_b)
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Divergence:
        """Inverse of `to_dict`; raises ValueError (or KeyError, TypeError) on a bad one."""
        a, b = (int(x) for x in data["panes"])
        tokens = [
            None if t is None else DivergedToken(int(t["id"]), str(t["text"]))
            for t in data["tokens"]
        ]
        return cls(a, b, int(data["index"]), tokens[0], tokens[1])


def first_difference(ids_a: Sequence[int], ids_b: Sequence[int]) -> int | None:
    """The first index where the two id lists differ (the shorter one's length when one is a
    prefix of the other); None when they are equal."""
    for i, (x, y) in enumerate(zip(ids_a, ids_b, strict=False)):
        if x != y:
            return i
    if len(ids_a) == len(ids_b):
        return None
    return min(len(ids_a), len(ids_b))


def has_ids(tokens: Sequence[Token]) -> bool:
    return all(t.id >= 0 for t in tokens)


def _at(tokens: Sequence[Token], index: int) -> DivergedToken | None:
    if index >= len(tokens):
        return None
    token = tokens[index]
    # A server may give a chunk's text on its last token only: the piece is then empty.
    text = token.piece.decode("utf-8", "replace") if token.piece else token.text
    return DivergedToken(token.id, text)


def diverge(
    a: int, tokens_a: Sequence[Token], b: int, tokens_b: Sequence[Token]
) -> Divergence | None:
    """The divergence of two replies of the same model, None when they are identical."""
    index = first_difference([t.id for t in tokens_a], [t.id for t in tokens_b])
    if index is None:
        return None
    return Divergence(a, b, index, _at(tokens_a, index), _at(tokens_b, index))


def divergences(
    replies: Sequence[tuple[int, object, Sequence[Token]]],
) -> tuple[tuple[Divergence, ...], tuple[tuple[int, int], ...]]:
    """For (pane, model key, tokens) of one turn: the divergences of every pair with the same
    model key and ids, and the pairs found identical."""
    found: list[Divergence] = []
    same: list[tuple[int, int]] = []
    for i, (a, key_a, tokens_a) in enumerate(replies):
        for b, key_b, tokens_b in replies[i + 1 :]:
            if key_a != key_b or not (has_ids(tokens_a) and has_ids(tokens_b)):
                continue
            d = diverge(a, tokens_a, b, tokens_b)
            if d is None:
                same.append((a, b))
            else:
                found.append(d)
    return tuple(found), tuple(same)
